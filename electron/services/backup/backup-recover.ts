import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import { UserFacingError, osFailureError } from '../user-facing-error.js';
import { checkWorkbookFile, closeWorkbookFile } from '../workbook/workbook-file.js';
import { backupFolderOf, chosenBackupFolder, writeBackupFolder } from './backup-folder.js';
import { type BackupEntry, listBackups } from './backup-store.js';

/** True when SQLite's quick_check finds `path` whole (a backup file, not open here). */
export function passesQuickCheck(path: string): boolean {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: 0 });
    return db.pragma('quick_check', { simple: true }) === 'ok';
  } catch {
    return false;
  } finally {
    if (db) closeWorkbookFile(db, path);
  }
}

/** The newest backup in backup folder `dir` that passes quick_check, or null. */
export function newestGoodBackup(dir: string): BackupEntry | null {
  return listBackups(dir).find((b) => passesQuickCheck(b.path)) ?? null;
}

/** Whether the workbook file (not open here) is damaged, in the clerk's words, and its newest good backup. */
export function inspectDamage(workbookPath: string): { damaged: boolean; message: string; newestGood: BackupEntry | null } {
  let verdict: { ok: boolean; message: string };
  try {
    verdict = checkWorkbookFile(workbookPath);
  } catch (error) {
    // Not a workbook, missing, open elsewhere: a reason not to open it, but nothing a backup mends.
    if (error instanceof UserFacingError) return { damaged: false, message: error.message, newestGood: null };
    throw error;
  }
  if (verdict.ok) return { damaged: false, message: verdict.message, newestGood: null };
  return damageReport(workbookPath, `工作簿“${basename(workbookPath)}”已损坏，不能再在其中录入。`);
}

/**
 * The damage report of a workbook known to be damaged: `lead`, then the offer of its newest good
 * backup. `db`: its connection when it is open here (read-only because damaged).
 */
export function damageReport(workbookPath: string, lead: string, db?: Db): { damaged: true; message: string; newestGood: BackupEntry | null } {
  const dir = backupFolderOf(workbookPath, db);
  const newestGood = newestGoodBackup(dir);
  const offer = newestGood
    ? `最近的完好备份是 ${newestGood.takenAt} 的“${newestGood.file}”，可以用它恢复；该备份之后录入的数据需要重新录入。`
    : `在“${dir}”中没有找到完好的备份。如果曾把备份位置改到别处，请到那里的“${basename(dir)}”文件夹中查找；否则请联系技术支持。`;
  return { damaged: true, message: `${lead}${offer}`, newestGood };
}

/**
 * Writes the backup-folder choice `chosen` into the restored copy `temp` (not yet in place): the
 * folder is where the file's backups are now, not where they were when the backup was taken.
 */
export function keepBackupFolder(temp: string, chosen: string | null): void {
  const copy = new Database(temp, { fileMustExist: true });
  try {
    writeBackupFolder(copy, chosen);
  } finally {
    closeWorkbookFile(copy, temp);
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Replaces the damaged workbook file `workbookPath` (not open here) with the whole backup `good`:
 * the backup is copied beside the workbook with the online backup API; the damaged file (and its
 * -wal/-shm) is moved into the backup folder (where `good` is) as “损坏-<时间>-<名称>”, not
 * deleted, so technical support can still look at it. Until the final rename the damaged file
 * stays where it was. The backup folder chosen now (`chosen`) is kept: the backup may predate it.
 */
export async function replaceDamagedWith(workbookPath: string, good: BackupEntry, chosen: string | null): Promise<void> {
  const temp = join(dirname(workbookPath), `.${basename(workbookPath)}.${randomBytes(4).toString('hex')}.restoring`);
  const now = new Date();
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}_${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const aside = join(dirname(good.path), `损坏-${stamp}-${basename(workbookPath)}`);
  try {
    const source = new Database(good.path, { readonly: true, fileMustExist: true });
    try {
      await source.backup(temp);
    } finally {
      closeWorkbookFile(source, good.path);
    }
    keepBackupFolder(temp, chosen);
    mkdirSync(dirname(aside), { recursive: true });
    for (const suffix of ['-wal', '-shm']) if (existsSync(workbookPath + suffix)) renameSync(workbookPath + suffix, aside + suffix);
    renameSync(workbookPath, aside);
    renameSync(temp, workbookPath);
  } catch (error) {
    rmSync(temp, { force: true });
    if (!existsSync(workbookPath) && existsSync(aside)) renameSync(aside, workbookPath);
    throw osFailureError(error, `从备份“${good.file}”恢复`, { file: workbookPath, unchanged: true }) ?? error;
  }
}

/**
 * Replaces the damaged workbook file `workbookPath` (not open here) with its newest backup that
 * passes quick_check (see {@link replaceDamagedWith}). Refused when the file is not damaged or no
 * good backup exists.
 */
export async function restoreNewestGood(workbookPath: string): Promise<BackupEntry> {
  const report = inspectDamage(workbookPath);
  if (!report.damaged) throw new UserFacingError(`工作簿“${basename(workbookPath)}”没有损坏，无需从备份恢复。${report.message}`);
  const good = report.newestGood;
  if (!good) throw new UserFacingError(report.message);
  await replaceDamagedWith(workbookPath, good, chosenBackupFolder(workbookPath));
  return good;
}
