import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileFiles, minimalXlsx, sheetXml } from '../../../tests/fixtures/hostile-files.js';
import { readWorkbookBytes, readWorkbookFile } from './read-workbook.js';
import { UserFacingError } from './user-facing-error.js';
import { fillTemplateFile } from './xlsx-fill.js';

async function rejection(promise: Promise<unknown>): Promise<UserFacingError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}

describe('hostile and broken files', () => {
  for (const { key, fileName, bytes, expect: pattern } of hostileFiles()) {
    it(`${key}: refused with a Chinese message naming the file, nothing written`, async () => {
      const readError = await rejection(readWorkbookBytes(bytes, fileName));
      expect(readError.message).toContain(fileName);
      expect(readError.message).toMatch(pattern);
      expect(readError.message).toMatch(/[\u4e00-\u9fff]/);

      const dir = await mkdtemp(join(tmpdir(), 'statbench-hostile-'));
      const path = join(dir, fileName);
      await writeFile(path, bytes);
      const fileError = await rejection(readWorkbookFile(path));
      expect(fileError.message).toContain(fileName);

      const fillError = await rejection(fillTemplateFile(path, join(dir, '导出.xlsx'), [{ sheet: '表1', cell: 'B2', value: { kind: 'number', value: '1' } }]));
      expect(fillError.message).toContain(fileName);
      expect(await readdir(dir)).toEqual([fileName]);
    });
  }

  it('a dimension claim within Excel limits is not trusted for sizing but not refused either', async () => {
    const bytes = minimalXlsx(sheetXml('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>', { dimension: 'A1:XFD1048576' }));
    for (const primaryReader of [undefined, null]) {
      const snapshot = await readWorkbookBytes(bytes, '全表区域.xlsx', { primaryReader });
      expect(snapshot.sheets[0]).toMatchObject({ rowCount: 1, colCount: 2 });
    }
  });

  it('falls back to the package reader when ExcelJS crashes on a valid file', async () => {
    const bytes = minimalXlsx(sheetXml('<row r="1"><c r="A1"><v>86.33</v></c></row>'));
    const snapshot = await readWorkbookBytes(bytes, '带图表.xlsx', {
      primaryReader: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'anchors')")),
    });
    expect(snapshot.reader).toBe('package');
    expect(snapshot.sheets[0]?.cells[0]?.value).toEqual({ type: 'number', value: '86.33' });
    expect(snapshot.warnings[0]).toContain('带图表.xlsx');
  });

  it('a missing file is a clear message', async () => {
    const error = await rejection(readWorkbookFile('/nonexistent/月报.xlsx'));
    expect(error.message).toContain('月报.xlsx');
  });
});
