import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FormView, type FormViewRow } from '../../../shared/domain/grid.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

describe('demo workbook (京滨工业园, 2023)', () => {
  let host: TestHost;
  let november: FormView;
  const row = (code: string): FormViewRow => {
    const found = november.rows.find((r) => r.code === code);
    if (!found) throw new Error(`row ${code} missing`);
    return found;
  };

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:createDemo', { path: '示例' });
    const catalog = await host.call('catalog:get', {});
    const [unit] = await host.call('units:list', undefined);
    expect(unit?.name).toBe('京滨工业园');
    november = await host.call('grid:formView', { formId: catalog.form.id, unitId: unit?.id ?? 0, period: '2023-11' });
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
    const catalog = await host.call('catalog:get', {});
    const [unit] = await host.call('units:list', undefined);
    const year = await host.call('grid:yearView', { formId: catalog.form.id, unitId: unit?.id ?? 0, year: 2023, mode: 'month' });
    const b02 = year.rows.find((r) => r.code === 'B02');
    const sum = b02?.months.slice(0, 11).reduce((total, cell) => total + Math.round(Number(cell.value) * 10), 0);
    expect(sum).toBe(1_734_000);
    expect(b02?.months[11]?.value).toBeNull();
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
