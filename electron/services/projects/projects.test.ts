import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IndicatorFields } from '../../../shared/api/catalog-api.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

describe('项目台账 on a real workbook', () => {
  let host: TestHost;
  let formId = 0;
  let park = 0;
  let town = 0;
  const ids = new Map<string, number>();
  const id = (code: string): number => ids.get(code) ?? Number.NaN;

  const addIndicator = async (fields: Partial<IndicatorFields> & Pick<IndicatorFields, 'code' | 'name' | 'kind'>): Promise<void> => {
    const catalog = await host.call('catalog:addIndicator', { formId, afterItemId: null, fields: { unit: '个', decimals: 0, entryBasis: 'month', parentId: null, growthBasis: 'nominal', ...fields } });
    for (const item of catalog.items) if (item.type === 'indicator') ids.set(item.indicator.code, item.indicator.id);
  };
  const cell = async (unitId: number, code: string, period: string, column: 'month' | 'cumulative') =>
    (await host.call('grid:formView', { formId, unitId, period })).rows.find((r) => r.code === code)?.cells[column];

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'projects.statbench', starterCatalog: true });
    formId = (await host.call('catalog:get', {})).form.id;
    park = (await host.call('units:list', undefined))[0]?.id ?? 0;
    town = (await host.call('units:add', { code: '110', name: '东片区', parentId: park })).find((u) => u.code === '110')?.id ?? 0;
    await addIndicator({ code: 'P01', name: '在建项目个数', kind: 'stock' });
    await addIndicator({ code: 'P02', name: '项目完成投资', kind: 'flow', unit: '万元', decimals: 1 });
  });
  afterEach(() => host.dispose());

  it('keeps a project’s status history and investment, and feeds the form’s project counts month by month', async () => {
    const fields = { name: '新能源电池项目', unitId: town, category: '产业', totalInvestment: '25000', progressText: '主体施工', leader: '王副县长' };
    let projects = await host.call('projects:save', { fields, listUnitId: park });
    const projectId = projects[0]?.id ?? 0;
    expect(await host.refusal('projects:save', { fields: { ...fields, unitId: park }, listUnitId: park })).toBe('台账中已有名为“新能源电池项目”的项目，请换一个名称。');
    await host.call('projects:setStatus', { id: projectId, status: '签约', period: '2024-03', listUnitId: park });
    await host.call('projects:setAmount', { id: projectId, period: 2024, value: '6000', listUnitId: park });
    await host.call('projects:setAmount', { id: projectId, period: '2024-05', value: '1200.5', listUnitId: park });
    projects = await host.call('projects:setAmount', { id: projectId, period: '2024-06', value: '800', listUnitId: park });
    expect(projects[0]).toMatchObject({ statusHistory: [{ status: '签约', period: '2024-03' }], annualPlans: { '2024': '6000' }, monthlyInvestment: { '2024-05': '1200.5', '2024-06': '800' } });

    // B03 新签约项目个数 (a flow typed 本月) and the two new indicators now come from the ledger.
    expect(await host.refusal('projects:bindIndicator', { indicatorId: id('P01'), source: 'signed' })).toContain('不能对应');
    await host.call('projects:bindIndicator', { indicatorId: (await host.call('catalog:get', {})).items.flatMap((i) => (i.type === 'indicator' && i.indicator.code === 'B03' ? [i.indicator.id] : []))[0] ?? 0, source: 'signed' });
    await host.call('projects:bindIndicator', { indicatorId: id('P01'), source: 'status:开工' });
    // A 累计 typed before binding no longer counts once the ledger feeds the indicator.
    await host.call('values:set', { unitId: park, source: 'edit', changes: [{ indicatorId: id('P02'), period: '2024-06', field: 'cumulative', value: '99999' }] });
    await host.call('projects:bindIndicator', { indicatorId: id('P02'), source: 'investment' });

    expect(await cell(park, 'B03', '2024-03', 'month')).toMatchObject({ value: '1', state: 'derived', editable: false, remark: '取自项目台账：本月新签约项目个数' });
    expect((await cell(park, 'B03', '2024-06', 'cumulative'))?.value).toBe('1');
    expect((await cell(park, 'P01', '2024-05', 'month'))?.value).toBe('0');
    // The project moves from 签约 to 开工 in May: the count of 开工 projects changes from May on, not before.
    await host.call('projects:setStatus', { id: projectId, status: '开工', period: '2024-05', listUnitId: park });
    expect((await cell(park, 'P01', '2024-04', 'month'))?.value).toBe('0');
    expect((await cell(park, 'P01', '2024-05', 'month'))?.value).toBe('1');
    expect((await cell(town, 'P01', '2024-06', 'month'))?.value).toBe('1');
    expect((await cell(park, 'P02', '2024-06', 'cumulative'))?.value).toBe('2000.5');
    // The park's 汇总 reads the ledger of every unit under it.
    const total = await host.call('consolidation:formView', { formId, unitId: park, period: '2024-06' });
    expect(total.rows.find((r) => r.code === 'P02')?.cells.cumulative?.value).toBe('2000.5');
    // A unit with projects is not deleted; undo takes the status change back.
    expect(await host.refusal('units:remove', { id: town })).toContain('项目台账中有 1 个项目属于该单位');
    await host.call('history:undo', undefined);
    expect((await cell(park, 'P01', '2024-05', 'month'))?.value).toBe('0');
  });

  it('imports a project list through a preview (refused rows say why), exports it and reads it back unchanged', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('台账');
    for (const row of [
      ['项目名称', '所属单位', '类别', '总投资', '状态', '状态年月', '包联领导'],
      ['新能源电池项目', '东片区', '产业', '2.5亿元', '签约', '2024-02', '王副县长'],
      ['园区道路', '001', '基础设施', '8000', '开工', '2024-03', ''],
      ['无单位项目', '', '产业', '100', '', '', ''],
    ]) {
      sheet.addRow(row);
    }
    await book.xlsx.writeFile(join(host.dir, '台账.xlsx'));
    const preview = await host.call('projects:preview', { path: '台账.xlsx' });
    expect(preview.rows.map((r) => [r.rowNumber, r.status, r.change])).toEqual([
      [2, 'ok', 'new'],
      [3, 'ok', 'new'],
      [4, 'refused', undefined],
    ]);
    const result = await host.call('projects:import', { path: '台账.xlsx' });
    expect(result).toEqual({ added: 2, changed: 0, unchanged: 0, refused: [{ rowNumber: 4, name: '无单位项目', reasons: ['所属单位为空'] }] });
    const projects = await host.call('projects:list', { unitId: park });
    expect(projects.map((p) => [p.name, p.totalInvestment, p.statusHistory])).toEqual([
      ['园区道路', '8000', [{ status: '开工', period: '2024-03' }]],
      ['新能源电池项目', '25000', [{ status: '签约', period: '2024-02' }]],
    ]);
    const exported = await host.call('projects:export', { unitId: park, outputPath: '导出台账' });
    const back = await host.call('projects:preview', { path: exported.files[0] ?? '' });
    expect(back.unknownColumns).toEqual([]);
    expect(back.rows.map((r) => r.change)).toEqual(['unchanged', 'unchanged']);
    // A later status in a new file joins the history; the earlier change stays.
    const later = new ExcelJS.Workbook();
    later.addWorksheet('台账').addRows([
      ['项目名称', '所属单位', '总投资', '状态', '状态年月'],
      ['新能源电池项目', '东片区', '25000', '开工', '2024-05'],
    ]);
    await later.xlsx.writeFile(join(host.dir, '台账2.xlsx'));
    expect((await host.call('projects:preview', { path: '台账2.xlsx' })).rows[0]).toMatchObject({ change: 'changed', changedFields: ['状态'] });
    await host.call('projects:import', { path: '台账2.xlsx' });
    expect((await host.call('projects:list', { unitId: town }))[0]?.statusHistory).toEqual([
      { status: '签约', period: '2024-02' },
      { status: '开工', period: '2024-05' },
    ]);
  });
});
