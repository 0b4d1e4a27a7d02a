import { describe, expect, it } from 'vitest';
import { type ChartPoint, type ChartSeries, type IndicatorSeries } from '../../../shared/api/charts-api.js';
import { type ComparisonCells, type ComparisonRow, type ComparisonView } from '../../../shared/api/consolidation-api.js';
import { axisLabel, chartOption, completionOption, compositionOption, cumulativeOption, growthOption, rankingOption } from './chart-options.js';

const p = (value: string | null, display = value ?? '', remark?: string): ChartPoint => (remark ? { value, display, remark } : { value, display });
const none = p(null);

function indicator(overrides: Partial<IndicatorSeries> = {}): IndicatorSeries {
  return {
    indicatorId: 1,
    code: 'A01',
    name: '规模以上工业总产值',
    unit: '万元',
    kind: 'flow',
    decimals: 1,
    figureLabel: '累计',
    thisYear: [p('100', '100.0'), p(null, '', '缺2月数据'), p('320', '320.0')],
    lastYear: Array.from({ length: 12 }, (_, i) => p(String((i + 1) * 90))),
    growth: [p('11.1', '11.1'), none, p('-2.5', '-2.5')],
    growthUnit: '%',
    current: { value: p('320', '320.0'), growth: p('-2.5', '-2.5'), target: p('1000', '1,000.0'), completion: p('32', '32.0'), progressGap: p('7', '+7.0个百分点') },
    composition: { parts: [], rest: null },
    ...overrides,
  };
}

const data = (indicators: IndicatorSeries[]): ChartSeries => ({
  unitId: 1,
  unitName: '京滨工业园',
  period: '2023-03',
  year: 2023,
  month: 3,
  cumulativeLabel: '1-3月',
  timeProgress: p('25', '25.0'),
  indicators,
  consolidated: false,
  notes: [],
});

type SeriesOf = { series: { type: string; name: string; data: unknown[]; markLine?: { data: unknown[] } }[] };

describe('chart options', () => {
  it('plots this year against last year with gaps for unknown months, never 0', () => {
    const option = cumulativeOption(data([indicator()]), indicator()) as SeriesOf & { yAxis: { name: string }; title: { text: string } };
    expect(option.series.map((s) => [s.type, s.name])).toEqual([
      ['bar', '2023年累计'],
      ['line', '2022年同期'],
    ]);
    expect(option.series[0]?.data).toEqual([100, null, 320]);
    expect(option.series[1]?.data).toHaveLength(12);
    expect(option.yAxis.name).toBe('万元');
    expect(option.title.text).toBe('规模以上工业总产值累计（万元）');
  });

  it('draws 同比 as a line in % or 百分点 with the zero line', () => {
    const option = growthOption(data([indicator()]), indicator()) as SeriesOf & { yAxis: { name: string } };
    expect(option.series[0]?.data).toEqual([11.1, null, -2.5]);
    expect(option.series[0]?.markLine?.data).toEqual([{ yAxis: 0 }]);
    expect(option.yAxis.name).toBe('%');
    const rate = growthOption(data([]), indicator({ kind: 'ratio', growthUnit: '百分点' })) as { yAxis: { name: string } };
    expect(rate.yAxis.name).toBe('百分点');
  });

  it('shows a breakdown as a pie with 其他, and overlapping 其中 items as 占比 bars', () => {
    const parts = [{ indicatorId: 2, name: '工业投资', value: p('52000', '52,000.0'), share: p('76.36', '76.4') }];
    const pie = compositionOption(data([]), indicator({ composition: { parts, rest: p('16100', '16,100.0') } })) as { series: { type: string; data: unknown[] }[] };
    expect(pie.series[0]?.type).toBe('pie');
    expect(pie.series[0]?.data).toEqual([
      { name: '工业投资', value: 52000 },
      { name: '其他', value: 16100 },
    ]);
    const bars = compositionOption(data([]), indicator({ composition: { parts, rest: null } })) as SeriesOf;
    expect(bars.series[0]?.type).toBe('bar');
    expect(bars.series[0]?.data).toEqual([76.36]);
    expect(compositionOption(data([]), indicator())).toBeNull();
  });

  it('compares target completion with 时间进度 for the indicators that have a target', () => {
    const noTarget = indicator({ code: 'B03', name: '新签约项目个数', current: { ...indicator().current, completion: none, target: none } });
    const option = completionOption(data([indicator(), noTarget]), [indicator(), noTarget]) as SeriesOf & { yAxis: { data: string[] } };
    expect(option.yAxis.data).toEqual(['规模以上工业总产值']);
    expect(option.series[0]?.data).toEqual([32]);
    expect(option.series[0]?.markLine?.data).toEqual([{ xAxis: 25 }]);
    expect(chartOption('completion', data([noTarget]), noTarget)).toBeNull();
  });

  it('labels axes in the grid’s number format', () => {
    expect(axisLabel(863300, 1)).toBe('863,300');
    expect(axisLabel(2.5, 1)).toBe('2.5');
    expect(axisLabel(-1200, 0)).toBe('-1,200');
  });

  it('ranks the units under a node by the comparison view’s own 排名, leaving out units without the figure', () => {
    const cell = (value: string | null) => ({ value, display: value ?? '', state: 'typed' as const, editable: false });
    const cells = (value: string | null, rank: number | null): ComparisonCells => ({
      month: cell(null), cumulative: cell(value), growth: cell(null), share: cell(null), target: cell(null), completion: cell(null), progressGap: cell(null), rank,
    });
    const row = (unitId: number, name: string, value: string | null, rank: number | null): ComparisonRow => ({
      unitId, code: String(unitId), name, parentId: 1, depth: 0, consolidated: false, siblings: 3, cells: { 7: cells(value, rank) },
    });
    const view: ComparisonView = {
      formId: 1, unitId: 1, period: '2023-11', monthLabel: '本月', cumulativeLabel: '1-11月', timeProgress: '91.7',
      indicators: [{ indicatorId: 7, code: 'A01', name: '规模以上工业总产值', unit: '万元', kind: 'flow', decimals: 1 }],
      rows: [row(2, '甲镇', '500', 2), row(3, '乙镇', '900', 1), row(4, '丙镇', null, null)],
      total: { ...row(1, '全县', '1400', null), depth: -1 }, notes: [],
    };
    const option = rankingOption(view, 7) as SeriesOf & { yAxis: { data: string[] } };
    expect(option.yAxis.data).toEqual(['1. 乙镇', '2. 甲镇']);
    expect(option.series[0]?.data).toEqual([900, 500]);
    expect(rankingOption({ ...view, rows: [row(4, '丙镇', null, null)] }, 7)).toBeNull();
  });
});
