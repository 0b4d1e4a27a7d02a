import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addIndicator as addTestIndicator, countyWorkbook } from '../../../tests/support/county-workbook.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

describe('a node’s own typed figures compared with its 汇总', () => {
  let host: TestHost;
  let formId = 0;
  let county = 0;
  let countyName = '';
  const unit = new Map<string, number>();
  const indicator = new Map<string, number>();

  const addIndicator = async (fields: Parameters<typeof addTestIndicator>[2]): Promise<void> => {
    indicator.set(fields.code, await addTestIndicator(host, formId, fields));
  };
  const type = (unitId: number, values: Record<string, string>, field: 'cumulative' | 'month' = 'cumulative') =>
    host.call('values:set', { unitId, source: 'edit', changes: Object.entries(values).map(([c, value]) => ({ indicatorId: indicator.get(c) ?? 0, period: '2024-03', field, value })) });

  beforeEach(async () => {
    host = makeTestHost();
    const made = await countyWorkbook(host, [
      ['10', '东镇'],
      ['20', '西镇'],
    ]);
    ({ formId } = made);
    county = made.county.id;
    countyName = made.county.name;
    for (const [code, id] of made.units) unit.set(code, id);
    await addIndicator({ code: 'A', name: '工业总产值' });
    await addIndicator({ code: 'B', name: '固定资产投资' });
    await addIndicator({ code: 'E', name: '企业个数', kind: 'stock', unit: '家', decimals: 0, entryBasis: 'month' });
    await type(unit.get('10') ?? 0, { A: '1200.5', B: '300.04' });
    await type(unit.get('20') ?? 0, { A: '800', B: '200' });
    await type(unit.get('10') ?? 0, { E: '12' }, 'month');
    await type(unit.get('20') ?? 0, { E: '8' }, 'month');
  });
  afterEach(() => host.dispose());

  it('flags the figure that differs at the indicator’s decimals, on the 汇总 form view and in the comparison view', async () => {
    // 工业总产值 typed 2,100.0 against 2,000.5; 固定资产投资 500.0 equals 500.04 at one decimal; 企业个数 20 = 12 + 8.
    await type(county, { A: '2100', B: '500' });
    await type(county, { E: '20' }, 'month');

    const total = await host.call('consolidation:formView', { formId, unitId: county, period: '2024-03' });
    const cell = (code: string) => total.rows.find((r) => r.code === code)?.cells.cumulative;
    expect(cell('A')).toMatchObject({ value: '2000.5', state: 'mismatch', remark: '本单位自报2,100.0万元，与下级汇总2,000.5万元相差99.5万元，请核对。' });
    expect(cell('B')?.state).toBe('derived');
    expect(total.rows.find((r) => r.code === 'E')?.cells.month?.state).not.toBe('mismatch');
    expect(total.notes).toContain(`1项指标“${countyName}”自报数与下级汇总不一致：工业总产值（见单元格提示）。`);

    const comparison = await host.call('consolidation:compare', { formId, unitId: county, period: '2024-03', indicatorIds: [indicator.get('A') ?? 0, indicator.get('E') ?? 0] });
    expect(comparison.total.cells[indicator.get('A') ?? 0]?.cumulative.state).toBe('mismatch');
    expect(comparison.notes).toContain(`${countyName}工业总产值：本单位自报2,100.0万元，与下级汇总2,000.5万元相差99.5万元，请核对。`);
  });

  it('says nothing when the node typed nothing of its own, or typed the same', async () => {
    const untyped = await host.call('consolidation:formView', { formId, unitId: county, period: '2024-03' });
    expect(untyped.rows.some((r) => Object.values(r.cells).some((c) => c?.state === 'mismatch'))).toBe(false);
    await type(county, { A: '2000.5' });
    const same = await host.call('consolidation:compare', { formId, unitId: county, period: '2024-03' });
    expect(same.notes.some((n) => n.includes('自报'))).toBe(false);
    // A stock typed differently is flagged too: 企业个数 19 against 12 + 8.
    await type(county, { E: '19' }, 'month');
    const stock = await host.call('consolidation:compare', { formId, unitId: county, period: '2024-03', indicatorIds: [indicator.get('E') ?? 0] });
    expect(stock.notes).toContain(`${countyName}企业个数：本单位自报19家，与下级汇总20家相差-1家，请核对。`);
  });
});
