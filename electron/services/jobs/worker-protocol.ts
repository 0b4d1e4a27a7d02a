/** A task sent to a worker of the pool (worker-pool.ts → worker-entry.ts). */
export interface WorkerRequest {
  id: number;
  task: string;
  args: unknown[];
}

/**
 * A worker's answer: the task's value, or its error. `userFacing` marks a UserFacingError, whose
 * Chinese message is shown to the clerk as is; the class itself does not survive the thread hop.
 */
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; userFacing: boolean; message: string; stack: string | undefined };
