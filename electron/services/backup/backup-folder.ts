import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, parse, resolve } from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import { osFailureError, UserFacingError } from '../user-facing-error.js';

/**
 * app_meta key of the folder the clerk chose for a workbook's backups (an absolute path; absent =
 * beside the workbook). Kept in the workbook itself, so the choice travels with the file.
 */
export const BACKUP_FOLDER_KEY = 'backup.folder';

/** The name of a workbook's backup folder: "园区月报-备份" for "园区月报.statbench". */
export function backupFolderName(path: string): string {
  return `${basename(path).replace(/\.[^.]*$/, '')}-备份`;
}

function readSetting(db: Db): string | null {
  let row: { value: string } | undefined;
  try {
    row = db.prepare('SELECT value FROM app_meta WHERE key = ?').get(BACKUP_FOLDER_KEY) as { value: string } | undefined;
  } catch (error) {
    // A workbook older than app_meta (before its 升级前 backup and migration): no choice yet.
    if (error instanceof Error && /no such table/.test(error.message)) return null;
    throw error;
  }
  return row && isAbsolute(row.value) ? row.value : null;
}

/** The choice read from the closed file `workbookPath`; undefined when the file cannot be read (damaged, open elsewhere, no workbook). */
function probeChoice(workbookPath: string): string | null | undefined {
  try {
    // A folder or a named pipe called *.statbench: opening a pipe would block.
    if (!statSync(workbookPath).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const newSidecars = ['-wal', '-shm'].map((suffix) => workbookPath + suffix).filter((file) => !existsSync(file));
  let probe: Db | null = null;
  try {
    probe = new Database(workbookPath, { readonly: true, fileMustExist: true, timeout: 0 });
    return readSetting(probe);
  } catch {
    return undefined;
  } finally {
    probe?.close();
    for (const file of newSidecars) rmSync(file, { force: true });
  }
}

/**
 * The folder chosen for the workbook's backups (where its "<名称>-备份" folder goes), or null for
 * beside the workbook. `db`: the workbook's open connection; without it the closed file is read
 * with a read-only probe (which removes the -wal/-shm files it makes), and a file that cannot be
 * read (damaged past reading, open elsewhere, no workbook) counts as having no choice.
 */
export function chosenBackupFolder(workbookPath: string, db?: Db): string | null {
  if (!db) return probeChoice(workbookPath) ?? null;
  try {
    return readSetting(db);
  } catch {
    // Open read-only because damaged where the setting is: its backups are looked for beside it.
    return null;
  }
}

/**
 * Where a closed workbook's backups are, for a message: "同一文件夹的“园区月报-备份”中", or the
 * whole path of the folder chosen for them. When the file cannot be read its choice is unknown,
 * so the clerk is also told where else to look.
 */
export function whereBackupsAre(workbookPath: string): string {
  const choice = probeChoice(workbookPath);
  const name = backupFolderName(workbookPath);
  if (typeof choice === 'string') return `“${join(choice, name)}”中`;
  return `同一文件夹的“${name}”中${choice === undefined ? `（如果曾把备份位置改到别处，请到那里的“${name}”文件夹中查找）` : ''}`;
}

/**
 * THE folder holding a workbook's backups: "<名称>-备份" inside the folder the clerk chose for it
 * (app_meta `backup.folder`), or beside the workbook when none was chosen. Every place that reads
 * or writes backups asks here. `db`: the workbook's open connection, if it is open here.
 */
export function backupFolderOf(workbookPath: string, db?: Db): string {
  return join(chosenBackupFolder(workbookPath, db) ?? dirname(workbookPath), backupFolderName(workbookPath));
}

/** Writes the choice into a workbook connection `db` (null: beside the workbook). Inside a mutation, or on a copy not yet in place. */
export function writeBackupFolder(db: Db, chosen: string | null): void {
  if (chosen === null) db.prepare('DELETE FROM app_meta WHERE key = ?').run(BACKUP_FOLDER_KEY);
  else db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(BACKUP_FOLDER_KEY, chosen);
}

/** A backup file's name, as backup-store.ts writes them: "2026-11-22_093005_自动.statbench". */
const BACKUP_FILE = /^\d{4}-\d{2}-\d{2}_\d{6}(?:-\d+)?_.+\.statbench$/;

/** True when `dir` holds backup files, i.e. is some workbook's backup folder. */
function holdsBackups(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => BACKUP_FILE.test(name));
  } catch {
    return false;
  }
}

/**
 * Checks a folder the clerk chose for the backups of the workbook at `workbookPath` and answers
 * what to store: null when it is the workbook's own folder (the default), else its absolute path.
 * Its "<名称>-备份" folder is created and a test file written and removed there, so a folder that
 * cannot take backups is refused now, not at the next import.
 * @throws UserFacingError naming the folder and what to do; nothing is left behind then
 */
export function checkBackupFolder(workbookPath: string, folder: string): string | null {
  const chosen = resolve(folder);
  const refuse = (why: string): never => {
    throw new UserFacingError(`不能把备份放在“${chosen}”：${why}备份位置未更改。`);
  };
  if (!isAbsolute(folder)) refuse('请给出完整的文件夹路径（如 D:\\统计备份）。');
  if (chosen === resolve(dirname(workbookPath))) return null;
  // Inside some workbook's backup folder (its own included): rotation there is another workbook's.
  for (let dir = chosen; ; dir = dirname(dir)) {
    if (holdsBackups(dir)) refuse(`它在备份文件夹“${dir}”之内。请选择一个普通文件夹，`);
    if (dir === parse(dir).root) break;
  }
  const namesake = join(chosen, basename(workbookPath));
  if (existsSync(namesake)) refuse(`那里有一个同名的工作簿“${basename(workbookPath)}”，两者的备份会混在一起。请选择别的文件夹，`);
  if (existsSync(chosen) && !statSync(chosen).isDirectory()) refuse('这是一个文件，不是文件夹。请选择一个文件夹，');
  const target = join(chosen, backupFolderName(workbookPath));
  let created: string | undefined;
  try {
    created = mkdirSync(target, { recursive: true });
    const probe = join(target, `.写入测试-${randomBytes(4).toString('hex')}.tmp`);
    writeFileSync(probe, 'StatBench');
    rmSync(probe, { force: true });
  } catch (error) {
    if (created !== undefined) rmSync(created, { recursive: true, force: true });
    const failure = osFailureError(error, `把备份位置改为“${chosen}”`, { file: target });
    throw new UserFacingError(
      `${failure?.message ?? `不能把备份放在“${chosen}”：无法在这里创建文件夹或写入文件。`}备份位置未更改，请选择一个本机上可写的文件夹。`,
    );
  }
  return chosen;
}
