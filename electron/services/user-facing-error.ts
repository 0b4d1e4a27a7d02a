import { statfsSync } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * An error whose message is written for the clerk (in Chinese, naming the file or
 * cell and what to do). Hosts show it as is; any other error is an internal fault
 * and is shown as a generic message while the details go to the log.
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** What went wrong with the disk or a file, in the clerk's words, and what to do about it. */
export interface OsFailure {
  /** e.g. "磁盘空间不足" */
  reason: string;
  /** e.g. "请清理磁盘（删除不用的文件、清空回收站）后重试。" */
  advice: string;
}

const DISK_FULL: OsFailure = { reason: '磁盘空间不足', advice: '请清理磁盘（删除不用的文件、清空回收站）或换一个磁盘后重试。' };
const NO_PERMISSION: OsFailure = { reason: '没有权限读写该文件或文件夹', advice: '请取消文件的只读属性，或换到自己有权限的文件夹（如“文档”）后重试。' };
const IN_USE: OsFailure = { reason: '文件正被其他程序占用', advice: '请关闭正在使用它的程序（如 Excel、WPS、杀毒软件或另一个统计工作台窗口）后重试。' };
const PATH_TOO_LONG: OsFailure = { reason: '文件路径太长', advice: '请换一个层级较浅的文件夹，或用较短的文件名后重试。' };
const DISK_IO: OsFailure = { reason: '读写磁盘时出错', advice: '请检查磁盘、U 盘或网络盘是否仍然连接，然后重试。' };
const SQLITE_IO: OsFailure = { reason: '读写工作簿文件时出错', advice: '请检查磁盘、U 盘或网络盘是否仍然连接，然后重试。' };

/** Node and SQLite error codes mapped to the clerk's words; SQLite extended codes are matched by prefix below. */
const BY_CODE: Readonly<Record<string, OsFailure>> = {
  ENOSPC: DISK_FULL,
  EDQUOT: DISK_FULL,
  SQLITE_FULL: DISK_FULL,
  EACCES: NO_PERMISSION,
  EPERM: NO_PERMISSION,
  EBUSY: IN_USE,
  ETXTBSY: IN_USE,
  SQLITE_BUSY: IN_USE,
  SQLITE_LOCKED: IN_USE,
  ENAMETOOLONG: PATH_TOO_LONG,
  EROFS: { reason: '磁盘是只读的', advice: '请换到可写的磁盘或文件夹后重试。' },
  ENOENT: { reason: '找不到该文件或文件夹', advice: '它可能已被移动、改名或删除，请检查后重试。' },
  ENOTDIR: { reason: '路径中有一部分不是文件夹', advice: '请检查路径后重试。' },
  EISDIR: { reason: '这是一个文件夹，不是文件', advice: '请选择一个文件。' },
  EMFILE: { reason: '同时打开的文件太多', advice: '请关闭一些程序后重试。' },
  ENFILE: { reason: '同时打开的文件太多', advice: '请关闭一些程序后重试。' },
  EIO: DISK_IO,
  SQLITE_IOERR: SQLITE_IO,
  SQLITE_READONLY: { reason: '工作簿文件现在是只读的', advice: '请取消文件的只读属性后重新打开工作簿。' },
  SQLITE_CANTOPEN: { reason: '无法打开该文件', advice: '请检查文件夹是否存在、是否有写入权限，以及路径是否太长。' },
};

/** The `code` of a Node or better-sqlite3 error, if any. */
export function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The clerk's words for an operating-system or SQLite storage error (disk full, no permission,
 * file in use, path too long …), or null when `error` is not one — then it is an internal fault.
 * The one mapping used by edits, imports, exports, opening, backups and the CLI.
 */
export function osFailure(error: unknown): OsFailure | null {
  const code = errorCode(error);
  if (code === undefined) return null;
  const direct = BY_CODE[code];
  if (direct) return direct;
  // SQLite extended codes: SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, SQLITE_BUSY_SNAPSHOT …
  const base = /^SQLITE_[A-Z]+/.exec(code)?.[0];
  if (base === 'SQLITE_IOERR' && /NOSPC|FULL/.test(code)) return DISK_FULL;
  return base !== undefined && base !== code ? (BY_CODE[base] ?? null) : null;
}

/** Free space below which a bare I/O error is taken for a full disk. */
const NEARLY_FULL_BYTES = 1024 * 1024;

/** True when the file system holding `path` (or its folder, for a file not made yet) has almost no free space. */
function isNearlyFull(path: string): boolean {
  for (const candidate of [path, dirname(path)]) {
    try {
      const { bavail, bsize } = statfsSync(candidate);
      return bavail * bsize < NEARLY_FULL_BYTES;
    } catch {
      // Not there (yet): ask about its folder.
    }
  }
  return false;
}

/**
 * A UserFacingError for an OS/storage failure while doing `action` (e.g. "保存修改"), naming
 * `file` (or the path the error carries); null when `error` is no such failure. The message says
 * that nothing was changed only when the caller guarantees it (`unchanged`).
 */
export function osFailureError(error: unknown, action: string, options: { file?: string; unchanged?: boolean } = {}): UserFacingError | null {
  if (error instanceof UserFacingError) return error;
  let failure = osFailure(error);
  if (!failure) return null;
  const errorPath = typeof error === 'object' && error !== null ? (error as { path?: unknown }).path : undefined;
  const file = options.file ?? (typeof errorPath === 'string' ? errorPath : undefined);
  // SQLite reports a full disk met while growing its -shm or WAL as a bare I/O error
  // (SQLITE_IOERR_SHMSIZE, _WRITE …): the free space tells what the clerk has to do.
  if ((failure === SQLITE_IO || failure === DISK_IO) && file !== undefined && isNearlyFull(file)) failure = DISK_FULL;
  const where = file === undefined ? '' : `（“${basename(file)}”）`;
  const unchanged = options.unchanged ? '数据未被修改。' : '';
  return new UserFacingError(`${action}失败${where}：${failure.reason}。${unchanged}${failure.advice}`);
}
