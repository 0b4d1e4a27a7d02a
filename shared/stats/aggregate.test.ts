import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateMonths, aggregateOverTime, aggregateRatio, quarterValue, yearValue } from './aggregate.js';
import { addDecimals, roundHalfAway } from './decimal.js';

describe('aggregation over time', () => {
  const enterprises = ['100', '100', '101', '103', '103', '104', '104', '105', '105', '106', '107', '110'];

  it('sums flows', () => {
    expect(aggregateOverTime(['0.1', '0.2', null], 'sum')).toBe('0.3');
    expect(quarterValue(['1', '2', '3', '4', '5', '6'], 2, 'sum')).toBe('15');
  });

  it('takes a stock at period end, never summing it', () => {
    expect(quarterValue(enterprises, 1, 'last')).toBe('101');
    expect(yearValue(enterprises, 'last')).toBe('110');
  });

  it('does not carry an earlier stock forward over a missing period-end return', () => {
    expect(aggregateOverTime(['100', null], 'last')).toBeNull();
  });

  it('averages a stock over the months reported', () => {
    expect(aggregateMonths(['10', '20', '30'], 1, 3, 'average')).toBe('20');
    // January is absent on a 1-2月 form: average over what was reported.
    expect(aggregateMonths([null, '20', '30'], 1, 3, 'average')).toBe('25');
    expect(aggregateOverTime([null, null], 'average')).toBeNull();
  });

  it('rejects impossible spans', () => {
    expect(() => aggregateMonths([], 5, 3, 'sum')).toThrow(RangeError);
    expect(() => quarterValue([], 5, 'sum')).toThrow(RangeError);
  });
});

describe('aggregateRatio (recompute, never average)', () => {
  it('gives 整改率 2612/2612 = 100', () => {
    expect(aggregateRatio([{ numerator: '2612', denominator: '2612' }])).toBe('100');
  });

  it('differs from the mean of the unit ratios', () => {
    // Township A 9/10 = 90%, township B 1/90 ≈ 1.1%: county is 10/100 = 10%, not ≈45.6%.
    const townships = [
      { numerator: '9', denominator: '10' },
      { numerator: '1', denominator: '90' },
    ];
    expect(aggregateRatio(townships)).toBe('10');
  });

  it('drops incomplete pairs and refuses a zero denominator', () => {
    expect(aggregateRatio([{ numerator: '5', denominator: null }, { numerator: '1', denominator: '4' }])).toBe('25');
    expect(aggregateRatio([{ numerator: '0', denominator: '0' }])).toBeNull();
    expect(aggregateRatio([])).toBeNull();
    expect(aggregateRatio([{ numerator: '3', denominator: '4' }], '1')).toBe('0.75');
  });

  const count = fc.nat(100_000).map(String);
  const grid = fc.array(fc.array(fc.record({ numerator: count, denominator: count }), { minLength: 1, maxLength: 12 }), {
    minLength: 1,
    maxLength: 6,
  });

  // Independent oracle on integers: Σnum × 100 / Σden rounded half up to 6 places, via BigInt.
  const oracle = (numerator: bigint, denominator: bigint): string | null => {
    if (denominator === 0n) return null;
    const scaled = (numerator * 100n * 10n ** 6n * 2n + denominator) / (2n * denominator);
    return roundHalfAway(`${scaled}e-6`, 6);
  };

  it('equals the ratio of aggregated components, whichever way the grid is rolled up', () => {
    fc.assert(
      fc.property(grid, (units) => {
        const all = units.flat();
        const sum = (key: 'numerator' | 'denominator'): bigint => all.reduce((t, c) => t + BigInt(c[key]), 0n);
        const expected = oracle(sum('numerator'), sum('denominator'));
        const round = (value: string | null): string | null => (value === null ? null : roundHalfAway(value, 6));
        // Roll up each unit over its months first, then across units.
        const perUnit = units.map((months) => ({
          numerator: addDecimals(months.map((c) => c.numerator)),
          denominator: addDecimals(months.map((c) => c.denominator)),
        }));
        expect(round(aggregateRatio(all))).toBe(expected);
        expect(round(aggregateRatio(perUnit))).toBe(expected);
      }),
    );
  });
});
