import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { type FilePurpose } from '../../../shared/api/files-api.js';
import { UserFacingError } from '../user-facing-error.js';

/** Every handle starts so: a string without it is a name, one with it must be a handle we issued. */
export const HANDLE_PREFIX = 'sbfile:';

/** What a handle stands for: a path chosen in a native dialog (or dropped on the window) for a purpose. */
interface Issued {
  path: string;
  purpose: FilePurpose;
}

/**
 * The desktop host's table of handles: random ids mapped to paths the clerk chose in the host's
 * own dialogs, and the set of files the host itself wrote. The page holds only the ids, so it can
 * name no file the clerk did not choose; a forged or stale id is refused.
 */
export class FileHandles {
  private readonly issued = new Map<string, Issued>();
  private readonly written = new Set<string>();

  /** A new handle for `path` (never reused, 128 random bits). */
  issue(path: string, purpose: FilePurpose): string {
    const handle = `${HANDLE_PREFIX}${randomBytes(16).toString('hex')}`;
    this.issued.set(handle, { path: resolve(path), purpose });
    return handle;
  }

  /** True when `value` has the form of a handle (whether or not we issued it). */
  static looksLikeHandle(value: string): boolean {
    return value.startsWith(HANDLE_PREFIX);
  }

  /**
   * The path behind `handle`, when it was issued for one of `purposes` (any purpose when omitted).
   * @throws UserFacingError for a handle never issued, or issued for another purpose
   */
  resolve(handle: string, purposes?: readonly FilePurpose[]): string {
    const found = this.issued.get(handle);
    if (!found) throw new UserFacingError('所选文件已失效（程序重启后需要重新选择），未读写任何文件。请重新点“浏览…”选择文件。');
    if (purposes && !purposes.includes(found.purpose)) throw new UserFacingError('所选文件不能用于这项操作，未读写任何文件。请在本对话框中重新选择文件。');
    return found.path;
  }

  /** Notes files the host has just written (an export's result), so they may be opened later. */
  recordWritten(paths: readonly string[]): void {
    for (const path of paths) this.written.add(resolve(path));
  }

  /**
   * `path` itself, when the host wrote it in this session.
   * @throws UserFacingError for any other path: the page may not open what it names
   */
  writtenFile(path: string): string {
    const full = resolve(path);
    if (!this.written.has(full)) throw new UserFacingError('只能打开本程序刚导出的文件。请在导出结果中点“打开”。');
    return full;
  }
}
