import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { type AppContext } from '../context.js';
import { UserFacingError } from '../user-facing-error.js';

/** Jobs running in this host, by id; a cancel request marks one. */
const running = new Map<string, { cancelled: boolean; abort: AbortController }>();

/**
 * Stops a running job: the item it is working on is abandoned at once when its work honours the
 * signal (a worker-thread task is terminated), else the job stops after that item. Returns false
 * when no such job runs (it already finished).
 */
export function cancelJob(jobId: string): boolean {
  const job = running.get(jobId);
  if (!job) return false;
  job.cancelled = true;
  job.abort.abort();
  return true;
}

/**
 * Runs `work` over `items` one at a time, emitting `job:progress` before the first and after
 * each item and yielding to the event loop in between, so a batch of 15 township returns never
 * holds the host's loop (IPC, the browser host's HTTP server) for the whole job.
 * A `jobs:cancel` for the job's id stops it between items, or within an item whose `work` passes
 * the given signal on (e.g. to runInWorker, which terminates its worker): `undo` is given what was
 * done so far (e.g. to delete the files already written), and the clerk gets a Chinese message.
 * @param label Chinese label shown with the progress bar, e.g. "导出 园区月报".
 */
export async function runChunked<T, R>(
  ctx: Pick<AppContext, 'emit'>,
  label: string,
  items: readonly T[],
  work: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  undo: (done: R[]) => Promise<void> = () => Promise.resolve(),
): Promise<R[]> {
  const jobId = randomUUID();
  const job = { cancelled: false, abort: new AbortController() };
  running.set(jobId, job);
  const total = items.length;
  const results: R[] = [];
  try {
    ctx.emit('job:progress', { jobId, done: 0, total, label });
    for (const [index, item] of items.entries()) {
      await yieldToEventLoop();
      const stop = async (): Promise<never> => {
        await undo(results);
        throw new UserFacingError(`已取消${label}（完成 ${index}/${total}），已撤回本次写出的内容。`);
      };
      if (job.cancelled) await stop();
      try {
        results.push(await work(item, index, job.abort.signal));
      } catch (error) {
        // Whatever the abandoned item threw, the clerk asked to stop: that is the message.
        if (job.cancelled) await stop();
        throw error;
      }
      ctx.emit('job:progress', { jobId, done: index + 1, total, label });
    }
    return results;
  } finally {
    running.delete(jobId);
  }
}
