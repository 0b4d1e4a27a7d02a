import { describe, expect, it } from 'vitest';
import { buildZip } from '../../../tests/fixtures/hostile-files.js';
import { UserFacingError } from './user-facing-error.js';
import { inflateEntry, readZipDirectory, type ZipEntry } from './zip-archive.js';

/** The single entry of an archive built by the independent test zip writer. */
function onlyEntry(data: Buffer, declaredSize?: number): ZipEntry {
  const archive = buildZip([{ name: 'xl/media/image1.png', data, ...(declaredSize === undefined ? {} : { declaredSize }) }]);
  const [entry] = readZipDirectory(archive, '月报.xlsx');
  if (entry === undefined) throw new Error('no entry');
  return entry;
}

function thrown(run: () => unknown): UserFacingError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    return error as UserFacingError;
  }
  throw new Error('expected a UserFacingError');
}

describe('inflateEntry', () => {
  it('inflates a truthful entry', () => {
    const data = Buffer.from('<worksheet>规模以上工业总产值</worksheet>'.repeat(100));
    expect(Buffer.from(inflateEntry(onlyEntry(data), '月报.xlsx')).equals(data)).toBe(true);
  });

  it('stops inflating at the declared size: a lying bomb is refused as a bomb, not inflated and then compared', () => {
    // 8 MB of zeros deflate to a few KB; the directory claims 1000 bytes, so the directory check
    // lets it through and only the inflate cap (maxOutputLength) stands between it and memory.
    const entry = onlyEntry(Buffer.alloc(8 * 1024 * 1024), 1000);
    expect(entry.uncompressedSize).toBe(1000);
    const error = thrown(() => inflateEntry(entry, '月报.xlsx'));
    expect(error.message).toBe('文件“月报.xlsx”中的部件“xl/media/image1.png”无法解压（已损坏或疑似压缩炸弹），未做任何修改。');
  });

  it('refuses an entry that inflates to less than declared, or to other bytes than its CRC', () => {
    expect(thrown(() => inflateEntry(onlyEntry(Buffer.alloc(500, 1), 1000), '月报.xlsx')).message).toBe(
      '文件“月报.xlsx”中的部件“xl/media/image1.png”与目录记录不符（已损坏或被篡改），未做任何修改。',
    );
    const entry = onlyEntry(Buffer.from('abcdef'));
    expect(thrown(() => inflateEntry({ ...entry, crc32: entry.crc32 ^ 1 }, '月报.xlsx')).message).toContain('与目录记录不符');
  });
});
