import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomically } from './atomic-write.js';
import { UserFacingError } from './user-facing-error.js';

// The promise API is wrapped in spies (calling through by default) so that a test can make one
// step fail the way a full disk or a file held open by Excel does. The tests themselves use the
// synchronous API, which stays real.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, writeFile: vi.fn(actual.writeFile), rename: vi.fn(actual.rename) };
});

const ORIGINAL = Buffer.from('上月已报送的文件，不能被写坏');
const NEW = Buffer.from('新导出的完整内容'.repeat(1000));

/** Node's shape of an OS error, e.g. ENOSPC or EBUSY. */
function osError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

async function rejection(promise: Promise<unknown>): Promise<UserFacingError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}

describe('writeFileAtomically', () => {
  let dir: string;
  let target: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'statbench-atomic-'));
    target = join(dir, '园区月报.xlsx');
    writeFileSync(target, ORIGINAL);
  });
  afterEach(() => {
    vi.mocked(fsPromises.writeFile).mockReset();
    vi.mocked(fsPromises.rename).mockReset();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replaces an existing file with the complete new content and leaves no temp file', async () => {
    await writeFileAtomically(target, NEW);
    expect(readFileSync(target).equals(NEW)).toBe(true);
    expect(readdirSync(dir)).toEqual(['园区月报.xlsx']);
  });

  it('a write that fails midway (disk full) leaves the existing file untouched and no temp file', async () => {
    // Whatever file the implementation writes to receives half the bytes, then the disk is full:
    // a plain writeFile(target) would leave the clerk's file cut in half.
    vi.mocked(fsPromises.writeFile).mockImplementationOnce((path) => {
      if (typeof path !== 'string') throw new Error('expected a path');
      writeFileSync(path, NEW.subarray(0, NEW.length / 2));
      return Promise.reject(osError('ENOSPC', 'no space left on device'));
    });
    const error = await rejection(writeFileAtomically(target, NEW));
    expect(error.message).toBe('无法写入“园区月报.xlsx”：磁盘空间不足。请清理磁盘（删除不用的文件、清空回收站）或换一个磁盘后重试。');
    expect(error.message).not.toContain('Excel');
    expect(readFileSync(target).equals(ORIGINAL)).toBe(true);
    expect(readdirSync(dir)).toEqual(['园区月报.xlsx']);
  });

  it('a file held open elsewhere (rename refused) stays as it was, with a message saying what to do', async () => {
    vi.mocked(fsPromises.rename).mockRejectedValueOnce(osError('EBUSY', 'resource busy or locked'));
    const error = await rejection(writeFileAtomically(target, NEW));
    expect(error.message).toBe('无法写入“园区月报.xlsx”：文件正被其他程序占用。如果该文件正在 Excel 或 WPS 中打开，请先关闭后再试。');
    expect(readFileSync(target).equals(ORIGINAL)).toBe(true);
    expect(readdirSync(dir)).toEqual(['园区月报.xlsx']);
  });
});
