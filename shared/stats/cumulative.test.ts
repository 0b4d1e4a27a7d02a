import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkFlowIdentity,
  cumulativeFromMonthly,
  deriveFlowYear,
  hasReturn,
  monthlyFromCumulative,
  monthlyLabel,
  monthlySeriesFromCumulative,
  previousReturnMonth,
} from './cumulative.js';
import { normalizeDecimal } from './decimal.js';

const figure = fc
  .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.nat(4))
  .map(([digits, scale]) => normalizeDecimal(`${digits}e-${scale}`));

describe('本月 ↔ 累计', () => {
  it('builds 1-N月 from monthly figures without float drift', () => {
    const monthly = ['0.1', '0.2', '0.3'];
    expect(cumulativeFromMonthly(monthly, 1)).toBe('0.1');
    expect(cumulativeFromMonthly(monthly, 2)).toBe('0.3');
    expect(cumulativeFromMonthly(monthly, 3)).toBe('0.6');
  });

  it('is unknown when any month is unreported: a blank month is not 0 (domain.md)', () => {
    expect(cumulativeFromMonthly([null, null, null], 3)).toBeNull();
    expect(cumulativeFromMonthly([], 5)).toBeNull();
    expect(cumulativeFromMonthly(['100', null, '300'], 3)).toBeNull();
    expect(cumulativeFromMonthly(['100', null, '300'], 1)).toBe('100');
    expect(cumulativeFromMonthly(['1', '0'], 2)).toBe('1');
  });

  it('derives 本月 as 本月止累计 − 上月止累计 (seed 000: 1-11月 86.33, 全年 93.33 → 12月 7)', () => {
    expect(monthlyFromCumulative('93.33', '86.33')).toBe('7');
    expect(monthlyFromCumulative('86.33', null)).toBe('86.33');
    expect(monthlyFromCumulative(null, '86.33')).toBeNull();
  });

  it('monthly → cumulative → monthly is the identity', () => {
    fc.assert(
      fc.property(fc.array(figure, { minLength: 12, maxLength: 12 }), (monthly) => {
        const cumulative = monthly.map((_, i) => cumulativeFromMonthly(monthly, i + 1));
        expect(monthlySeriesFromCumulative(cumulative)).toEqual(monthly);
        cumulative.forEach((cum, i) => {
          expect(monthlyFromCumulative(cum, i === 0 ? null : (cumulative[i - 1] ?? null))).toBe(monthly[i]);
        });
      }),
    );
  });

  it('rejects a month outside 1..12', () => {
    expect(() => cumulativeFromMonthly(['1'], 0)).toThrow(RangeError);
    expect(() => cumulativeFromMonthly(['1'], 13)).toThrow(RangeError);
  });
});

describe('forms that start at 1-2月', () => {
  it('has no January return and labels February 本月 as 1-2月', () => {
    expect(hasReturn(1, 2)).toBe(false);
    expect(hasReturn(2, 2)).toBe(true);
    expect(monthlyLabel(1, 2)).toBeNull();
    expect(monthlyLabel(2, 2)).toBe('1-2月');
    expect(monthlyLabel(2, 1)).toBe('2月');
    expect(monthlyLabel(3, 2)).toBe('3月');
  });

  it('treats February as the first return of the year', () => {
    expect(previousReturnMonth(2, 2)).toBeNull();
    expect(previousReturnMonth(3, 2)).toBe(2);
    expect(previousReturnMonth(1, 1)).toBeNull();
    expect(previousReturnMonth(2, 1)).toBe(1);
  });

  it('derives 本月 with February = the 1-2月 figure and January empty', () => {
    const cumulative = [null, '12.5', '20', '31.25'];
    expect(monthlySeriesFromCumulative(cumulative, 2)).toEqual([null, '12.5', '7.5', '11.25']);
    // The monthly series sums back to the same 累计.
    expect(cumulativeFromMonthly([null, '12.5', '7.5', '11.25'], 4, 2)).toBe('31.25');
    expect(cumulativeFromMonthly([null, '12.5', '7.5', '11.25'], 4, 1)).toBeNull();
  });

  it('ignores a stray January figure on a 1-2月 form instead of subtracting it', () => {
    expect(monthlySeriesFromCumulative(['3', '12.5'], 2)).toEqual([null, '12.5']);
  });

  it('does not pass a whole 累计 off as one month when the previous return is missing', () => {
    expect(monthlySeriesFromCumulative(['10', null, '30'])).toEqual(['10', null, null]);
  });
});

describe('checkFlowIdentity (上月止累计 + 本月 = 本月止累计)', () => {
  it('accepts consistent figures', () => {
    expect(checkFlowIdentity({ previousCumulative: '86.33', monthly: '7', cumulative: '93.33' })).toEqual({
      status: 'consistent',
    });
    expect(checkFlowIdentity({ previousCumulative: null, monthly: '12.5', cumulative: '12.5' })).toEqual({
      status: 'consistent',
    });
  });

  it('flags a mismatch with the expected 累计 and the difference', () => {
    expect(checkFlowIdentity({ previousCumulative: '86.33', monthly: '7', cumulative: '93.43' })).toEqual({
      status: 'mismatch',
      expectedCumulative: '93.33',
      difference: '0.1',
    });
  });

  it('allows a rounding tolerance when asked', () => {
    const figures = { previousCumulative: '86.33', monthly: '7.01', cumulative: '93.33' };
    expect(checkFlowIdentity(figures).status).toBe('mismatch');
    expect(checkFlowIdentity(figures, '0.01').status).toBe('consistent');
  });

  it('cannot check what is not there', () => {
    expect(checkFlowIdentity({ previousCumulative: '1', monthly: null, cumulative: '2' })).toEqual({ status: 'incomplete' });
  });
});

describe('deriveFlowYear: the one derivation of 本月 ↔ 累计', () => {
  const months = (entries: Record<number, string>): Array<string | null> => Array.from({ length: 12 }, (_, i) => entries[i + 1] ?? null);

  it('the first return has no 上月止累计: its 本月 and 累计 are one figure', () => {
    const january = deriveFlowYear(months({ 1: '100' }), months({}));
    expect(january.cumulative[0]).toEqual({ value: '100', state: 'derived' });
    const byCumulative = deriveFlowYear(months({}), months({ 1: '70' }));
    expect(byCumulative.month[0]).toEqual({ value: '70', state: 'derived' });
    // On a 1-2月 form the first return is February; January has none.
    const merged = deriveFlowYear(months({ 1: '5', 2: '250' }), months({}), 2);
    expect(merged.month[0]).toEqual({ value: null, state: 'empty' });
    expect(merged.cumulative[1]).toEqual({ value: '250', state: 'derived' });
    expect(merged.previousCumulative[1]).toEqual({ value: null, state: 'empty' });
    // A later month is never the first return just because the months before it are blank.
    const late = deriveFlowYear(months({ 3: '300' }), months({}));
    expect(late.cumulative[2]).toEqual({ value: null, state: 'missing', gapMonth: 1 }); // the earliest month to fill
  });

  it('flags a mismatch when both are typed and the identity fails, keeping both', () => {
    const year = deriveFlowYear(months({ 2: '300' }), months({ 1: '500', 2: '900' }));
    expect(year.month[1]).toEqual({ value: '300', state: 'mismatch' });
    expect(year.cumulative[1]).toEqual({ value: '900', state: 'mismatch' });
    expect(year.checks[1]).toEqual({ status: 'mismatch', expectedCumulative: '800', difference: '100' });
    const firstReturn = deriveFlowYear(months({ 1: '10' }), months({ 1: '11' }));
    expect(firstReturn.checks[0]?.status).toBe('mismatch');
  });

  it('typed on either basis, a complete year derives the same 本月 and 累计 (property)', () => {
    fc.assert(
      fc.property(fc.array(figure, { minLength: 12, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (monthly, typeCumulative) => {
        const cumulative = monthly.map((_, i) => cumulativeFromMonthly(monthly, i + 1));
        // Each month typed on a basis chosen at random; the other is derived.
        const typedMonthly = monthly.map((m, i) => (typeCumulative[i] ? null : m));
        const typedCumulative = cumulative.map((c, i) => (typeCumulative[i] ? c : null));
        const year = deriveFlowYear(typedMonthly, typedCumulative);
        expect(year.month.map((f) => f.value)).toEqual(monthly);
        expect(year.cumulative.map((f) => f.value)).toEqual(cumulative);
        expect(year.checks.every((c) => c === null)).toBe(true);
      }),
    );
  });

  it('never produces a figure that depends on a month without data (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(figure, { nil: null }), { minLength: 12, maxLength: 12 }), (monthly) => {
        const year = deriveFlowYear(monthly, months({}));
        const firstGap = monthly.findIndex((m) => m === null);
        year.cumulative.forEach((f, i) => {
          if (monthly[i] === null) expect(f.state).toBe('empty');
          else if (firstGap >= 0 && firstGap < i) expect(f).toMatchObject({ value: null, state: 'missing', gapMonth: firstGap + 1 });
          else expect(f.value).toBe(cumulativeFromMonthly(monthly, i + 1));
        });
      }),
    );
  });
});
