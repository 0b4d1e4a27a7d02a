import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IndicatorFields } from '../../../shared/api/catalog-api.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

describe('报送情况: which units have returned a form for a month', () => {
  let host: TestHost;
  let formId = 0;
  let county = 0;
  const unit = new Map<string, number>();
  const indicator = new Map<string, number>();

  const addIndicator = async (fields: Partial<IndicatorFields> & Pick<IndicatorFields, 'code' | 'name'>): Promise<void> => {
    const catalog = await host.call('catalog:addIndicator', {
      formId,
      afterItemId: null,
      fields: { unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'cumulative', parentId: null, growthBasis: 'nominal', ...fields },
    });
    for (const item of catalog.items) if (item.type === 'indicator') indicator.set(item.indicator.code, item.indicator.id);
  };
  const type = (code: string, values: Record<string, string>) =>
    host.call('values:set', {
      unitId: unit.get(code) ?? 0,
      source: 'edit',
      changes: Object.entries(values).map(([c, value]) => ({ indicatorId: indicator.get(c) ?? 0, period: '2024-03', field: 'cumulative' as const, value })),
    });
  const view = () => host.call('completeness:view', { formId, unitId: county, period: '2024-03' });

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'county', starterCatalog: false });
    formId = (await host.call('catalog:get', {})).form.id;
    county = (await host.call('units:list', undefined))[0]?.id ?? 0;
    for (const [code, name, parent] of [
      ['10', '东乡', county],
      ['20', '北区', county],
      ['21', '北一片', '20'],
      ['22', '北二片', '20'],
      ['30', '西镇', county],
    ] as const) {
      const parentId = typeof parent === 'number' ? parent : (unit.get(parent) ?? 0);
      unit.set(code, (await host.call('units:add', { code, name, parentId })).find((u) => u.code === code)?.id ?? 0);
    }
    await addIndicator({ code: 'A', name: '工业总产值' });
    await addIndicator({ code: 'B', name: '营业收入' });
    await addIndicator({ code: 'C', name: '利润总额' });
  });
  afterEach(() => host.dispose());

  it('lists every unit under the node in tree order with its status and filled cells, and counts the returns', async () => {
    await type('10', { A: '100', B: '80', C: '5' });
    await host.call('period:submit', { unitId: unit.get('10') ?? 0, formId, period: '2024-03' });
    await type('21', { A: '50', B: '40', C: '3' });
    await type('22', { A: '60' });
    // 企业个数 counted from the 企业名录 is not the clerk's to type: not required.
    await addIndicator({ code: 'E', name: '企业个数', kind: 'stock', unit: '家', decimals: 0, entryBasis: 'month' });
    await host.call('roster:bindIndicator', { indicatorId: indicator.get('E') ?? 0, source: 'all' });

    const result = await view();
    expect(result.rows.map((r) => [r.name, r.depth, r.consolidated, r.label, r.required, r.filled, r.fillRate])).toEqual([
      ['东乡', 0, false, '已上报', 3, 3, '100.0'],
      ['北区', 0, true, '未录入', 3, 0, '0.0'],
      ['北一片', 1, false, '已审核', 3, 3, '100.0'],
      ['北二片', 1, false, '暂存', 3, 1, '33.3'],
      ['西镇', 0, false, '未录入', 3, 0, '0.0'],
    ]);
    expect(result.rows[0]?.lastAction).toMatchObject({ action: 'submit' });
    // 北区 has units under it: its own return is optional and not counted.
    expect(result.counts).toEqual({ empty: 1, draft: 1, audited: 1, submitted: 1, returned: 0 });
    expect(result.notes[0]).toBe('2024年3月“' + result.formName + '”：“' + result.unitName + '”下4个填报单位，未录入1个，暂存1个，已审核1个，已上报1个。');
    expect(result.notes[1]).toBe('尚待报送：西镇（未录入）。');

    // 撤回 makes it 退回 — to be returned again.
    await host.call('period:unlock', { unitId: unit.get('10') ?? 0, formId, period: '2024-03', reason: '数据有误' });
    const after = await view();
    expect(after.rows[0]).toMatchObject({ status: 'returned', label: '退回', lastAction: { action: 'unlock' } });
    expect(after.notes[1]).toBe('尚待报送：东乡（退回）、西镇（未录入）。');
  });

  it('shows a leaf’s own return, and refuses a retired unit in Chinese', async () => {
    await type('30', { A: '1' });
    const leaf = await host.call('completeness:view', { formId, unitId: unit.get('30') ?? 0, period: '2024-03' });
    expect(leaf.rows.map((r) => [r.name, r.label, r.filled])).toEqual([['西镇', '暂存', 1]]);
    await host.call('units:retire', { id: unit.get('30') ?? 0, period: '2024-02' });
    expect(await host.refusal('completeness:view', { formId, unitId: unit.get('30') ?? 0, period: '2024-03' })).toMatch(/^“西镇”已于2024年2月停用/);
    expect((await view()).rows.map((r) => r.name)).not.toContain('西镇');
  });

  it('exports the view as .xlsx: one line per unit, the ones still to return in red', async () => {
    await type('10', { A: '100', B: '80', C: '5' });
    const result = await host.call('completeness:export', { formId, unitId: county, period: '2024-03', outputPath: '报送情况' });
    expect(result.files[0]).toMatch(/报送情况\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(result.files[0] ?? join(host.dir, 'missing'));
    const sheet = workbook.getWorksheet('报送情况');
    const lines = Array.from(sheet?.getSheetValues() ?? [], (row) => (Array.isArray(row) ? row.slice(1).map((v: ExcelJS.CellValue) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')) : []));
    const at = (name: string) => lines.findIndex((l) => l[0]?.trim() === name);
    expect(lines[at('单位')]).toEqual(['单位', '代码', '状态', '应填', '已填', '填报率(%)', '最近上报/撤回']);
    expect(lines[at('东乡')]?.slice(0, 6)).toEqual(['东乡', '10', '已审核', '3', '3', '100']);
    expect(lines[at('北区（汇总）')]?.slice(2, 3)).toEqual(['未录入']);
    const west = sheet?.getRow(at('西镇'));
    expect(west?.getCell(3).value).toBe('未录入');
    expect(west?.getCell(1).font?.color?.argb).toBe('FFC00000');
    expect(sheet?.getRow(at('东乡')).getCell(1).font?.color?.argb).toBeUndefined();
  });
});
