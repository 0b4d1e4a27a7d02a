import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import { UserFacingError } from '../user-facing-error.js';
import { latestSchemaVersion, migrate } from './migrations.js';

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

/** SQLite's verdict on a file whose header looks right but whose pages do not. */
function isDamaged(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}

function damagedError(path: string): UserFacingError {
  return new UserFacingError(`文件“${basename(path)}”已损坏或不是工作簿，无法打开。请从备份恢复。`);
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
 * shared-memory file. synchronous=FULL: a clerk's edit must survive a power cut,
 * and one fsync per edit stays inside the 2 ms budget (see tests/perf).
 */
function lockAndConfigure(db: Db, path: string): void {
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
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

/** Opens an existing workbook for exclusive use, migrating an older schema. */
export function openWorkbookFile(path: string): Db {
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
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new UserFacingError(`工作簿“${basename(path)}”完整性检查未通过（${String(check)}），请从备份恢复。`);
      migrate(db);
    } catch (error) {
      db.close();
      if (isDamaged(error)) throw damagedError(path);
      throw error;
    }
    return db;
  } catch (error) {
    // Every connection of ours is closed here, so these hold nothing of the clerk's.
    for (const file of newSidecars) rmSync(file, { force: true });
    throw error;
  }
}

/**
 * Creates a new workbook at `path` (which must not exist) and runs `seed` in
 * the same transaction as the schema. On any failure the half-made file is removed.
 */
export function createWorkbookFile(path: string, seed: (db: Db) => void): Db {
  if (existsSync(path)) {
    throw new UserFacingError(`文件“${basename(path)}”已存在。请换一个文件名，或直接打开它。`);
  }
  mkdirSync(dirname(path), { recursive: true });
  let db: Db | null = null;
  try {
    db = new Database(path, { timeout: 0 });
    db.pragma(`application_id = ${WORKBOOK_APPLICATION_ID}`);
    lockAndConfigure(db, path);
    migrate(db);
    const created = db;
    created.transaction(() => seed(created))();
    return db;
  } catch (error) {
    db?.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
    const code = (error as { code?: unknown }).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
      throw new UserFacingError(`无法在“${dirname(path)}”创建工作簿：没有写入权限。请选择其他文件夹。`);
    }
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
      throw new UserFacingError(`磁盘空间不足，无法创建工作簿“${basename(path)}”。请清理磁盘后重试。`);
    }
    throw error;
  }
}
