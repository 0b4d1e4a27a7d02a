import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { type AppContext } from '../context.js';

/**
 * Runs `work` over `items` one at a time, emitting `job:progress` before the first and after
 * each item and yielding to the event loop in between, so a batch of 15 township returns never
 * holds the host's loop (IPC, the browser host's HTTP server) for the whole job.
 * @param label Chinese label shown with the progress bar, e.g. "导出 园区月报".
 */
export async function runChunked<T, R>(ctx: Pick<AppContext, 'emit'>, label: string, items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const jobId = randomUUID();
  const total = items.length;
  const results: R[] = [];
  ctx.emit('job:progress', { jobId, done: 0, total, label });
  for (const [index, item] of items.entries()) {
    results.push(await work(item, index));
    ctx.emit('job:progress', { jobId, done: index + 1, total, label });
    await yieldToEventLoop();
  }
  return results;
}
