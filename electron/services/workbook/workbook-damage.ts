import { basename } from 'node:path';
import { type Database } from 'better-sqlite3';
import { UserFacingError } from '../user-facing-error.js';

/** Connections of workbooks found damaged, with the sentence the clerk is shown about it. */
const damaged = new WeakMap<Database, string>();
/** Connections of large workbooks opened without quick_check: it is still to run in the background. */
const unchecked = new WeakSet<Database>();

/**
 * Workbooks larger than this (bytes, file and WAL) open without SQLite's quick_check, which reads
 * every page and would hold the window for seconds; the check then runs in the background
 * (backup/background-check.ts). Tests lower it.
 */
export const integrityCheck = { backgroundAboveBytes: 64 * 1024 * 1024 };

/** Records that the workbook open on `db` was opened without its quick_check. */
export function markUnchecked(db: Database): void {
  unchecked.add(db);
}

/** True for a workbook opened without its quick_check, until the background check is started. */
export function isUnchecked(db: Database): boolean {
  return unchecked.has(db);
}

/** True (once) for a workbook opened without its quick_check: the caller starts the background check. */
export function takeUnchecked(db: Database): boolean {
  return unchecked.delete(db);
}

/** What the clerk is told about a workbook opened read-only because it is damaged. */
function damageMessage(path: string): string {
  return `工作簿“${basename(path)}”已损坏，已以只读方式打开：其中的数仍可查看和复制，但不能修改。请用“文件 → 备份与恢复…”恢复最新的完好备份，或把需要的数复制到另一个工作簿（另存）。`;
}

/**
 * Records that the workbook open on `db` failed SQLite's integrity check: from now on every
 * mutation is refused (see {@link refuseIfDamaged}). With `enforce`, SQLite itself is also told to
 * refuse writes (query_only), as a second fence behind the pipeline's guard; pass false while the
 * session's temp undo log is still to be installed (query_only refuses temp writes too) and call
 * {@link enforceReadOnly} after it. Returns the message.
 */
export function markDamaged(db: Database, path: string, enforce = true): string {
  const message = damageMessage(path);
  damaged.set(db, message);
  if (enforce) enforceReadOnly(db);
  return message;
}

/** Tells SQLite to refuse every write on a connection marked damaged (no-op otherwise). */
export function enforceReadOnly(db: Database): void {
  if (damaged.has(db) && db.open) db.pragma('query_only = ON');
}

/** The read-only message of a damaged workbook's connection, null for a whole one. */
export function damageOf(db: Database): string | null {
  return damaged.get(db) ?? null;
}

/**
 * The one guard of writes to a damaged workbook: throws, in the clerk's words, what happened and
 * what to do. Called at the start of every mutation (run-mutation.ts) and before a backup.
 */
export function refuseIfDamaged(db: Database, path: string): void {
  if (!damaged.has(db)) return;
  throw new UserFacingError(
    `工作簿“${basename(path)}”已损坏，已以只读方式打开，修改未保存。请用“文件 → 备份与恢复…”恢复最新的完好备份，或把需要的数复制到另一个工作簿（另存）。`,
  );
}
