import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convertWithLibreOffice } from '../../../tests/fixtures/libreoffice.js';
import { pdfPageCount } from '../../../tests/fixtures/pdf-pages.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { textWidth } from './paper-sheet.js';

/** Exports the form view of unit 001 (the starter's and the demo's park) for 2023-11 through the handler and loads it with ExcelJS. */
async function exportStarter(host: TestHost, name: string): Promise<{ file: string; sheet: ExcelJS.Worksheet }> {
  const { form } = await host.call('catalog:get', {});
  const unitId = (await host.call('units:list', undefined)).find((u) => u.code === '001')?.id ?? 0;
  const result = await host.call('exports:formView', { formId: form.id, unitId, period: '2023-11', format: 'xlsx', outputPath: name });
  const file = result.files[0] ?? '';
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new Error('no sheet');
  return { file, sheet };
}

/** A cell's text (every cell this export writes outside the figures is a string). */
function textOf(cell: ExcelJS.Cell): string {
  return typeof cell.value === 'string' ? cell.value : '';
}

/** The row whose 代码 column (B) holds `code`. */
function rowOf(sheet: ExcelJS.Worksheet, code: string): ExcelJS.Row {
  for (let r = 1; r <= sheet.rowCount; r += 1) if (sheet.getRow(r).getCell(2).value === code) return sheet.getRow(r);
  throw new Error(`no row ${code}`);
}

describe('plain form export on paper', () => {
  let host: TestHost;
  beforeEach(() => {
    host = makeTestHost();
  });
  afterEach(() => host.dispose());

  it('is laid out for submission: title, info line, borders, print titles, A4 landscape one page wide, frozen header', async () => {
    await host.call('workbook:createDemo', { path: 'demo' });
    const { sheet } = await exportStarter(host, '月报.xlsx');
    const lastCol = sheet.columnCount;
    expect(sheet.getRow(3).getCell(1).value).toBe('指标名称');

    // Title merged over the whole table; 填报单位 · 期别 · 计量单位 on the line under it.
    expect(sheet.getCell(1, 1).value).toBe('园区主要经济指标月报');
    expect(sheet.getCell(1, lastCol).master.address).toBe('A1');
    expect(sheet.getCell(1, 1).alignment.horizontal).toBe('center');
    const info = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((c) => sheet.getCell(2, c)).filter((c) => c.master === c).map(textOf);
    expect(info).toEqual(['填报单位：京滨工业园', '期别：2023年11月（1-11月）', '计量单位：见各行“计量单位”栏']);

    // Thin borders round every cell of the header and the table.
    const last = rowOf(sheet, 'D04').number;
    for (let r = 3; r <= last; r += 1) {
      for (let c = 1; c <= lastCol; c += 1) {
        const { border } = sheet.getCell(r, c);
        expect([border.top?.style, border.left?.style, border.bottom?.style, border.right?.style], `${sheet.getCell(r, c).address}`).toEqual(['thin', 'thin', 'thin', 'thin']);
      }
    }

    // 其中 items keep their label and indentation.
    expect(rowOf(sheet, 'A02').getCell(1).value).toBe('固定资产投资');
    expect(rowOf(sheet, 'A02').getCell(1).alignment.indent ?? 0).toBe(0);
    expect(rowOf(sheet, 'A0201').getCell(1).value).toBe('其中：工业投资');
    expect(rowOf(sheet, 'A0201').getCell(1).alignment.indent).toBe(1);
    expect(rowOf(sheet, 'A020101').getCell(1).alignment.indent).toBe(2);

    // Figures are numbers showing the grid's decimals.
    expect(rowOf(sheet, 'A01').getCell(5).value).toBe(863300);
    expect(rowOf(sheet, 'A01').getCell(5).numFmt).toBe('#,##0.0');

    // Columns fit their content: the name column holds the longest label, none is cramped.
    const longest = Math.max(...[...Array(last - 3).keys()].map((i) => textWidth(textOf(sheet.getCell(4 + i, 1))) + 2 * (sheet.getCell(4 + i, 1).alignment.indent ?? 0)));
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(longest);
    expect(sheet.getColumn(1).width).toBeLessThan(longest + 8);
    expect(sheet.getColumn(5).width).toBeGreaterThanOrEqual('863,300.0'.length);

    // Frozen header and name column; A4 landscape, one page wide, header repeated, page numbers.
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
    expect(sheet.headerFooter.oddFooter).toContain('&P');
    expect(sheet.headerFooter.oddFooter).toContain('&N');

    // The signature line under the table.
    const under = [...Array(sheet.rowCount - last).keys()].map((i) => textOf(sheet.getCell(last + 1 + i, 1)));
    expect(under.some((text) => text.startsWith('单位负责人：') && text.includes('制表人：') && text.includes('报出日期：'))).toBe(true);
  });

  it('prints the starter form on one A4 page in LibreOffice, empty or filled', async () => {
    await host.call('workbook:create', { path: 'empty', starterCatalog: true });
    const empty = await exportStarter(host, '空表.xlsx');
    await host.call('workbook:createDemo', { path: 'demo' });
    const filled = await exportStarter(host, '月报.xlsx');
    for (const { file } of [empty, filled]) {
      const pdf = await convertWithLibreOffice(file, 'pdf', join(host.dir, 'pdf'));
      expect(await pdfPageCount(pdf), file).toBe(1);
    }
  }, 240_000);
});
