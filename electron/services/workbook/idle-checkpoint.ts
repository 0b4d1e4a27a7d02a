import { type Database } from 'better-sqlite3';

/**
 * Pages the WAL may collect before SQLite copies it into the workbook inside a commit (about
 * 32 MB). SQLite's default of 1000 pages put that copy — several times a save's own cost — into
 * every ~200th keystroke; now only a long burst of writes with no pause (a script, a huge
 * paste) reaches it.
 */
export const WAL_CHECKPOINT_CAP_PAGES = 8000;

/** A pause in writing this long, and the WAL is copied into the workbook file. */
export const IDLE_CHECKPOINT_MS = 1000;

const pending = new WeakMap<Database, NodeJS.Timeout>();

/**
 * Copies the WAL into the workbook file once writing pauses, so a save never waits for it. The
 * WAL with synchronous=FULL already made each save durable; the copy only keeps the WAL short.
 * Called after every committed write: each call moves the pause's start.
 */
export function checkpointWhenIdle(db: Database): void {
  const timer = pending.get(db);
  if (timer) {
    timer.refresh();
    return;
  }
  const created = setTimeout(() => {
    pending.delete(db);
    // A chunked write holds its transaction across yields: its own commit will call again.
    if (!db.open || db.inTransaction) return;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // The disk may refuse just now; the next checkpoint, or closing the workbook, copies the WAL.
    }
  }, IDLE_CHECKPOINT_MS);
  // Never the reason a CLI run or a test keeps the process alive.
  created.unref();
  pending.set(db, created);
}
