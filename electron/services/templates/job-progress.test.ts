import { describe, expect, it } from 'vitest';
import { type ApiEvents } from '../../../shared/api/contract.js';
import { UserFacingError } from '../user-facing-error.js';
import { cancelJob, runChunked } from './job-progress.js';

describe('chunked jobs', () => {
  it('reports progress per item', async () => {
    const events: ApiEvents['job:progress'][] = [];
    const results = await runChunked({ emit: (_e, p) => events.push(p as ApiEvents['job:progress']) }, '导出', [1, 2, 3], (n) => Promise.resolve(n * 2));
    expect(results).toEqual([2, 4, 6]);
    expect(events.map((e) => `${e.done}/${e.total}`)).toEqual(['0/3', '1/3', '2/3', '3/3']);
  });

  it('stops between items when cancelled and undoes what was done', async () => {
    const undone: number[][] = [];
    let jobId = '';
    const job = runChunked(
      {
        emit: (_e, p) => {
          const progress = p as ApiEvents['job:progress'];
          jobId = progress.jobId;
          if (progress.done === 1) cancelJob(jobId);
        },
      },
      '导出“月报”',
      [1, 2, 3],
      (n) => Promise.resolve(n),
      (done) => {
        undone.push([...done]);
        return Promise.resolve();
      },
    );
    await expect(job).rejects.toThrow(UserFacingError);
    await expect(job).rejects.toThrow('已取消导出“月报”（完成 1/3）');
    expect(undone).toEqual([[1]]);
    expect(cancelJob(jobId)).toBe(false);
  });
});

describe('cancelling the item in progress', () => {
  it('aborts the signal the running item was given, so its worker can stop at once', async () => {
    let jobId = '';
    let seen: AbortSignal | null = null;
    const job = runChunked(
      { emit: (_e, p) => (jobId = (p as ApiEvents['job:progress']).jobId) },
      '导出“月报”',
      [1, 2],
      (_n, _i, signal) =>
        new Promise<number>((_resolve, reject) => {
          seen = signal;
          signal.addEventListener('abort', () => reject(new Error('stopped')));
          cancelJob(jobId);
        }),
    );
    await expect(job).rejects.toThrow('已取消导出“月报”（完成 0/2）');
    expect((seen as AbortSignal | null)?.aborted).toBe(true);
  });
});
