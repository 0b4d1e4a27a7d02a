import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IndicatorFieldsInput } from '../../../shared/api/catalog-api.js';
import { type TemplateBindingInput } from '../../../shared/api/template-api.js';
import { sheetXmlParts } from '../../../tests/fixtures/shown-table.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { openXlsxPackage } from '../excel/xlsx-package.js';
import { readPackageSnapshot } from '../excel/xlsx-read-package.js';

/**
 * Template filling reads the form view model: what a bound cell receives is the grid's figure —
 * rates rounded as shown, a sign word as text, amounts exactly in the binding's unit.
 */
describe('template export renders the form view model', () => {
  let host: TestHost;
  beforeEach(() => {
    host = makeTestHost();
  });
  afterEach(() => host.dispose());

  const FIELDS: Array<Omit<IndicatorFieldsInput, 'parentId' | 'growthBasis'>> = [
    { code: 'S01', name: '工业总产值', unit: '万元', decimals: 2, kind: 'flow', entryBasis: 'cumulative' },
    { code: 'S02', name: '隐患整改率', unit: '%', decimals: 1, kind: 'ratio', entryBasis: 'month' },
    { code: 'S03', name: '利润总额', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'cumulative' },
  ];

  it('writes rounded rates, 百分点 changes, sign words as text and exact converted amounts', async () => {
    await host.call('workbook:create', { path: 'fill', starterCatalog: false });
    const { form } = await host.call('catalog:get', {});
    const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    const ids: number[] = [];
    for (const fields of FIELDS) {
      const view = await host.call('catalog:addIndicator', { formId: form.id, afterItemId: null, fields: { ...fields, parentId: null, growthBasis: 'nominal' } });
      const item = view.items.find((i) => i.type === 'indicator' && i.indicator.code === fields.code);
      ids.push(item?.type === 'indicator' ? item.indicator.id : 0);
    }
    const [output = 0, rate = 0, profit = 0] = ids;
    await host.call('values:set', {
      unitId,
      source: 'edit',
      changes: [
        { indicatorId: output, period: '2023-11', field: 'cumulative', value: '123456789012.123456789' },
        { indicatorId: output, period: '2022-11', field: 'cumulative', value: '115638239123.5' },
        { indicatorId: output, period: '2023', field: 'target', value: '150000000000' },
        { indicatorId: rate, period: '2023-11', field: 'month', value: '100' },
        { indicatorId: rate, period: '2022-11', field: 'month', value: '95.24' },
        { indicatorId: profit, period: '2023-11', field: 'cumulative', value: '50' },
        { indicatorId: profit, period: '2022-11', field: 'cumulative', value: '-120' },
      ],
    });
    const view = await host.call('grid:formView', { formId: form.id, unitId, period: '2023-11' });
    const cells = (code: string) => view.rows.find((r) => r.code === code)?.cells;
    expect(cells('S01')?.growth).toMatchObject({ display: '6.8' });
    expect(cells('S01')?.completion).toMatchObject({ display: '82.3' });
    expect(cells('S02')?.growth).toMatchObject({ value: '4.76', display: '+4.8个百分点' });
    expect(cells('S03')?.growth).toMatchObject({ value: null, display: '扭亏为盈' });

    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('月报');
    ['指标名称', '累计(亿元)', '同比(%)', '完成进度(%)'].forEach((text, i) => (sheet.getRow(1).getCell(i + 1).value = text));
    FIELDS.forEach((fields, i) => (sheet.getCell(`A${i + 2}`).value = fields.name));
    await writeFile(join(host.dir, '模板.xlsx'), Buffer.from(await workbook.xlsx.writeBuffer()));
    const template = await host.call('templates:register', { path: '模板.xlsx' });
    const bind = (cell: string, indicatorId: number, figure: TemplateBindingInput['figure'], unit: string | null): TemplateBindingInput => ({ sheet: '月报', cell, indicatorId, figure, unit, periodOffset: 0 });
    await host.call('templates:saveBindings', {
      templateId: template.id,
      bindings: [
        bind('B2', output, 'cumulative', '亿元'),
        bind('C2', output, 'growth', '%'),
        bind('D2', output, 'completion', '%'),
        bind('C3', rate, 'growth', '%'),
        bind('C4', profit, 'growth', '%'),
      ],
    });
    const file = (await host.call('templates:export', { templateId: template.id, unitIds: [unitId], period: '2023-11', outputDir: 'out' })).files[0] ?? '';
    const bytes = await readFile(file);
    const xml = [...sheetXmlParts(bytes).values()].join('');
    // 万元 → 亿元 moves the point; every digit stays.
    expect(xml).toContain('<v>12345678.9012123456789</v>');
    const cellValue = (address: string) => {
      const sheetSnapshot = readPackageSnapshot(openXlsxPackage(bytes, 'x.xlsx')).sheets[0];
      const col = address.charCodeAt(0) - 65;
      const row = Number(address.slice(1)) - 1;
      return sheetSnapshot?.cells.find((c) => c.row === row && c.col === col)?.value;
    };
    expect(cellValue('C2')).toEqual({ type: 'number', value: '6.8' });
    expect(cellValue('D2')).toEqual({ type: 'number', value: '82.3' });
    expect(cellValue('C3')).toEqual({ type: 'number', value: '4.8' });
    expect(cellValue('C4')).toEqual({ type: 'text', value: '扭亏为盈' });
  });
});
