import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReportingUnit } from '../../../shared/domain/catalog.js';
import { type FormView, type FormViewRow } from '../../../shared/domain/grid.js';
import { statusAt } from '../../../shared/ledger/project-ledger.js';
import { addDecimals } from '../../../shared/stats/index.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

describe('demo workbook (京滨工业园, 2023)', () => {
  let host: TestHost;
  let november: FormView;
  let units: ReportingUnit[];
  let formId: number;
  const unit = (code: string): ReportingUnit => {
    const found = units.find((u) => u.code === code);
    if (!found) throw new Error(`unit ${code} missing`);
    return found;
  };
  const row = (code: string): FormViewRow => {
    const found = november.rows.find((r) => r.code === code);
    if (!found) throw new Error(`row ${code} missing`);
    return found;
  };

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:createDemo', { path: '示例' });
    formId = (await host.call('catalog:get', {})).form.id;
    units = await host.call('units:list', undefined);
    expect(unit('001').name).toBe('京滨工业园');
    november = await host.call('grid:formView', { formId, unitId: unit('001').id, period: '2023-11' });
  });
  afterEach(() => host.dispose());

  it('shows the published 1-11月 figures of the article', () => {
    expect(november.cumulativeLabel).toBe('1-11月');
    const output = row('A01');
    expect(output.title).toBe('规模以上工业总产值');
    expect(output.cells.cumulative?.display).toBe('863,300.0');
    expect(output.cells.growth?.display).toBe('5.9');
    expect(output.cells.prior_cumulative?.state).toBe('derived');
    expect(row('A02').cells.growth?.display).toBe('35.1');
  });

  it('shows 承接北京非首都功能任务 at 115.6% of its annual target', () => {
    const task = row('B02');
    expect(task.title).toBe('承接北京非首都功能任务');
    expect(task.cells.cumulative?.display).toBe('173,400.0');
    expect(task.cells.target?.display).toBe('150,000.0');
    expect(task.cells.completion?.display).toBe('115.6');
  });

  it('recomputes 隐患整改率 from its components and compares it in 百分点', () => {
    const rate = row('D04');
    expect(rate.cells.cumulative).toMatchObject({ display: '100.0', state: 'derived', editable: false });
    // Last year 2301 of 2381 rectified (bases from the published growth of each count): 96.6%.
    expect(rate.cells.growth?.display).toMatch(/^\+3\.\d个百分点$/);
  });

  it('shows 2,612 hazards found and 2,612 rectified', () => {
    expect(row('D02').cells.cumulative?.display).toBe('2,612');
    expect(row('D03').title).toBe('已整改隐患数');
    expect(row('D03').cells.cumulative?.display).toBe('2,612');
  });

  it('keeps its monthly figures consistent: 本月 sums to 1-11月累计 exactly', async () => {
    const year = await host.call('grid:yearView', { formId, unitId: unit('001').id, year: 2023, mode: 'month' });
    const b02 = year.rows.find((r) => r.code === 'B02');
    const sum = b02?.months.slice(0, 11).reduce((total, cell) => total + Math.round(Number(cell.value) * 10), 0);
    expect(sum).toBe(1_734_000);
    expect(b02?.months[11]?.value).toBeNull();
  });

  it('puts the park in a county with two more parks and two townships, each with figures', async () => {
    const county = unit('000');
    expect(county).toMatchObject({ name: '武清区', parentId: null });
    expect(units.filter((u) => u.parentId === county.id).map((u) => u.name)).toEqual(['京滨工业园', '京津科技谷产业园', '武清汽车产业园', '梅厂镇', '大碱厂镇']);
    for (const code of ['002', '003', '101', '102']) {
      const view = await host.call('grid:formView', { formId, unitId: unit(code).id, period: '2023-11' });
      expect(view.rows.find((r) => r.code === 'A01')?.cells.cumulative?.state, code).toBe('typed');
      expect(view.rows.find((r) => r.code === 'A01')?.cells.growth?.display, code).toMatch(/^-?\d+\.\d$/);
    }
  });

  it('shows the county’s 汇总 as the sum of its units, with 同比 and the county’s own target', async () => {
    const total = await host.call('consolidation:formView', { formId, unitId: unit('000').id, period: '2023-11' });
    const parts = await Promise.all(
      units.filter((u) => u.parentId === unit('000').id).map((u) => host.call('grid:formView', { formId, unitId: u.id, period: '2023-11' })),
    );
    for (const code of ['A01', 'A02', 'A03', 'B01', 'B02', 'B03', 'C01', 'D02']) {
      const sum = addDecimals(parts.map((p) => p.rows.find((r) => r.code === code)?.cells.cumulative?.value ?? null));
      expect(total.rows.find((r) => r.code === code)?.cells.cumulative?.value, code).toBe(sum);
    }
    const output = total.rows.find((r) => r.code === 'A01');
    // 863,300 + 412,000 + 1,265,000 + 96,500 + 58,300 万元.
    expect(output?.cells.cumulative?.display).toBe('2,695,100.0');
    expect(output?.cells.growth?.display).toMatch(/^\d+\.\d$/);
    expect(output?.cells.completion?.display).toBe('91.4');
    // The comparison view ranks the five units and its 合计 is the same 汇总.
    const compare = await host.call('consolidation:compare', { formId, unitId: unit('000').id, period: '2023-11', indicatorIds: [output?.indicatorId ?? 0] });
    expect(compare.rows.map((r) => r.name)).toEqual(['京滨工业园', '京津科技谷产业园', '武清汽车产业园', '梅厂镇', '大碱厂镇']);
    expect(compare.rows.map((r) => r.cells[output?.indicatorId ?? 0]?.rank)).toEqual([2, 3, 1, 4, 5]);
    expect(compare.total.cells[output?.indicatorId ?? 0]?.cumulative.display).toBe('2,695,100.0');
  });

  it('keeps seed 000’s enterprises in the roster: 高新技术100家, 雏鹰121家, 瞪羚18家, 领军2家, counted on the form', async () => {
    const counts = await host.call('roster:counts', { unitId: unit('001').id, period: '2023-11' });
    const held = Object.fromEntries(counts.byDesignation.map((d) => [d.designation, d.count]));
    expect(held).toMatchObject({ 高新技术企业: 100, 雏鹰企业: 121, 瞪羚企业: 18, 领军企业: 2 });
    // The form's typed 国家高新技术企业数 and the roster agree in every month of both years.
    const months = await host.call('grid:yearView', { formId, unitId: unit('001').id, year: 2022, mode: 'month' });
    const typed = months.rows.find((r) => r.code === 'C01')?.months.map((m) => m.value);
    const counted = await Promise.all(typed?.map((_, i) => host.call('roster:counts', { unitId: unit('001').id, period: `2022-${String(i + 1).padStart(2, '0')}` })) ?? []);
    expect(counted.map((c) => String(c.byDesignation.find((d) => d.designation === '高新技术企业')?.count))).toEqual(typed);
    expect(row('C02')).toMatchObject({ title: '雏鹰企业数', cells: { cumulative: { display: '121', editable: false } } });
    expect(row('C02').cells.growth?.display).toBe('21.0');
    expect(row('C03').cells.cumulative?.display).toBe('18');
    expect(row('C04').cells.cumulative?.display).toBe('2');
    const county = await host.call('consolidation:formView', { formId, unitId: unit('000').id, period: '2023-11' });
    expect(county.rows.find((r) => r.code === 'C02')?.cells.cumulative?.display).toBe(String(121 + 58 + 27 + 5 + 3));
  });

  it('keeps the park’s projects: 17 signed in 2023 as the form counts them, 64 在谈, several under way', async () => {
    const projects = await host.call('projects:list', { unitId: unit('001').id });
    const year = await host.call('grid:yearView', { formId, unitId: unit('001').id, year: 2023, mode: 'month' });
    const signedTyped = year.rows.find((r) => r.code === 'B03')?.months.slice(0, 11).map((m) => Number(m.value));
    const signedLedger = Array.from({ length: 11 }, (_, i) => {
      const period = `2023-${String(i + 1).padStart(2, '0')}`;
      return projects.filter((p) => p.statusHistory.some((c) => c.status === '签约' && c.period === period)).length;
    });
    expect(signedLedger).toEqual(signedTyped);
    expect(signedLedger.reduce((a, b) => a + b, 0)).toBe(17);
    const status = (s: string): number => projects.filter((p) => statusAt(p.statusHistory, '2023-11') === s).length;
    expect(status('在谈')).toBe(64);
    expect(status('在建')).toBeGreaterThan(5);
    expect(status('竣工投产')).toBeGreaterThan(0);
    expect((await host.call('projects:list', { unitId: unit('000').id })).length).toBeGreaterThan(projects.length);
  });

  it('tells 示例 the demo exists and names the copy a second click would make, creating nothing', async () => {
    // beforeEach created “示例”; asking twice changes nothing on disk.
    const status = await host.call('workbook:demoStatus', { path: '示例' });
    expect(status.existing).toMatch(/示例\.statbench$/);
    expect(status.copyName).toBe('示例(2).statbench');
    expect(await host.call('workbook:demoStatus', { path: '示例' })).toEqual(status);
    expect((await host.call('workbook:createDemo', { path: '示例' })).name).toBe('示例(2).statbench');
    expect((await host.call('workbook:demoStatus', { path: '示例' })).copyName).toBe('示例(3).statbench');
    expect(await host.call('workbook:demoStatus', { path: '另一个示例' })).toEqual({ existing: null, copyName: '另一个示例.statbench' });
  });
});
