import { describe, expect, it } from 'vitest';
import { roundHalfAway } from './decimal.js';
import {
  baseFromGrowth,
  chooseBase,
  contribution,
  growthPercentFromMultiple,
  growthRate,
  percentagePointChange,
  share,
  twoYearAverageFromRates,
  twoYearAverageGrowth,
  yearOnYearGrowth,
} from './growth.js';

const percentAt = (current: string, base: string, decimals: number): string => {
  const growth = growthRate(current, base);
  if (growth.kind !== 'percent') throw new Error(`expected a percent, got ${growth.kind}`);
  return roundHalfAway(growth.value, decimals);
};

describe('baseFromGrowth and growthRate on seed figures', () => {
  it.each([
    // seed 000, 京滨工业园 2023
    ['规上工业产值 1-11月 86.33亿元 +5.94%', '86.33', '5.94', '81.49'],
    ['预计全年产值 93.33亿元 +8.73%', '93.33', '8.73', '85.84'],
    ['固投 1-11月 6.81亿元 +35.08%', '6.81', '35.08', '5.04'],
    ['预计全年固投 6.96亿元 +22.11%', '6.96', '22.11', '5.7'],
    ['一般预算收入 4.12亿元 +27.74%', '4.12', '27.74', '3.23'],
    ['到位额 18.4亿元 +507%', '18.4', '507', '3.03'],
    // seed 003: 一般公共财政预算收入 4719万元 同比增长16.8倍 = +1680%
    ['预算收入 4719万元 增长16.8倍', '4719', '1680', '265.11'],
    // seed 001: 有色金属冶炼 同比下降2.6%
    ['a decline of 2.6%', '97.4', '-2.6', '100'],
  ])('%s', (_label, current, growth, base) => {
    const derived = baseFromGrowth(current, growth);
    expect(derived).not.toBeNull();
    expect(roundHalfAway(derived ?? '', 2)).toBe(base);
    // Recomputing the growth on the derived base returns the stated rate exactly.
    expect(percentAt(current, derived ?? '', 2)).toBe(roundHalfAway(growth, 2));
  });

  it('reproduces the published rate from rounded figures within rounding', () => {
    expect(percentAt('86.33', '81.49', 2)).toBe('5.94');
    expect(percentAt('6.81', '5.0415', 2)).toBe('35.08');
  });

  it('has no base when growth is −100% or worse, or a figure is missing', () => {
    expect(baseFromGrowth('1', '-100')).toBeNull();
    expect(baseFromGrowth(null, '5')).toBeNull();
    expect(baseFromGrowth('1', null)).toBeNull();
  });
});

describe('growthRate edge cases', () => {
  it('computes (current − base) / base × 100 unrounded', () => {
    expect(growthRate('110', '100')).toEqual({ kind: 'percent', value: '10' });
    expect(growthRate('0.3', '0.1')).toEqual({ kind: 'percent', value: '200' });
    expect(growthRate('8', '9')).toMatchObject({ kind: 'percent', value: expect.stringMatching(/^-11\.1111/) });
  });

  it('has no base when a figure is missing', () => {
    expect(growthRate(null, '1')).toEqual({ kind: 'no-base' });
    expect(growthRate('1', null)).toEqual({ kind: 'no-base' });
  });

  it('marks something from nothing as new, and nothing from nothing as no rate', () => {
    expect(growthRate('5', '0')).toEqual({ kind: 'new', current: '5' });
    expect(growthRate('0', '0')).toEqual({ kind: 'no-base' });
    expect(growthRate('-5', '0')).toEqual({ kind: 'no-base' });
  });

  it('words losses instead of printing a backwards percentage', () => {
    expect(growthRate('35', '-120')).toEqual({ kind: 'turnaround', current: '35', base: '-120' });
    // A loss falling to exactly 0 is not 扭亏为盈 (domain.md): it is 减亏.
    expect(growthRate('0', '-120')).toEqual({ kind: 'loss-narrowed', current: '0', base: '-120' });
    expect(growthRate('-50', '-120')).toEqual({ kind: 'loss-narrowed', current: '-50', base: '-120' });
    expect(growthRate('-150', '-120')).toEqual({ kind: 'loss-widened', current: '-150', base: '-120' });
    expect(growthRate('-120', '-120')).toEqual({ kind: 'percent', value: '0' });
  });

  it('words a profit turned loss 由盈转亏, never a percent below −100', () => {
    expect(growthRate('-30', '200')).toEqual({ kind: 'profit-to-loss', current: '-30', base: '200' });
    expect(growthRate('0', '200')).toEqual({ kind: 'percent', value: '-100' });
  });
});

describe('上年同期: comparable vs published base', () => {
  it('uses the comparable base (可比口径) when present', () => {
    const base = { published: '80', comparable: '81.49' };
    expect(chooseBase(base)).toEqual({ kind: 'comparable', value: '81.49' });
    const { growth, baseKind } = yearOnYearGrowth('86.33', base);
    expect(baseKind).toBe('comparable');
    expect(growth.kind === 'percent' && roundHalfAway(growth.value, 2)).toBe('5.94');
  });

  it('falls back to the published figure, then to no base', () => {
    expect(yearOnYearGrowth('110', { published: '100', comparable: null })).toEqual({
      growth: { kind: 'percent', value: '10' },
      baseKind: 'published',
    });
    expect(yearOnYearGrowth('110', { published: null, comparable: null })).toEqual({
      growth: { kind: 'no-base' },
      baseKind: null,
    });
  });
});

describe('multiples: 增长X倍 vs 为上年的X倍', () => {
  it('reads 增长16.8倍 as +1680% and 增长1.79倍 as +179%', () => {
    expect(growthPercentFromMultiple('16.8', 'increase-by')).toBe('1680');
    expect(growthPercentFromMultiple('1.79', 'increase-by')).toBe('179');
  });

  it('reads 为上年的2.79倍 as +179%, the same as 增长1.79倍', () => {
    expect(growthPercentFromMultiple('2.79', 'times-of')).toBe('179');
  });

  it('16.8倍 means current ≈ 17.8 × base (4719 vs 265.11)', () => {
    expect(percentAt('4719', '265.11', 0)).toBe('1680');
  });
});

describe('百分点, 占比, 拉动, 两年平均', () => {
  it('differences of rates are in 百分点 (增速 5.6 vs 3.5 → 2.1)', () => {
    expect(percentagePointChange('5.6', '3.5')).toBe('2.1');
    expect(percentagePointChange('41.9', '45.5')).toBe('-3.6');
    expect(percentagePointChange(null, '1')).toBeNull();
  });

  it('占比 = part / total × 100 (国有投资 占总投资比重 41.9%)', () => {
    expect(roundHalfAway(share('2.853', '6.81') ?? '', 1)).toBe('41.9');
    expect(share('1', '0')).toBeNull();
    expect(share(null, '1')).toBeNull();
  });

  it('拉动 of the parts adds up to the total growth rate', () => {
    // Two parts: 60 → 66 and 40 → 38; total 100 → 104 (+4%).
    const a = contribution('66', '60', '100');
    const b = contribution('38', '40', '100');
    expect(a).toBe('6');
    expect(b).toBe('-2');
    expect(growthRate('104', '100')).toEqual({ kind: 'percent', value: '4' });
    expect(contribution('1', '1', '0')).toBeNull();
  });

  it('两年平均 is geometric, not arithmetic', () => {
    // 100 → 121 over two years: 10% a year, not 10.5%.
    expect(twoYearAverageGrowth('121', '100')).toBe('10');
    expect(twoYearAverageFromRates('21', '0')).toBe('10');
    expect(twoYearAverageFromRates('10', '10')).toBe('10');
    expect(roundHalfAway(twoYearAverageFromRates('5.94', '-3') ?? '', 2)).toBe('1.37');
    expect(twoYearAverageGrowth('1', '0')).toBeNull();
    expect(twoYearAverageGrowth('-1', '10')).toBeNull();
  });
});
