import { rmSync, renameSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import { type AppContext, createSession, requireSession, type WorkbookSession } from '../context.js';
import { osFailureError, UserFacingError } from '../user-facing-error.js';
import { checkWorkbookFile, closeWorkbookFile, migrateWorkbook, needsMigration, openWorkbookFile } from '../workbook/workbook-file.js';
import { damageOf, enforceReadOnly, isUnchecked, refuseIfDamaged } from '../workbook/workbook-damage.js';
import { backupFolderOf, chosenBackupFolder } from './backup-folder.js';
import { keepBackupFolder, replaceDamagedWith } from './backup-recover.js';
import { type BackupEntry, type BackupKind, backupWorkbook, findBackup, needsDailyBackup } from './backup-store.js';

/**
 * Opens a workbook as the app does, with its safety net: an older schema is backed up (升级前)
 * before it is migrated, and otherwise the first open of a day takes the daily backup (自动). A
 * daily backup that fails (disk full) does not stop the clerk from working: it goes to the fault
 * log; a failed backup before a migration does, and the file stays as it was.
 */
export async function openWorkbookWithBackups(path: string, logFault?: (channel: string, error: unknown) => void, now: Date = new Date()): Promise<Db> {
  const db = openWorkbookFile(path, { migrate: false });
  try {
    // A damaged workbook opens read-only: a copy of it would be no backup, and rotating it in could
    // push a whole one out.
    if (damageOf(db) !== null) return db;
    if (needsMigration(db)) {
      await backupWorkbook(db, path, '升级前', { now });
      migrateWorkbook(db, path);
    } else if (!isUnchecked(db) && needsDailyBackup(backupFolderOf(path, db), now)) {
      // (A large workbook opened unchecked gets its daily backup from the background check, once whole.)
      try {
        await backupWorkbook(db, path, '自动', { now });
      } catch (error) {
        logFault?.('backup:daily', error);
      }
    }
    return db;
  } catch (error) {
    closeWorkbookFile(db, path);
    throw error;
  }
}

/** Backs up the open workbook, queued behind its running writes so no half-done transaction is copied. */
export function backupOpenWorkbook(ctx: AppContext, kind: BackupKind, name?: string): Promise<BackupEntry> {
  const session = requireSession(ctx);
  return session.writes.run(() => {
    refuseIfDamaged(session.db, session.path);
    return backupWorkbook(session.db, session.path, kind, name === undefined ? {} : { name });
  });
}

/**
 * Replaces the open workbook with its backup `file`: checks the backup is whole, copies it beside
 * the workbook with the online backup API, backs up the current state (恢复前), closes the
 * workbook, renames the copy over it and reopens it. Until the rename the workbook is
 * untouched; if the rename fails the old workbook is reopened. The restored file keeps the backup
 * folder chosen now (a backup taken before the choice holds the old one). A workbook open read-only because
 * it is damaged gets no 恢复前 copy (`safetyCopy` null): it is moved into the backup folder as
 * “损坏-…” instead, for technical support.
 */
export async function restoreBackup(ctx: AppContext, file: string): Promise<{ restored: BackupEntry; safetyCopy: BackupEntry | null }> {
  const session = requireSession(ctx);
  const path = session.path;
  const chosen = chosenBackupFolder(path, session.db);
  const restored = findBackup(backupFolderOf(path, session.db), file);
  const verdict = checkWorkbookFile(restored.path);
  if (!verdict.ok) throw new UserFacingError(`备份“${file}”本身已损坏，不能用来恢复，工作簿未作任何修改。请选择更早的备份。`);
  if (damageOf(session.db) !== null) {
    return session.writes.run(async () => {
      if (ctx.session === session) ctx.session = null;
      closeWorkbookFile(session.db, path);
      try {
        await replaceDamagedWith(path, restored, chosen);
      } finally {
        // Restored, or the damaged file back where it was: either way the clerk gets a workbook.
        ctx.session = openSession(path);
      }
      return { restored, safetyCopy: null };
    });
  }
  return session.writes.run(async () => {
    const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.restoring`);
    try {
      const source = new Database(restored.path, { readonly: true, fileMustExist: true });
      try {
        await source.backup(temp);
      } finally {
        closeWorkbookFile(source, restored.path);
      }
      keepBackupFolder(temp, chosen);
    } catch (error) {
      rmSync(temp, { force: true });
      throw osFailureError(error, `从备份“${file}”恢复`, { file: dirname(path), unchanged: true }) ?? error;
    }
    // After the copy: rotating in the safety copy may delete the backup being restored.
    let safetyCopy: BackupEntry;
    try {
      safetyCopy = await backupWorkbook(session.db, path, '恢复前');
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    // The session ends here: its statements, undo history and caches describe the old content.
    if (ctx.session === session) ctx.session = null;
    closeWorkbookFile(session.db, path);
    let renameError: unknown = null;
    try {
      renameSync(temp, path);
    } catch (error) {
      rmSync(temp, { force: true });
      renameError = error;
    }
    ctx.session = openSession(path);
    if (renameError !== null) {
      throw osFailureError(renameError, `从备份“${file}”恢复`, { file: path, unchanged: true }) ?? new UserFacingError(`从备份“${file}”恢复失败，工作簿未作任何修改。请关闭可能占用它的程序后重试。`);
    }
    return { restored, safetyCopy };
  });
}

/** A session on the workbook at `path`, read-only (query_only) when it turns out damaged. */
function openSession(path: string): WorkbookSession {
  const session = createSession(path, openWorkbookFile(path));
  enforceReadOnly(session.db);
  return session;
}
