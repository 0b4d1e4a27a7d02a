import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { type AppContext, type WorkbookSession } from '../context.js';
import { runInWorker } from '../jobs/worker-pool.js';
import { markDamaged, takeUnchecked } from '../workbook/workbook-damage.js';
import { copyWorkbook, needsDailyBackup, publishBackup } from './backup-store.js';

/**
 * The integrity check of a large workbook, run after it has opened (workbook-file.ts skips
 * quick_check above `integrityCheck.backgroundAboveBytes`, so the window opens at once).
 *
 * The check cannot read the workbook file itself off the main thread: the session holds it in
 * SQLite's exclusive locking mode, and SQLite's locks are per process, so a second connection in
 * a worker thread gets SQLITE_BUSY (better-sqlite3 is built without URI filenames, so `immutable=1`
 * is not available either). quick_check on the main connection is one call that reads every
 * page. So the main connection makes a consistent copy with the online backup API, which
 * better-sqlite3 runs in steps between event-loop turns and which copies pages verbatim (damaged
 * pages too), under the write lock so no half-done chunked write is copied; a worker thread then
 * runs quick_check on the copy. A whole copy becomes the day's automatic backup when one is due
 * (so a damaged file never lands in the backup folder as one), otherwise it is removed. A damaged
 * one turns the session read-only — after any write already queued — and the page is told by the
 * `workbook:damaged` event. Faults (disk full for the copy) go to the fault log: the clerk keeps
 * working, as with a failed daily backup.
 */
export async function checkInBackground(ctx: AppContext, session: WorkbookSession, now: Date = new Date()): Promise<void> {
  const { db, path } = session;
  let copy: string | null = null;
  try {
    copy = await session.writes.run(() => (ctx.session === session && db.open ? copyWorkbook(db, path) : null));
    if (copy === null) return;
    const whole = await runInWorker('quickCheckFile', [copy]);
    if (whole) {
      // The copy is in the workbook's backup folder, so its folder is the one to look in.
      if (needsDailyBackup(dirname(copy), now)) publishBackup(copy, path, '自动', { now });
      return;
    }
    await session.writes.run(() => {
      if (ctx.session !== session || !db.open) return;
      ctx.emit('workbook:damaged', { message: markDamaged(db, path) });
    });
  } catch (error) {
    ctx.faultLog?.log('backup:background-check', error);
  } finally {
    if (copy !== null) rmSync(copy, { force: true });
  }
}

/** Starts {@link checkInBackground} for a session opened without its quick_check; a no-op for any other. */
export function startBackgroundCheck(ctx: AppContext, session: WorkbookSession): void {
  if (takeUnchecked(session.db)) void checkInBackground(ctx, session);
}
