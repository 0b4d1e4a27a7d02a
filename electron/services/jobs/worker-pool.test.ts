import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { manyCellsXlsx } from '../../../tests/fixtures/oversized-files.js';
import { UserFacingError } from '../user-facing-error.js';
import { MAIN_THREAD_ID, runInWorker, workerTaskRecords } from './worker-pool.js';

/** Every cell of a 400 × 60 sheet rewritten: hundreds of milliseconds of CPU in the worker. */
function bigFill(): { template: Buffer; fills: Array<{ sheet: string; cell: string; value: { kind: 'number'; value: string } }> } {
  const template = manyCellsXlsx(400, 60);
  const letters = Array.from({ length: 60 }, (_, c) => (c < 26 ? String.fromCharCode(65 + c) : `${String.fromCharCode(64 + Math.floor(c / 26))}${String.fromCharCode(65 + (c % 26))}`));
  const fills = Array.from({ length: 400 * 60 }, (_, i) => ({ sheet: '表1', cell: `${letters[i % 60] ?? 'A'}${Math.floor(i / 60) + 1}`, value: { kind: 'number' as const, value: `${i}.5` } }));
  return { template, fills };
}

describe('worker pool', () => {
  it('fills a template in a worker thread and returns the package', async () => {
    const { template, fills } = bigFill();
    const bytes = await runInWorker('fillTemplate', [template, '大表.xlsx', fills.slice(0, 10)]);
    expect(Buffer.from(bytes).subarray(0, 2).toString('latin1')).toBe('PK');
    const record = workerTaskRecords().at(-1);
    expect(record).toMatchObject({ task: 'fillTemplate', outcome: 'done' });
    expect(record?.threadId).not.toBe(MAIN_THREAD_ID);
  });

  it('brings the Chinese message of a refusal back from the worker', async () => {
    const { template } = bigFill();
    const refusal = runInWorker('fillTemplate', [template, '县月报.xlsx', [{ sheet: '表9', cell: 'A1', value: { kind: 'number', value: '1' } }]]);
    await expect(refusal).rejects.toBeInstanceOf(UserFacingError);
    await expect(refusal).rejects.toThrow(/县月报\.xlsx.*没有名为“表9”/);
  });

  it('terminates the worker when cancelled mid-task, and the next task gets a fresh one', async () => {
    const { template, fills } = bigFill();
    const abort = new AbortController();
    const job = runInWorker('fillTemplate', [template, '大表.xlsx', fills], { signal: abort.signal });
    const outcome = job.then(() => 'finished', (error: unknown) => error);
    // Wait until the task is in the worker, then cancel while it is still working.
    while (workerTaskRecords().at(-1)?.outcome !== 'running') await nextTurn();
    const cancelled = workerTaskRecords().at(-1);
    abort.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(UserFacingError);
    expect(cancelled?.outcome).toBe('cancelled');

    const after = await runInWorker('readReturn', [template, '大表.xlsx', null]);
    expect(after.sheets[0]?.name).toBe('表1');
    expect(workerTaskRecords().at(-1)?.threadId).not.toBe(cancelled?.threadId);
  });
});
