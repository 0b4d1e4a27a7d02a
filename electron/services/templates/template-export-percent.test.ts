import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

/**
 * 同比 is a percent figure (5.9 means 5.9 %). A template cell that itself formats as a percent
 * ("0.0%") multiplies by 100 when shown, so the export must write 0.059 there, or the official
 * form would show 590.0 %. A cell whose "%" is quoted text ('0.0"%"') is not a percent format.
 */
describe('template export of 同比 into percent-formatted cells', () => {
  let host: TestHost;

  beforeEach(() => {
    host = makeTestHost();
  });
  afterEach(() => host.dispose());

  /**
   * A template built by ExcelJS (not by our filler): 同比 formatted three ways, one sheet each
   * (two cells of one sheet may not hold the same figure: an import would write one over the other).
   */
  async function writeTemplate(path: string): Promise<void> {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    for (const [name, numFmt] of [['百分比', '0.0%'], ['数值', '0.0'], ['文字百分号', '0.0"%"']] as const) {
      const sheet = workbook.addWorksheet(name);
      ['指标名称', '增长%'].forEach((text, i) => (sheet.getRow(3).getCell(i + 1).value = text));
      sheet.getCell('A4').value = '规模以上工业总产值';
      sheet.getCell('B4').numFmt = numFmt;
    }
    await writeFile(path, Buffer.from(await workbook.xlsx.writeBuffer()));
  }

  it('divides by 100 only where the cell format is a percent', async () => {
    await host.call('workbook:create', { path: 'percent', starterCatalog: true });
    const catalog = await host.call('catalog:get', {});
    const a01 = catalog.items.flatMap((item) => (item.type === 'indicator' && item.indicator.code === 'A01' ? [item.indicator.id] : []))[0] ?? 0;
    const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    // 产值 A01 is entered as 1-N月累计: 同比 = 863300 / 814900 − 1 = 5.939… % → shown as 5.9.
    await host.call('values:set', {
      unitId,
      source: 'edit',
      changes: [
        { indicatorId: a01, period: '2023-11', field: 'cumulative', value: '863300' },
        { indicatorId: a01, period: '2022-11', field: 'cumulative', value: '814900' },
      ],
    });

    const path = join(host.dir, '同比模板.xlsx');
    await writeTemplate(path);
    const template = await host.call('templates:register', { path });
    const growth = (sheet: string) => ({ sheet, cell: 'B4', indicatorId: a01, figure: 'growth' as const, unit: '%', periodOffset: 0 });
    await host.call('templates:saveBindings', { templateId: template.id, bindings: [growth('百分比'), growth('数值'), growth('文字百分号')] });
    const result = await host.call('templates:export', { templateId: template.id, unitIds: [unitId], period: '2023-11', outputDir: 'out' });

    // Read back with ExcelJS, a reader independent of our package filler.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(result.files[0] ?? '');
    const cell = (sheet: string) => workbook.getWorksheet(sheet)?.getCell('B4');
    expect(cell('百分比')?.value).toBe(0.059);
    expect(cell('百分比')?.numFmt).toBe('0.0%');
    expect(cell('数值')?.value).toBe(5.9);
    expect(cell('文字百分号')?.value).toBe(5.9);
  });
});
