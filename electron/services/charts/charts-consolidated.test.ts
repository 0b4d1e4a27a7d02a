import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChartSeries, type IndicatorSeries } from '../../../shared/api/charts-api.js';
import { type CellChange } from '../../../shared/api/grid-api.js';
import { addIndicator, countyWorkbook } from '../../../tests/support/county-workbook.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

/**
 * The dashboard of a node with units under it charts its 汇总, month by month exactly as the 汇总
 * view (consolidation:formView) shows it — the same rule the 工作总结 follows.
 */
describe('chart series of a node with units under it', () => {
  let host: TestHost;
  let county = 0;
  let east = 0;
  let west = 0;
  let south = 0;
  let formId = 0;
  let output = 0;
  let industry = 0;

  const indicator = (fields: Parameters<typeof addIndicator>[2]): Promise<number> => addIndicator(host, formId, fields);
  const save = (unitId: number, changes: CellChange[]) => host.call('values:set', { unitId, changes, source: 'edit' });
  /** 累计 typed for months 1… of a year (null: that month left blank). */
  const cumulative = (indicatorId: number, year: number, values: Array<string | null>): CellChange[] =>
    values.flatMap((value, i) => (value === null ? [] : [{ indicatorId, period: `${year}-${String(i + 1).padStart(2, '0')}`, field: 'cumulative' as const, value }]));
  const seriesOf = async (unitId: number, period: string): Promise<ChartSeries> => host.call('charts:series', { unitId, period, formId, indicatorIds: [output] });
  const only = (series: ChartSeries): IndicatorSeries => {
    const first = series.indicators[0];
    if (!first) throw new Error('no series');
    return first;
  };

  beforeEach(async () => {
    host = makeTestHost();
    const made = await countyWorkbook(host, [
      ['101', '东乡'],
      ['102', '西镇'],
    ]);
    ({ formId } = made);
    county = made.county.id;
    east = made.units.get('101') ?? 0;
    west = made.units.get('102') ?? 0;

    output = await indicator({ code: 'A', name: '工业总产值' });
    industry = await indicator({ code: 'A1', name: '高技术产业产值', parentId: output });
    await save(east, [
      ...cumulative(output, 2023, ['100', '200', '300', '400', '500', '600']),
      ...cumulative(output, 2024, ['120', '240', '360', '480', '600', '720']),
      { indicatorId: output, period: '2024', field: 'target', value: '1500' },
      { indicatorId: industry, period: '2024-06', field: 'cumulative', value: '400' },
    ]);
    // 西镇 left April blank: the county's 1-4月 is unknown, never 东乡's alone.
    await save(west, [
      ...cumulative(output, 2023, ['50', '100', '150', '200', '250', '300']),
      ...cumulative(output, 2024, ['60', '120', '180', null, '300', '360']),
      { indicatorId: output, period: '2024', field: 'target', value: '700' },
      { indicatorId: industry, period: '2024-06', field: 'cumulative', value: '200' },
    ]);
  });
  afterEach(() => host.dispose());

  it('charts the 汇总 of every month of both years, the cards equal to the 汇总 view, a gap left unknown', async () => {
    const june = await seriesOf(county, '2024-06');
    expect(june.consolidated).toBe(true);
    expect(june.notes[0]).toContain('2个填报单位');
    const total = only(june);
    // Hand-worked: 720 + 360 = 1,080.0; 上年同期 600 + 300 = 900; 同比 20.0%; 1080 / (1500 + 700) = 49.1%.
    expect(total.thisYear.map((p) => p.display)).toEqual(['180.0', '360.0', '540.0', '', '900.0', '1,080.0']);
    expect(total.lastYear.slice(0, 6).map((p) => p.display)).toEqual(['150.0', '300.0', '450.0', '600.0', '750.0', '900.0']);
    expect(total.growth.map((p) => p.display)).toEqual(['20.0', '20.0', '20.0', '', '20.0', '20.0']);
    expect(total.current.completion.display).toBe('49.1');
    // The missing part is named, and the total is not 东乡's 480 alone.
    expect(total.thisYear[3]).toMatchObject({ value: null });
    expect(total.thisYear[3]?.remark).toContain('西镇');
    // 其中: 400 + 200 = 600 of 1,080 (55.6%), the rest 480.
    expect(total.composition.parts.map((p) => [p.name, p.value.display, p.share.display])).toEqual([['高技术产业产值', '600.0', '55.6']]);
    expect(total.composition.rest?.display).toBe('480.0');

    for (let month = 1; month <= 6; month++) {
      const period = `2024-${String(month).padStart(2, '0')}`;
      const view = await host.call('consolidation:formView', { formId, unitId: county, period });
      const row = view.rows.find((r) => r.indicatorId === output);
      // The year's series: each month's point is the 汇总 view of that month.
      expect(total.thisYear[month - 1]?.value, period).toBe(row?.cells.cumulative?.value ?? null);
      expect(total.lastYear[month - 1]?.value, period).toBe(row?.cells.prior_cumulative?.value ?? null);
      expect(total.growth[month - 1]?.display, period).toBe(row?.cells.growth?.display ?? '');
      // The cards of that month: value, 同比, 完成率.
      const card = only(await seriesOf(county, period)).current;
      expect(card.value.display, period).toBe(row?.cells.cumulative?.display ?? '');
      expect(card.growth.display, period).toBe(row?.cells.growth?.display ?? '');
      expect(card.completion.display, period).toBe(row?.cells.completion?.display ?? '');
    }
    // A unit with no units under it still charts its own figures.
    const own = await seriesOf(east, '2024-06');
    expect(own.consolidated).toBe(false);
    expect(only(own).current.value.display).toBe('720.0');
  });

  it('takes in a unit joining mid-year from its month on, without inventing its last year', async () => {
    south = (await host.call('units:add', { code: '103', name: '南村', parentId: county, joinedPeriod: '2024-03' })).find((u) => u.code === '103')?.id ?? 0;
    await save(south, [...cumulative(output, 2024, [null, null, '30', '60', '90', '120']), { indicatorId: output, period: '2024', field: 'target', value: '300' }]);

    const total = only(await seriesOf(county, '2024-06'));
    // 1-2月 without 南村 (not yet in use); from 3月 with it; 上年同期 without it (no figures last year).
    expect(total.thisYear.map((p) => p.display)).toEqual(['180.0', '360.0', '570.0', '', '990.0', '1,200.0']);
    expect(total.lastYear[5]?.display).toBe('900.0');
    for (const month of [2, 3, 6]) {
      const period = `2024-0${month}`;
      const view = await host.call('consolidation:formView', { formId, unitId: county, period });
      const row = view.rows.find((r) => r.indicatorId === output);
      const card = only(await seriesOf(county, period)).current;
      expect([card.value.display, card.growth.display, card.completion.display], period).toEqual([
        row?.cells.cumulative?.display,
        row?.cells.growth?.display,
        row?.cells.completion?.display,
      ]);
    }
    // 1,200 / (1500 + 700 + 300) = 48.0% in June.
    expect(total.current.completion.display).toBe('48.0');
  });
});
