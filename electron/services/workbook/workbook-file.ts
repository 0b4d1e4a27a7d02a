import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, linkSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import { whereBackupsAre } from '../backup/backup-folder.js';
import { errorCode, osFailureError, UserFacingError } from '../user-facing-error.js';
import { WAL_CHECKPOINT_CAP_PAGES } from './idle-checkpoint.js';
import { latestSchemaVersion, migrate } from './migrations.js';
import { integrityCheck, markDamaged, markUnchecked } from './workbook-damage.js';

/** PRAGMA application_id of every StatBench workbook ("STB1"), so foreign SQLite files are refused. */
export const WORKBOOK_APPLICATION_ID = 0x53544231;

/** The extension new workbooks get. */
export const WORKBOOK_EXTENSION = '.statbench';

const SQLITE_HEADER = 'SQLite format 3\0';
/** Size of the SQLite database header; user_version is at offset 60, application_id at 68. */
const HEADER_BYTES = 100;

/** The SQLite header of `path`, or null when the file does not start like a SQLite database. */
function readSqliteHeader(path: string): Buffer | null {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const read = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    return read === HEADER_BYTES && buffer.toString('latin1', 0, 16) === SQLITE_HEADER ? buffer : null;
  } finally {
    closeSync(fd);
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** SQLite's verdict on a file whose header looks right but whose pages do not (corrupt, or not a database). */
export function isDamaged(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}

/**
 * SQLite's quick_check on an open connection: false when it finds damage, or fails on it. Its own
 * diagnostics are English page numbers, so only the verdict is kept: the clerk is told what to do.
 */
function passesQuickCheck(db: Db): boolean {
  try {
    return db.pragma('quick_check', { simple: true }) === 'ok';
  } catch (error) {
    if (isDamaged(error)) return false;
    throw error;
  }
}

/** Bytes of the workbook file and its WAL (the pages quick_check would read). */
function sizeWithWal(path: string): number {
  const wal = existsSync(path + '-wal') ? statSync(path + '-wal').size : 0;
  return statSync(path).size + wal;
}

/** A workbook whose pages fail SQLite's checks: `statbench check` exits 3 for it, not 2. */
export class DamagedWorkbookError extends UserFacingError {
  constructor(path: string) {
    super(
      `工作簿“${basename(path)}”已损坏，无法使用，未作任何修改。请从备份恢复：备份在${whereBackupsAre(path)}（命令行：statbench backups 查看）。`,
    );
    this.name = 'DamagedWorkbookError';
  }
}

function damagedError(path: string): UserFacingError {
  return new DamagedWorkbookError(path);
}

function openElsewhereError(path: string): UserFacingError {
  return new UserFacingError(
    `工作簿“${basename(path)}”已在其他窗口或程序中打开。请先在那里关闭它，再重新打开。`,
  );
}

/**
 * Takes the file for this process alone. In exclusive locking mode SQLite keeps
 * its lock until the connection closes, which is exactly "open elsewhere" for a
 * second window, a second StatBench or a database tool. WAL then runs without a
 * shared-memory file. synchronous=FULL: a clerk's edit must survive a power cut; one
 * fsync per edit is the cost of that (see tests/perf).
 */
function lockAndConfigure(db: Db, path: string): void {
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The WAL is copied into the file when writing pauses (checkpointWhenIdle), not inside a save.
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_CAP_PAGES}`);
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (error) {
    db.close();
    if (isBusy(error)) throw openElsewhereError(path);
    throw error;
  }
}

/**
 * Checks, without writing anything, that `path` is a StatBench workbook this
 * version can open. Throws a UserFacingError naming the file otherwise.
 */
function inspectExisting(path: string): void {
  const name = basename(path);
  if (!existsSync(path)) throw new UserFacingError(`找不到工作簿文件“${path}”。它可能已被移动或删除。`);
  // A folder, a named pipe or a device called *.statbench: reading a pipe would block forever.
  if (!statSync(path).isFile()) {
    throw new UserFacingError(`“${name}”不是普通文件（可能是文件夹或特殊设备文件），无法作为工作簿打开。请选择扩展名为 ${WORKBOOK_EXTENSION} 的工作簿文件。`);
  }
  const header = readSqliteHeader(path);
  if (!header) {
    throw new UserFacingError(`文件“${name}”不是统计工作台工作簿，无法打开。请选择扩展名为 ${WORKBOOK_EXTENSION} 的工作簿文件。`);
  }
  // Decide what we can from the header bytes alone: even a read-only SQLite
  // connection leaves -wal/-shm files beside a WAL database it cannot checkpoint,
  // and a refused file must be left exactly as it was.
  const newerError = (version: number): UserFacingError =>
    new UserFacingError(
      `工作簿“${name}”由更新版本的统计工作台创建（数据版本 ${version}），当前版本只支持到 ${latestSchemaVersion()}。请升级统计工作台后再打开。`,
    );
  const foreignError = new UserFacingError(`文件“${name}”是其他程序的数据库，不是统计工作台工作簿，未作任何修改。`);
  if (header.readUInt32BE(68) !== WORKBOOK_APPLICATION_ID) throw foreignError;
  if (header.readUInt32BE(60) > latestSchemaVersion()) throw newerError(header.readUInt32BE(60));
  try {
    accessSync(path, constants.W_OK);
    // W_OK always passes for root/Administrator; the mode bits (the Windows
    // 只读 attribute shows up as no write bits) tell what the clerk set.
    if ((statSync(path).mode & 0o222) === 0) throw new Error('read-only mode bits');
  } catch {
    throw new UserFacingError(`工作簿“${name}”是只读文件，无法保存修改。请取消文件的只读属性，或复制到可写的文件夹后再打开。`);
  }
  // The header can lag behind a WAL file left by a crash, so ask SQLite too;
  // this also finds a workbook locked by another window.
  let probe: Db;
  try {
    probe = new Database(path, { readonly: true, fileMustExist: true, timeout: 0 });
  } catch (error) {
    if (isBusy(error)) throw openElsewhereError(path);
    throw damagedError(path);
  }
  try {
    const appId = Number(probe.pragma('application_id', { simple: true }));
    const version = Number(probe.pragma('user_version', { simple: true }));
    if (appId !== WORKBOOK_APPLICATION_ID) throw foreignError;
    if (version > latestSchemaVersion()) throw newerError(version);
  } catch (error) {
    if (isBusy(error)) throw openElsewhereError(path);
    if (isDamaged(error)) throw damagedError(path);
    throw error;
  } finally {
    probe.close();
  }
}

/**
 * Opens an existing workbook for exclusive use, migrating an older schema unless
 * `options.migrate` is false (the caller then backs the file up first and calls {@link migrateWorkbook}).
 * A workbook failing quick_check whose schema SQLite can still read opens read-only (marked in
 * workbook-damage.ts; the caller calls `enforceReadOnly` once its session is set up); one SQLite
 * cannot read at all is refused with {@link DamagedWorkbookError}. A workbook larger than
 * `integrityCheck.backgroundAboveBytes` opens without quick_check (marked unchecked: the caller
 * runs it in the background, see backup/background-check.ts).
 */
export function openWorkbookFile(path: string, options: { migrate?: boolean } = {}): Db {
  // SQLite may create -wal/-shm beside a file it then refuses (a read-only or
  // damaged one); those are removed again so a refused file is left as found.
  const newSidecars = ['-wal', '-shm'].map((suffix) => path + suffix).filter((file) => !existsSync(file));
  try {
    inspectExisting(path);
    const db = new Database(path, { fileMustExist: true, timeout: 0 });
    try {
      lockAndConfigure(db, path);
    } catch (error) {
      if (isDamaged(error)) throw damagedError(path);
      throw error;
    }
    try {
      if (sizeWithWal(path) > integrityCheck.backgroundAboveBytes) {
        markUnchecked(db);
      } else if (!passesQuickCheck(db)) {
        // Damaged pages, a readable schema: the clerk may still read and copy what is there, so the
        // workbook opens read-only (workbook-damage.ts). Without a readable schema, or one this
        // version would first have to upgrade (a write), it is refused.
        if (needsMigration(db)) throw damagedError(path);
        db.prepare('SELECT count(*) FROM sqlite_master').get();
        markDamaged(db, path, false);
        return db;
      }
      if (options.migrate !== false) migrate(db);
    } catch (error) {
      db.close();
      if (isDamaged(error)) throw damagedError(path);
      throw error;
    }
    return db;
  } catch (error) {
    // Every connection of ours is closed here, so these hold nothing of the clerk's.
    for (const file of newSidecars) rmSync(file, { force: true });
    throw osFailureError(error, `打开工作簿“${basename(path)}”`, { file: path, unchanged: true }) ?? error;
  }
}

/** True when the open workbook's schema is older than this version's (opening it will migrate it). */
export function needsMigration(db: Db): boolean {
  return Number(db.pragma('user_version', { simple: true })) < latestSchemaVersion();
}

/** Migrates a workbook opened with `migrate: false`; failures in the clerk's words, the file unchanged (one transaction). */
export function migrateWorkbook(db: Db, path: string): void {
  try {
    migrate(db);
  } catch (error) {
    throw osFailureError(error, `升级工作簿“${basename(path)}”`, { file: path, unchanged: true }) ?? error;
  }
}

/** The verdict of {@link checkWorkbookFile}. */
export interface WorkbookCheck {
  ok: boolean;
  /** One Chinese sentence for the clerk. */
  message: string;
}

/**
 * Full integrity check of a workbook that is not open here (`statbench check`): SQLite's
 * integrity_check and foreign_key_check on a read-only connection. Throws a UserFacingError for a
 * file that is no workbook at all or is open elsewhere; a damaged one is a result, not an error.
 * The file is left exactly as it was (sidecar files SQLite makes for the check are removed).
 */
export function checkWorkbookFile(path: string): WorkbookCheck {
  const newSidecars = ['-wal', '-shm'].map((suffix) => path + suffix).filter((file) => !existsSync(file));
  const name = basename(path);
  // Read before this check's own connection opens (the probe cleans up only the files it made).
  const folder = whereBackupsAre(path);
  const damaged = (problems: number): WorkbookCheck => ({
    ok: false,
    message: `工作簿“${name}”已损坏：完整性检查发现 ${problems} 处问题。请不要继续在其中录入，从最近的完好备份恢复（备份在${folder}）。`,
  });
  try {
    try {
      inspectExisting(path);
    } catch (error) {
      if (error instanceof DamagedWorkbookError) return damaged(1);
      throw error;
    }
    const db = new Database(path, { readonly: true, fileMustExist: true, timeout: 0 });
    try {
      const rows = db.pragma('integrity_check') as { integrity_check: string }[];
      const problems = rows.filter((r) => r.integrity_check !== 'ok').length;
      if (problems > 0) return damaged(problems);
      const orphans = (db.pragma('foreign_key_check') as unknown[]).length;
      if (orphans > 0) return damaged(orphans);
      return { ok: true, message: `工作簿“${name}”完好：完整性检查未发现问题。` };
    } catch (error) {
      if (isBusy(error)) throw openElsewhereError(path);
      if (isDamaged(error)) return damaged(1);
      throw error;
    } finally {
      db.close();
    }
  } catch (error) {
    throw osFailureError(error, `检查工作簿“${name}”`, { file: path, unchanged: true }) ?? error;
  } finally {
    for (const file of newSidecars) rmSync(file, { force: true });
  }
}

/**
 * Closes a workbook opened by {@link openWorkbookFile} or {@link createWorkbookFile}. Closing
 * checkpoints the WAL into the file; the -wal and -shm files left beside it (an empty WAL, the
 * read-only probe's shared memory) are then removed, so a closed workbook is one file again.
 * A non-empty -wal (the checkpoint could not finish) is kept: it holds the clerk's last edits.
 */
export function closeWorkbookFile(db: Db, path: string): void {
  if (db.open) db.close();
  for (const suffix of ['-wal', '-shm']) {
    const file = path + suffix;
    try {
      if (suffix === '-wal' && statSync(file).size > 0) continue;
      rmSync(file, { force: true });
    } catch {
      // Missing already, or held by another process that has opened the file since.
    }
  }
}

/** Suffix of the temp file a workbook is built in before it gets its name. */
const CREATING_SUFFIX = '.creating';
/** A temp file older than this is a leftover of a crash, not a creation under way. */
const STALE_TEMP_MS = 10 * 60 * 1000;

/** Removes temp files of earlier creations of `path` that a crash or a power cut left behind. */
function removeStaleTemps(path: string): void {
  const prefix = `.${basename(path)}.`;
  for (const name of readdirSync(dirname(path))) {
    if (!name.startsWith(prefix) || !/\.creating(-journal|-wal|-shm)?$/.test(name)) continue;
    const file = join(dirname(path), name);
    try {
      if (Date.now() - statSync(file).mtimeMs > STALE_TEMP_MS) rmSync(file, { force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

/** Gives the complete temp file its name, refusing (never replacing) a file that appeared meanwhile. */
function publish(temp: string, path: string): void {
  try {
    // A hard link fails when `path` exists: unlike rename, it can never replace a file.
    linkSync(temp, path);
    rmSync(temp, { force: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') throw existsError(path);
    // File systems without hard links (FAT32 USB sticks, some network shares).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EXDEV') throw error;
    if (existsSync(path)) throw existsError(path);
    renameSync(temp, path);
  }
}

function existsError(path: string): UserFacingError {
  return new UserFacingError(`文件“${basename(path)}”已存在。请换一个文件名，或直接打开它。`);
}

/**
 * Creates a new workbook at `path` (which must not exist): the schema and `seed` are written to a
 * temp file beside it (".<name>.<random>.creating"), which gets the name only when complete, so
 * a crash or power cut mid-create leaves nothing that blocks the name (leftover temp files are
 * removed by a later create). On any failure the temp file is removed and the error is in the
 * clerk's words (disk full, no permission, path too long …). Returns the workbook opened as by
 * {@link openWorkbookFile}.
 */
export function createWorkbookFile(path: string, seed: (db: Db) => void): Db {
  if (existsSync(path)) throw existsError(path);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}${CREATING_SUFFIX}`);
  let db: Db | null = null;
  try {
    mkdirSync(dirname(path), { recursive: true });
    removeStaleTemps(path);
    db = new Database(temp, { timeout: 0 });
    db.pragma(`application_id = ${WORKBOOK_APPLICATION_ID}`);
    // A rollback journal while building: the temp file is one file that can be renamed whole.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    const created = db;
    created.transaction(() => seed(created))();
    // WAL is recorded in the file header, so the workbook opens in WAL mode from now on.
    db.pragma('journal_mode = WAL');
    db.close();
    db = null;
    publish(temp, path);
  } catch (error) {
    db?.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(temp + suffix, { force: true });
    throw osFailureError(error, `创建工作簿“${basename(path)}”`, { file: dirname(path) }) ?? error;
  }
  return openWorkbookFile(path);
}
