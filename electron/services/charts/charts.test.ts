import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChartSeries, type IndicatorSeries } from '../../../shared/api/charts-api.js';
import { type Indicator } from '../../../shared/domain/catalog.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

/** A 1×1 PNG (what ECharts' getDataURL gives, only smaller). */
const TINY_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('chart series of the demo workbook', () => {
  let host: TestHost;
  let unitId: number;
  let formId: number;
  let byCode: Map<string, Indicator>;
  let path: string;

  beforeEach(async () => {
    host = makeTestHost();
    path = (await host.call('workbook:createDemo', { path: 'demo' })).path;
    unitId = (await host.call('units:list', undefined)).find((u) => u.code === '001')?.id ?? 0;
    const catalog = await host.call('catalog:get', {});
    formId = catalog.form.id;
    byCode = new Map(catalog.items.flatMap((item) => (item.type === 'indicator' ? [[item.indicator.code, item.indicator] as const] : [])));
  });
  afterEach(() => host.dispose());

  const idOf = (code: string): number => byCode.get(code)?.id ?? 0;
  const seriesOf = async (codes: string[], period = '2023-11'): Promise<ChartSeries> => host.call('charts:series', { unitId, period, formId, indicatorIds: codes.map(idOf) });
  const only = (series: ChartSeries): IndicatorSeries => {
    const first = series.indicators[0];
    if (!first) throw new Error('no series');
    return first;
  };

  it('charts exactly what the grid shows: 1-11月 863,300.0万元, 同比 5.9, every month of both years', async () => {
    const series = await seriesOf(['A01']);
    const output = only(series);
    expect(output).toMatchObject({ name: '规模以上工业总产值', unit: '万元', figureLabel: '累计', growthUnit: '%' });
    expect(series.cumulativeLabel).toBe('1-11月');
    expect(series.timeProgress.display).toBe('91.7');
    expect(output.thisYear).toHaveLength(11);
    expect(output.lastYear).toHaveLength(12);
    expect(output.growth).toHaveLength(11);
    expect(output.current.value.display).toBe('863,300.0');
    expect(output.current.growth.display).toBe('5.9');
    expect(output.current.completion.display).toBe('91.8');

    // Month by month, each point is the grid's own cell of that month.
    for (const month of [2, 6, 11]) {
      const view = await host.call('grid:formView', { formId, unitId, period: `2023-${String(month).padStart(2, '0')}` });
      const row = view.rows.find((r) => r.code === 'A01');
      expect(output.thisYear[month - 1]?.value).toBe(row?.cells.cumulative?.value);
      expect(output.lastYear[month - 1]?.value).toBe(row?.cells.prior_cumulative?.value);
      expect(output.growth[month - 1]?.display).toBe(row?.cells.growth?.display);
    }
    // The cumulative line rises; last year runs to December.
    const values = output.thisYear.map((p) => Number(p.value));
    expect(values.every((v, i) => i === 0 || v > (values[i - 1] ?? 0))).toBe(true);
    expect(output.lastYear[11]?.value).not.toBeNull();
  });

  it('compares a 比率 in 百分点 and a stock by its period-end value', async () => {
    const series = await seriesOf(['D04', 'C01']);
    const [rate, stock] = series.indicators;
    expect(rate).toMatchObject({ kind: 'ratio', figureLabel: '比率', growthUnit: '百分点' });
    expect(rate?.current.growth.display).toMatch(/个百分点$/);
    expect(stock).toMatchObject({ kind: 'stock', figureLabel: '期末值' });
    expect(stock?.current.value.display).toBe('100');
  });

  it('breaks a total down into its 其中 items with their 占比 and the unnamed rest', async () => {
    const investment = only(await seriesOf(['A02']));
    expect(investment.composition.parts.map((p) => p.name)).toEqual(['工业投资']);
    expect(investment.composition.parts[0]?.value.display).toBe('52,000.0');
    // 52000 / 68100 = 76.36…%
    expect(investment.composition.parts[0]?.share.display).toBe('76.4');
    expect(investment.composition.rest?.display).toBe('16,100.0');
    expect(only(await seriesOf(['A01'])).composition).toEqual({ parts: [], rest: null });
  });

  it('defaults to the form’s indicators and refuses an unknown one in Chinese', async () => {
    const all = await host.call('charts:series', { unitId, period: '2023-11' });
    expect(all.indicators.map((i) => i.code).slice(0, 2)).toEqual(['A01', 'A02']);
    expect(await host.refusal('charts:series', { unitId, period: '2023-11', indicatorIds: [99_999] })).toContain('找不到所选的指标');
  });

  it('remembers the dashboard indicators and chart kinds with the workbook and refuses an unknown code', async () => {
    expect(await host.call('charts:dashboardSettings', undefined)).toEqual({ indicatorCodes: [], chartCode: null, chartKinds: ['cumulative', 'completion'] });
    const saved = await host.call('charts:saveDashboard', { indicatorCodes: ['A01', 'B02', 'A01'], chartCode: 'B02', chartKinds: ['growth', 'composition'] });
    expect(saved).toEqual({ indicatorCodes: ['A01', 'B02'], chartCode: 'B02', chartKinds: ['growth', 'composition'] });

    const message = await host.refusal('charts:saveDashboard', { indicatorCodes: ['A01', 'ZZ9'], chartCode: null });
    expect(message).toContain('ZZ9');
    // Nothing changed by the refusal; the choice survives closing and reopening the workbook.
    await host.call('workbook:close', undefined);
    await host.call('workbook:open', { path });
    expect(await host.call('charts:dashboardSettings', undefined)).toEqual({ indicatorCodes: ['A01', 'B02'], chartCode: 'B02', chartKinds: ['growth', 'composition'] });
    // A chart kind the dashboard does not have is refused by the channel.
    expect(await host.refusal('charts:saveDashboard', { indicatorCodes: ['A01'], chartCode: null, chartKinds: ['cumulative', 'radar' as 'growth'] })).not.toBe('');
  });
});

describe('chart series with a missing month', () => {
  let host: TestHost;
  afterEach(() => host.dispose());

  it('leaves a gap (never 0) where a month is missing, and after it', async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'gap', starterCatalog: false });
    const formId = (await host.call('catalog:get', {})).form.id;
    const unitId = (await host.call('units:list', undefined)).find((u) => u.code === '001')?.id ?? 0;
    const catalog = await host.call('catalog:addIndicator', {
      formId,
      afterItemId: null,
      fields: { code: 'X', name: '营业收入', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'month', parentId: null, growthBasis: 'nominal' },
    });
    const item = catalog.items.find((i) => i.type === 'indicator');
    const id = item?.type === 'indicator' ? item.indicator.id : 0;
    await host.call('values:set', {
      unitId,
      source: 'edit',
      changes: ['01', '03', '04'].map((m) => ({ indicatorId: id, period: `2023-${m}`, field: 'month' as const, value: '10' })),
    });
    const series = await host.call('charts:series', { unitId, period: '2023-04', indicatorIds: [id] });
    const points = series.indicators[0]?.thisYear ?? [];
    expect(points.map((p) => p.value)).toEqual(['10', null, null, null]);
    expect(points[2]?.remark).toContain('2月');
    expect(series.indicators[0]?.lastYear.every((p) => p.value === null)).toBe(true);
    expect(series.indicators[0]?.growth.every((p) => p.value === null)).toBe(true);
  });
});

describe('chart pictures', () => {
  let host: TestHost;
  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:createDemo', { path: 'demo' });
  });
  afterEach(() => host.dispose());

  it('saves a PNG in the data folder, never replacing a file, and refuses what is not a PNG', async () => {
    const first = await host.call('charts:savePng', { dataUrl: TINY_PNG, outputPath: '图表/产值' });
    expect(first.files).toEqual([join(host.dir, '图表', '产值.png')]);
    expect(readFileSync(join(host.dir, '图表', '产值.png')).subarray(1, 4).toString()).toBe('PNG');
    const second = await host.call('charts:savePng', { dataUrl: TINY_PNG, outputPath: '图表/产值.png' });
    expect(second.files).toEqual([join(host.dir, '图表', '产值(2).png')]);
    expect(second.notes[0]).toContain('已存在');

    const broken = `data:image/png;base64,${Buffer.from('not a picture').toString('base64')}`;
    expect(await host.refusal('charts:savePng', { dataUrl: broken, outputPath: '坏图' })).toContain('图片内容不完整');
    expect(existsSync(join(host.dir, '坏图.png'))).toBe(false);
  });
});
