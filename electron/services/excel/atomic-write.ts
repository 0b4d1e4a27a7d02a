import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { errorCode, osFailure, UserFacingError } from './user-facing-error.js';

/**
 * Writes `bytes` to `path` through a temp file and a rename, so readers (and a crash) never see
 * a half-written file and an existing file is replaced only by a complete one.
 * @throws UserFacingError naming the file, e.g. when Excel/WPS holds it open on Windows.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    const failure = osFailure(error) ?? { reason: '写入文件时出错', advice: '请换一个文件夹后重试。' };
    // Windows refuses to replace a file that Excel or WPS holds open with EBUSY or EPERM.
    const heldOpen = ['EBUSY', 'EPERM', 'EACCES'].includes(errorCode(error) ?? '') ? '如果该文件正在 Excel 或 WPS 中打开，请先关闭后再试。' : '';
    throw new UserFacingError(`无法写入“${basename(path)}”：${failure.reason}。${heldOpen || failure.advice}`);
  }
}
