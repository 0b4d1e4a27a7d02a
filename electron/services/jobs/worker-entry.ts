import { parentPort } from 'node:worker_threads';
import { type WorkerReply, type WorkerRequest } from './worker-protocol.js';
import { type WorkerTaskName, workerTasks } from './worker-tasks.js';

// The worker side of worker-pool.ts: runs one task at a time and answers with its value or error.
const port = parentPort;
if (port === null) throw new Error('worker-entry must run in a worker thread');

port.on('message', (request: WorkerRequest) => {
  void answer(request).then((reply) => {
    try {
      port.postMessage(reply);
    } catch (error) {
      // A value that cannot cross the thread boundary is a programming error, reported as a fault.
      port.postMessage({ id: request.id, ok: false, userFacing: false, message: String(error), stack: undefined } satisfies WorkerReply);
    }
  });
});

async function answer({ id, task, args }: WorkerRequest): Promise<WorkerReply> {
  try {
    const run = workerTasks[task as WorkerTaskName] as (...a: unknown[]) => unknown;
    if (typeof run !== 'function') throw new Error(`unknown worker task ${task}`);
    return { id, ok: true, value: await run(...args) };
  } catch (error) {
    const userFacing = error instanceof Error && error.name === 'UserFacingError';
    const message = error instanceof Error ? error.message : String(error);
    return { id, ok: false, userFacing, message, stack: error instanceof Error ? error.stack : undefined };
  }
}
