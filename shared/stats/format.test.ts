import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal, growthWord } from './format.js';

describe('formatDecimal', () => {
  it.each([
    ['1234.5', 2, true, '1,234.50'],
    ['863300', 0, true, '863,300'],
    ['-1234567.891', 2, true, '-1,234,567.89'],
    ['86.33', 2, false, '86.33'],
    ['86.3', 2, false, '86.30'],
    ['1.005', 2, false, '1.01'],
    ['-2.5', 0, false, '-3'],
    ['-0.001', 2, false, '0.00'],
    ['0.1', 1, true, '0.1'],
    ['999.995', 2, true, '1,000.00'],
  ])('%s at %i decimals (thousands: %s) → %s', (value, decimals, thousands, expected) => {
    expect(formatDecimal(value, decimals, { thousands })).toBe(expected);
  });

  it('shows a missing figure as an empty cell', () => {
    expect(formatDecimal(null, 2)).toBe('');
  });

  it('formats any written figure as rounding half away from zero and grouping in threes would', () => {
    // The quick path (canonical figures needing only zeros) and the rounding path must agree with
    // a plain reference on every kind of text a figure may arrive as.
    const written = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{1,16}$/), fc.option(fc.stringMatching(/^\d{1,8}$/), { nil: undefined }))
      .map(([negative, integer, fraction]) => `${negative ? '-' : ''}${integer}${fraction === undefined ? '' : `.${fraction}`}`);
    const reference = (value: string, decimals: number, thousands: boolean): string => {
      const rounded = new Decimal(value).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
      const fixed = (rounded.isZero() ? rounded.abs() : rounded).toFixed(decimals);
      if (!thousands) return fixed;
      const [integer = '', fraction] = fixed.replace('-', '').split('.');
      return `${fixed.startsWith('-') ? '-' : ''}${integer.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
    };
    fc.assert(
      fc.property(written, fc.integer({ min: 0, max: 6 }), fc.boolean(), (value, decimals, thousands) => {
        expect(formatDecimal(value, decimals, { thousands })).toBe(reference(value, decimals, thousands));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('growthWord (增长 / 下降 / 持平)', () => {
  it.each([
    ['5.94', '增长'],
    ['-2.6', '下降'],
    ['0', '持平'],
    ['0.049', '持平'],
    ['-0.049', '持平'],
    ['0.05', '增长'],
    ['-0.05', '下降'],
  ])('%s → %s', (rate, word) => {
    expect(growthWord(rate)).toBe(word);
  });

  it('never says 增长 for a rate shown as zero', () => {
    expect(growthWord('0.3', 0)).toBe('持平');
    expect(growthWord('0.3', 1)).toBe('增长');
  });
});
