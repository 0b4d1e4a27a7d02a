import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeStarterLikeTemplate } from '../../../tests/fixtures/starter-like-template.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

/**
 * A template's title shows the month it was issued for ("2023年11月…"). An export for October
 * must not go out under a November title, and importing that file back for October must pass
 * the title check.
 */
describe('the period in a template title follows the exported period', () => {
  let host: TestHost;
  beforeEach(() => {
    host = makeTestHost();
  });
  afterEach(() => host.dispose());

  it('rewrites 2023年11月 / 2023年1-11月 to October, and the re-import accepts the file', async () => {
    await host.call('workbook:create', { path: 'title', starterCatalog: true });
    const catalog = await host.call('catalog:get', {});
    const a01 = catalog.items.flatMap((i) => (i.type === 'indicator' && i.indicator.code === 'A01' ? [i.indicator.id] : []))[0] ?? 0;
    const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    await host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: a01, period: '2023-10', field: 'cumulative', value: '780000' }] });

    const path = join(host.dir, '园区月报.xlsx');
    await writeStarterLikeTemplate(path, '2023年1-11月园区主要经济指标');
    const { default: ExcelJS } = await import('exceljs');
    {
      // A period line of its own, and a note below the mapped rows that must stay as it is.
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path);
      const sheet = book.getWorksheet('月报');
      if (!sheet) throw new Error('no sheet');
      sheet.getCell('D2').value = '（2023年11月）';
      sheet.getCell('A9').value = '注：2023年11月起统计口径调整';
      await book.xlsx.writeFile(path);
    }
    const template = await host.call('templates:register', { path });
    await host.call('templates:saveBindings', { templateId: template.id, bindings: [{ sheet: '月报', cell: 'C4', indicatorId: a01, figure: 'cumulative', unit: '万元', periodOffset: 0 }] });
    const result = await host.call('templates:export', { templateId: template.id, unitIds: [unitId], period: '2023-10', outputDir: 'out' });
    const file = result.files[0] ?? '';
    expect(result.notes.join()).toContain('标题中的期别已改为所导出的期别');

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('月报');
    expect(sheet?.getCell('A1').value).toBe('2023年1-10月园区主要经济指标');
    expect(sheet?.getCell('D2').value).toBe('（2023年10月）');
    expect(sheet?.getCell('A2').value).toBe('单位：万元');
    expect(sheet?.getCell('A9').value).toBe('注：2023年11月起统计口径调整');
    expect(sheet?.getCell('C4').value).toBe(780000);

    const preview = await host.call('imports:preview', { templateId: template.id, paths: [file], period: '2023-10', unitId });
    expect(preview.files[0]?.problems).toEqual([]);
    expect(preview.canCommit).toBe(true);
    await host.call('imports:cancel', { previewId: preview.previewId });
  });
});
