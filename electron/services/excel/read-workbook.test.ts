import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixturePaths } from '../../../tests/fixtures/ensure-fixtures.js';
import { cellAddress } from './cell-ref.js';
import { readWorkbookBytes, readWorkbookFile } from './read-workbook.js';
import { type WorkbookSnapshot } from './workbook-snapshot.js';

/** "A5" → value text, for cells that have a value. */
function values(snapshot: WorkbookSnapshot, sheet = 0): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of snapshot.sheets[sheet]?.cells ?? []) {
    if (c.value !== null && !(c.value.type === 'text' && c.value.value === '')) out[cellAddress(c)] = String(c.value.value);
  }
  return out;
}

describe('reading the LibreOffice-made template', () => {
  let fixtures: FixturePaths;
  beforeAll(async () => {
    fixtures = await ensureFixtures();
  }, 300_000);

  it('ExcelJS and the package reader agree on values, formulas, merges and widths', async () => {
    const bytes = await readFile(fixtures.xlsx);
    const viaExcelJs = await readWorkbookBytes(bytes, 'template.xlsx');
    const viaPackage = await readWorkbookBytes(bytes, 'template.xlsx', { primaryReader: null });
    expect(viaExcelJs.reader).toBe('exceljs');
    expect(viaPackage.reader).toBe('package');
    expect(values(viaExcelJs)).toEqual(values(viaPackage));
    expect(values(viaPackage)).toMatchObject({ A1: '2024年11月园区主要经济指标完成情况', C3: '1-11月', E4: '增长%', A8: '  制造业投资 ', D8: '100', E8: '-100', D9: '100' });
    for (const snapshot of [viaExcelJs, viaPackage]) {
      const sheet = snapshot.sheets[0];
      expect(sheet?.name).toBe('工业月报');
      expect(sheet?.merges).toHaveLength(6);
      expect(sheet?.merges).toContainEqual({ top: 2, left: 2, bottom: 2, right: 4 });
      expect(sheet?.cells.find((c) => c.row === 8 && c.col === 2)?.formula).toBe('SUM(C5:C8)');
      expect(snapshot.sheets.map((s) => s.name)).toEqual(['工业月报', '说明']);
    }
    const b5 = viaPackage.sheets[0]?.cells.find((c) => c.row === 4 && c.col === 1);
    expect(viaPackage.styles[b5?.style ?? -1]).toMatchObject({ numberFormat: '#,##0.00', border: { top: true } });
    const header = viaPackage.sheets[0]?.cells.find((c) => c.row === 2 && c.col === 0);
    expect(viaPackage.styles[header?.style ?? -1]).toMatchObject({ bold: true, fillColor: '#DDE8F3' });
    expect(viaPackage.sheets[0]?.columns[0]?.width).toBeCloseTo(28.81, 1);
  });

  it('reads the .xls (BIFF8) through SheetJS with the same values and merges', async () => {
    const xls = await readWorkbookFile(fixtures.xls);
    const xlsx = await readWorkbookBytes(await readFile(fixtures.xlsx), 'template.xlsx', { primaryReader: null });
    expect(xls).toMatchObject({ reader: 'sheetjs', format: 'xls' });
    const expected = values(xlsx);
    const actual = values(xls);
    for (const key of ['A1', 'A5', 'A6', 'A7', 'A8', 'C4', 'D8', 'E8', 'D9']) expect(actual[key]).toBe(expected[key]);
    expect(xls.sheets[0]?.merges).toEqual(expect.arrayContaining(xlsx.sheets[0]?.merges ?? []));
    expect(xls.sheets[0]?.cells.find((c) => c.row === 8 && c.col === 2)?.formula).toBe('SUM(C5:C8)');
  });

  it('treats a renamed .xls (.xlsx name, compound file content) as .xls, and .et likewise', async () => {
    const bytes = await readFile(fixtures.xls);
    expect((await readWorkbookBytes(bytes, '改名.xlsx')).reader).toBe('sheetjs');
    expect((await readWorkbookBytes(bytes, '报表.et')).format).toBe('et');
  });
});
