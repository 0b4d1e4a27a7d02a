import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM_OPTIONS, type Form, type FormItem, type FormOptions, type Indicator } from '../domain/catalog.js';
import { type FormView, type FormViewRow, type StoredField } from '../domain/grid.js';
import { buildFormFigures } from './form-figures.js';
import { type FigureLookup } from './indicator-figures.js';
import { testIndicator } from '../../tests/support/test-indicator.js';

/** Stored figures keyed like the workbook: indicator code, period (YYYY-MM or YYYY), field. */
type Typed = Array<[code: string, period: string, field: StoredField, value: string]>;

const indicator = testIndicator;

function view(indicators: Indicator[], typed: Typed, period: string, options: Partial<FormOptions> = {}, firstReturnMonth: 1 | 2 = 1): Omit<FormView, 'formId' | 'unitId'> {
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const values = new Map<string, string>();
  for (const [code, at, field, value] of typed) values.set(`${byCode.get(code)?.id}|${at}|${field}`, value);
  const lookup: FigureLookup = { get: (id, at, field) => values.get(`${id}|${at}|${field}`) ?? null };
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const depth = (i: Indicator): number => (i.parentId === null ? 0 : 1 + depth(byId.get(i.parentId) as Indicator));
  const items: FormItem[] = indicators.map((i, index) => ({ itemId: index + 1, type: 'indicator', indicator: i, depth: depth(i) }));
  const form: Form = { id: 1, code: 'T', name: '测试表', firstReturnMonth, options: { ...DEFAULT_FORM_OPTIONS, ...options } };
  return buildFormFigures({ form, items, indicators: byId, unitId: 1, period, figures: lookup });
}

const rowOf = (v: Omit<FormView, 'formId' | 'unitId'>, code: string): FormViewRow => {
  const row = v.rows.find((r) => r.code === code);
  if (!row) throw new Error(`no row ${code}`);
  return row;
};

describe('本月 ↔ 累计: both typeable, one derivation', () => {
  it('derives 累计 from typed 本月 and 本月 from typed 累计', () => {
    const a = indicator('A');
    const b = indicator('B', { entryBasis: 'cumulative' });
    const v = view([a, b], [['A', '2023-01', 'month', '100'], ['A', '2023-02', 'month', '200'], ['B', '2023-01', 'cumulative', '100'], ['B', '2023-02', 'cumulative', '300']], '2023-02');
    expect(rowOf(v, 'A').cells.cumulative).toMatchObject({ value: '300', state: 'derived', editable: true });
    expect(rowOf(v, 'B').cells.month).toMatchObject({ value: '200', state: 'derived', editable: true });
    expect(rowOf(v, 'B').cells.cumulative).toMatchObject({ value: '300', state: 'typed' });
  });

  it('keeps both when 累计 and a disagreeing 本月 are typed, and names the three figures', () => {
    const a = indicator('A', { entryBasis: 'cumulative' });
    const v = view([a], [['A', '2023-01', 'cumulative', '500'], ['A', '2023-02', 'cumulative', '900'], ['A', '2023-02', 'month', '300']], '2023-02');
    const row = rowOf(v, 'A');
    expect(row.cells.cumulative).toMatchObject({ value: '900', state: 'mismatch' });
    expect(row.cells.month).toMatchObject({ value: '300', state: 'mismatch' });
    expect(row.mismatch).toContain('500');
    expect(row.mismatch).toContain('300');
    expect(row.mismatch).toContain('900');
    expect(row.mismatch).toContain('800');
  });

  it('accepts both typed when the identity holds', () => {
    const a = indicator('A');
    const v = view([a], [['A', '2023-01', 'month', '500'], ['A', '2023-02', 'cumulative', '800'], ['A', '2023-02', 'month', '300']], '2023-02');
    expect(rowOf(v, 'A').cells.cumulative?.state).toBe('typed');
    expect(rowOf(v, 'A').mismatch).toBeUndefined();
  });

  it('never treats a month without data as 0: 1-3月累计 with February blank is missing (缺2月数据)', () => {
    const a = indicator('A');
    const v = view([a], [['A', '2023-01', 'month', '100'], ['A', '2023-03', 'month', '300']], '2023-03');
    const row = rowOf(v, 'A');
    expect(row.cells.month).toMatchObject({ value: '300', state: 'typed' });
    expect(row.cells.cumulative).toMatchObject({ value: null, display: '', state: 'missing', remark: '缺2月数据' });
    expect(row.cells.growth?.state).toBe('missing');
    expect(row.cells.completion?.value).toBeNull();
  });

  it('blames the first month of a gap, and a typed 累计 ends the gap', () => {
    const a = indicator('A');
    const typed: Typed = [['A', '2023-02', 'month', '100'], ['A', '2023-03', 'month', '300'], ['A', '2023-04', 'cumulative', '1000'], ['A', '2023-05', 'month', '50']];
    expect(rowOf(view([a], typed, '2023-03'), 'A').cells.cumulative?.remark).toBe('缺1月数据');
    expect(rowOf(view([a], typed, '2023-04'), 'A').cells.month).toMatchObject({ state: 'missing', remark: '缺1月数据' });
    expect(rowOf(view([a], typed, '2023-05'), 'A').cells.cumulative).toMatchObject({ value: '1050', state: 'derived' });
  });

  it('a 累计-typed month after a gap gives no 本月', () => {
    const a = indicator('A', { entryBasis: 'cumulative' });
    const v = view([a], [['A', '2023-01', 'cumulative', '100'], ['A', '2023-03', 'cumulative', '400']], '2023-03');
    expect(rowOf(v, 'A').cells.month).toMatchObject({ value: null, state: 'missing', remark: '缺2月数据' });
    expect(rowOf(v, 'A').cells.cumulative).toMatchObject({ value: '400', state: 'typed' });
  });

  it('starts at 1-2月 when the form does: February is the first return, January has none', () => {
    const a = indicator('A');
    const typed: Typed = [['A', '2024-02', 'month', '250'], ['A', '2024-03', 'month', '100']];
    const february = view([a], typed, '2024-02', {}, 2);
    expect(february.monthLabel).toBe('1-2月');
    expect(february.cumulativeLabel).toBe('1-2月');
    expect(february.columns.map((c) => c.title).slice(0, 2)).toEqual(['1-2月', '1-2月累计']);
    expect(rowOf(february, 'A').cells.cumulative).toMatchObject({ value: '250', state: 'derived' });
    expect(rowOf(view([a], typed, '2024-03', {}, 2), 'A').cells.cumulative).toMatchObject({ value: '350', state: 'derived' });
    const january = view([a], typed, '2024-01', {}, 2);
    expect(january.periodOpen).toBe(false);
    expect(rowOf(january, 'A').cells.month?.editable).toBe(false);
  });

  it('an indicator can start at 1-2月 on a form that does not', () => {
    const a = indicator('A', { firstReturnMonth: 2 });
    const v = view([a], [['A', '2024-02', 'month', '250']], '2024-02');
    expect(rowOf(v, 'A').cells.cumulative).toMatchObject({ value: '250', state: 'derived' });
    expect(rowOf(view([a], [], '2024-01'), 'A').cells.month?.editable).toBe(false);
  });
});

describe('each kind as the bureau expects', () => {
  it('a stock takes the period-end value, never a sum', () => {
    const c = indicator('C', { kind: 'stock', unit: '家', decimals: 0 });
    const v = view([c], [['C', '2023-10', 'month', '98'], ['C', '2023-11', 'month', '100'], ['C', '2022-11', 'month', '85']], '2023-11');
    expect(rowOf(v, 'C').cells.cumulative).toMatchObject({ value: '100', editable: false });
    expect(rowOf(v, 'C').cells.growth?.display).toBe('17.6');
  });

  it('a 比率 compares in 百分点: 100.0 against 95.2 is +4.8个百分点, not 5.0%', () => {
    const r = indicator('R', { kind: 'ratio', unit: '%' });
    const v = view([r], [['R', '2023-12', 'month', '100'], ['R', '2022-12', 'month', '95.2']], '2023-12');
    expect(rowOf(v, 'R').cells.growth).toMatchObject({ value: '4.8', display: '+4.8个百分点' });
    const down = view([r], [['R', '2023-12', 'month', '90'], ['R', '2022-12', 'month', '95.2']], '2023-12');
    expect(rowOf(down, 'R').cells.growth?.display).toBe('-5.2个百分点');
  });

  it('a ratio defined by components is recomputed from their 累计, never averaged', () => {
    const found = indicator('D02', { unit: '条', decimals: 0 });
    const fixed = indicator('D03', { unit: '条', decimals: 0 });
    const rate = indicator('D04', { kind: 'ratio', unit: '%', numeratorId: fixed.id, denominatorId: found.id });
    // January 9/10 = 90%, February 1/90 ≈ 1.1%: the mean of rates (45.6) would be wrong; 10/100 = 10%.
    const typed: Typed = [['D02', '2023-01', 'month', '10'], ['D03', '2023-01', 'month', '9'], ['D02', '2023-02', 'month', '90'], ['D03', '2023-02', 'month', '1']];
    const row = rowOf(view([found, fixed, rate], typed, '2023-02'), 'D04');
    expect(row.cells.cumulative).toMatchObject({ value: '10', display: '10.0', state: 'derived', editable: false });
    expect(row.cells.month?.editable).toBe(false);
  });

  it('takes 同比 as typed for a 可比价 indicator, and asks for it when missing', () => {
    const g = indicator('G', { growthBasis: 'comparable', entryBasis: 'cumulative' });
    const typed: Typed = [['G', '2023-11', 'cumulative', '120'], ['G', '2022-11', 'cumulative', '100']];
    expect(rowOf(view([g], [...typed, ['G', '2023-11', 'growth', '6.1']], '2023-11'), 'G').cells.growth).toMatchObject({ value: '6.1', display: '6.1', state: 'typed', editable: true });
    expect(rowOf(view([g], typed, '2023-11'), 'G').cells.growth).toMatchObject({ value: null, editable: true, remark: expect.stringContaining('统计局') });
  });

  it('uses the comparable base (可比口径) for growth when typed, and shows both bases', () => {
    const a = indicator('A', { entryBasis: 'cumulative' });
    const typed: Typed = [['A', '2023-11', 'cumulative', '110'], ['A', '2022-11', 'cumulative', '100']];
    expect(rowOf(view([a], typed, '2023-11'), 'A').cells.growth?.display).toBe('10.0');
    const row = rowOf(view([a], [...typed, ['A', '2023-11', 'comparable_base', '104']], '2023-11'), 'A');
    expect(row.cells.prior_cumulative).toMatchObject({ value: '100', state: 'derived' });
    expect(row.cells.comparable_base).toMatchObject({ value: '104', state: 'comparable', editable: true });
    expect(row.cells.growth?.display).toBe('5.8');
  });

  it('words sign changes: 扭亏为盈 only to a profit, 由盈转亏, a loss cut to 0 is 减亏', () => {
    const p = indicator('P', { entryBasis: 'cumulative' });
    const growth = (now: string, then: string) =>
      rowOf(view([p], [['P', '2023-06', 'cumulative', now], ['P', '2022-06', 'cumulative', then]], '2023-06'), 'P').cells.growth?.display;
    expect(growth('35', '-120')).toBe('扭亏为盈');
    expect(growth('0', '-120')).toBe('减亏');
    expect(growth('-30', '200')).toBe('由盈转亏');
    expect(growth('-150', '-120')).toBe('增亏');
  });
});

describe('analysis columns', () => {
  const total = indicator('T', { entryBasis: 'cumulative' });
  const part = indicator('P1', { entryBasis: 'cumulative', parentId: total.id });
  const typed: Typed = [
    ['T', '2023-09', 'cumulative', '1000'],
    ['T', '2023-08', 'cumulative', '880'],
    ['T', '2022-09', 'cumulative', '800'],
    ['T', '2022-12', 'cumulative', '1100'],
    ['T', '2021-09', 'cumulative', '625'],
    ['T', '2023', 'target', '1200'],
    ['P1', '2023-09', 'cumulative', '419'],
    ['P1', '2022-09', 'cumulative', '300'],
  ];
  const all: FormOptions['analysisColumns'] = ['share', 'contribution', 'twoYearAverage', 'monthOnMonth', 'previousCumulative', 'timeProgress', 'projection'];

  it('adds the columns switched on, in a fixed order, before 备注', () => {
    const v = view([total, part], typed, '2023-09', { analysisColumns: ['projection', 'share'] });
    expect(v.columns.map((c) => c.key)).toEqual(['month', 'cumulative', 'prior_cumulative', 'comparable_base', 'growth', 'target', 'completion', 'share', 'projection', 'projectionMethod', 'note']);
  });

  it('computes 占比, 拉动, 两年平均, 上月止累计, 时间进度 and 预计全年 through the engine', () => {
    const v = view([total, part], typed, '2023-09', { analysisColumns: all });
    const t = rowOf(v, 'T').cells;
    const p = rowOf(v, 'P1').cells;
    expect(p.share?.display).toBe('41.9'); // 419 / 1000
    expect(p.contribution?.display).toBe('14.9'); // (419 − 300) / 800 × 100
    expect(t.twoYearAverage?.display).toBe('26.5'); // √(1000/625) − 1 = 26.49%
    expect(t.previousCumulative).toMatchObject({ value: '880' });
    expect(t.month).toMatchObject({ value: '120', state: 'derived' });
    expect(t.completion?.display).toBe('83.3');
    expect(t.timeProgress?.display).toBe('75.0');
    expect(t.progressGap?.display).toBe('超时间进度8.3个百分点');
    expect(t.projection).toMatchObject({ display: '1,333.3', remark: '按时间进度推算' }); // 1000 × 12 / 9
    expect(t.projectionMethod?.display).toBe('按时间进度');
  });

  it('projects by last year’s profile or by the target when the indicator says so', () => {
    const seasonal = { ...total, projectionMethod: 'seasonal' as const };
    expect(rowOf(view([seasonal], typed, '2023-09', { analysisColumns: ['projection'] }), 'T').cells.projection?.display).toBe('1,375.0'); // 1000 × 1100 / 800
    const byTarget = { ...total, projectionMethod: 'target' as const };
    const v = view([byTarget], typed, '2023-09', { analysisColumns: ['projection'] });
    expect(rowOf(v, 'T').cells.projection?.display).toBe('1,200.0');
    expect(rowOf(v, 'T').cells.projectionMethod?.display).toBe('按目标');
  });

  it('has no 上月止累计 in the first return of the year', () => {
    const v = view([total], [['T', '2023-01', 'cumulative', '50']], '2023-01', { analysisColumns: ['previousCumulative'] });
    expect(rowOf(v, 'T').cells.previousCumulative).toMatchObject({ value: null, remark: '本年首期，无上月累计' });
  });
});

describe('display units and 舍位平衡', () => {
  const total = indicator('S', { entryBasis: 'cumulative', decimals: 1 });
  const a = indicator('S1', { entryBasis: 'cumulative', parentId: total.id });
  const b = indicator('S2', { entryBasis: 'cumulative', parentId: total.id });
  const c = indicator('S3', { entryBasis: 'cumulative', parentId: total.id });
  // Parts 0.4 + 0.4 + 0.4 亿元 (4000万元 each → 0.40亿元) round separately to 0.4 each…
  const typed: Typed = [['S', '2023-06', 'cumulative', '14500'], ['S1', '2023-06', 'cumulative', '4833.3'], ['S2', '2023-06', 'cumulative', '4833.3'], ['S3', '2023-06', 'cumulative', '4833.4']];

  it('shows 万元 figures in 亿元 with the chosen decimals, exactly', () => {
    const v = view([total, a, b, c], [['S', '2023-06', 'cumulative', '863300']], '2023-06', { moneyDisplayUnit: '亿元', displayDecimals: 2 });
    expect(rowOf(v, 'S')).toMatchObject({ unit: '亿元', storedUnit: '万元', decimals: 2 });
    expect(rowOf(v, 'S').cells.cumulative).toMatchObject({ value: '86.33', display: '86.33' });
    expect(v.notes).toContain('因四舍五入，总计与分项合计可能不等。');
  });

  it('adjusts rounded parts so they add up to the rounded total when 舍位平衡 is on', () => {
    const plain = view([total, a, b, c], typed, '2023-06', { moneyDisplayUnit: '亿元', displayDecimals: 1 });
    const shown = (v: typeof plain) => ['S1', 'S2', 'S3'].map((code) => rowOf(v, code).cells.cumulative?.display);
    expect(rowOf(plain, 'S').cells.cumulative?.display).toBe('1.5');
    expect(shown(plain)).toEqual(['0.5', '0.5', '0.5']); // 1.5 ≠ 0.5 × 3? It is: no adjustment needed
    const t2: Typed = [['S', '2023-06', 'cumulative', '13500'], ['S1', '2023-06', 'cumulative', '4500'], ['S2', '2023-06', 'cumulative', '4500'], ['S3', '2023-06', 'cumulative', '4500']];
    const unbalanced = view([total, a, b, c], t2, '2023-06', { moneyDisplayUnit: '亿元', displayDecimals: 1 });
    expect(rowOf(unbalanced, 'S').cells.cumulative?.display).toBe('1.4'); // 1.35 → 1.4
    expect(shown(unbalanced)).toEqual(['0.5', '0.5', '0.5']); // 0.45 → 0.5 each: 1.5 ≠ 1.4
    const balanced = view([total, a, b, c], t2, '2023-06', { moneyDisplayUnit: '亿元', displayDecimals: 1, balanceRounding: true });
    const parts = shown(balanced).map(Number);
    expect(parts.reduce((x, y) => x + y, 0)).toBeCloseTo(1.4, 10);
    expect(shown(balanced)).toEqual(['0.4', '0.5', '0.5']);
    expect(rowOf(balanced, 'S1').cells.cumulative?.value).toBe('0.45'); // the exact value is untouched
    expect(balanced.notes[0]).toContain('舍位平衡');
  });

  it('leaves parts alone when they do not make up the total', () => {
    const t3: Typed = [['S', '2023-06', 'cumulative', '20000'], ['S1', '2023-06', 'cumulative', '4500'], ['S2', '2023-06', 'cumulative', '4500'], ['S3', '2023-06', 'cumulative', '4500']];
    const v = view([total, a, b, c], t3, '2023-06', { moneyDisplayUnit: '亿元', displayDecimals: 1, balanceRounding: true });
    expect(['S1', 'S2', 'S3'].map((code) => rowOf(v, code).cells.cumulative?.display)).toEqual(['0.5', '0.5', '0.5']);
  });
});
