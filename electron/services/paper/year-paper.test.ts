import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convertWithLibreOffice } from '../../../tests/fixtures/libreoffice.js';
import { pdfPageCount } from '../../../tests/fixtures/pdf-pages.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

/** The row whose 代码 column (B) holds `code`. */
function rowOf(sheet: ExcelJS.Worksheet, code: string): ExcelJS.Row {
  for (let r = 1; r <= sheet.rowCount; r += 1) if (sheet.getRow(r).getCell(2).value === code) return sheet.getRow(r);
  throw new Error(`no row ${code}`);
}

describe('year view on paper (exports:yearView, paper:yearView)', () => {
  let host: TestHost;
  let formId: number;
  let unitId: number;
  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:createDemo', { path: 'demo' });
    formId = (await host.call('catalog:get', {})).form.id;
    unitId = (await host.call('units:list', undefined)).find((u) => u.code === '001')?.id ?? 0;
  });
  afterEach(() => host.dispose());

  it('exports 各月累计数 laid out like the form export, each month as the year grid shows it', async () => {
    const grid = await host.call('grid:yearView', { formId, unitId, year: 2023, mode: 'cumulative' });
    const result = await host.call('exports:yearView', { formId, unitId, year: 2023, mode: 'cumulative', outputPath: '年度累计' });
    expect(result.files).toEqual([join(host.dir, '年度累计.xlsx')]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(result.files[0] ?? '');
    const sheet = book.getWorksheet('年度视图');
    if (sheet === undefined) throw new Error('no sheet 年度视图');

    expect(sheet.getCell(1, 1).value).toBe('园区主要经济指标月报（2023年各月累计数）');
    expect(sheet.getCell(1, 15).master.address).toBe('A1');
    const info = Array.from({ length: 15 }, (_, c) => sheet.getCell(2, c + 1)).filter((c) => c.master === c).map((c) => c.value);
    expect(info).toEqual(['填报单位：京滨工业园', '期别：2023年1-12月', '计量单位：见各行“计量单位”栏']);
    expect(sheet.getRow(3).values).toEqual([undefined, '指标名称', '代码', '计量单位', '1月', '1-2月', '1-3月', '1-4月', '1-5月', '1-6月', '1-7月', '1-8月', '1-9月', '1-10月', '1-11月', '1-12月']);

    // Every figure is the grid's display, as a number with the grid's decimals.
    const a01 = grid.rows.find((r) => r.code === 'A01');
    const november = a01?.months[10];
    expect(november?.display).toBe('863,300.0');
    expect(rowOf(sheet, 'A01').getCell(14).value).toBe(863300);
    expect(rowOf(sheet, 'A01').getCell(14).numFmt).toBe('#,##0.0');
    for (const row of grid.rows.filter((r) => r.type === 'indicator')) {
      const line = rowOf(sheet, row.code);
      row.months.forEach((cell, i) => {
        const written = line.getCell(4 + i);
        const shown = cell.display === '' ? null : /^-?[\d,]+(\.\d+)?$/.test(cell.display) ? Number(cell.display.replace(/,/g, '')) : cell.display;
        expect(written.value ?? null, `${row.code} ${i + 1}月`).toBe(shown);
      });
    }

    // 其中 labels and indentation, borders, frozen header, A4 landscape one page wide.
    expect(rowOf(sheet, 'A0201').getCell(1).value).toBe('其中：工业投资');
    expect(rowOf(sheet, 'A0201').getCell(1).alignment.indent).toBe(1);
    expect(rowOf(sheet, 'A01').getCell(15).border.bottom?.style).toBe('thin');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, printTitlesRow: '3:3' });
  });

  it('heads 各月本月数 by month, and the print view gets the same table', async () => {
    const paper = await host.call('paper:yearView', { formId, unitId, year: 2023, mode: 'month' });
    expect(paper.title).toBe('园区主要经济指标月报（2023年各月本月数）');
    expect(paper.header.slice(3)).toEqual(Array.from({ length: 12 }, (_, i) => `${i + 1}月`));
    const exported = await host.call('exports:yearView', { formId, unitId, year: 2023, mode: 'month', outputPath: '年度本月.xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(exported.files[0] ?? '');
    expect(book.getWorksheet('年度视图')?.getCell(1, 1).value).toBe(paper.title);
  });

  it('prints the starter form’s year view on one A4 page in LibreOffice', async () => {
    const { files } = await host.call('exports:yearView', { formId, unitId, year: 2023, mode: 'cumulative', outputPath: '年度.xlsx' });
    const pdf = await convertWithLibreOffice(files[0] ?? '', 'pdf', join(host.dir, 'pdf'));
    expect(await pdfPageCount(pdf)).toBe(1);
  }, 240_000);
});
