import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimals, compareDecimals, isDecimalString, normalizeDecimal, roundHalfAway, shiftDecimalPoint, subtractDecimal } from './decimal.js';

// Figures as a clerk's database holds them: up to 10^12 with up to 6 decimals.
const figure = fc
  .tuple(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.nat(6))
  .map(([digits, scale]) => normalizeDecimal(`${digits}e-${scale}`));

describe('normalizeDecimal', () => {
  it.each([
    ['86.33', '86.33'],
    ['+01.50', '1.5'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['1e-7', '0.0000001'],
    ['1.2E3', '1200'],
    ['100', '100'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeDecimal(input)).toBe(expected);
  });

  it.each(['', ' 1', '1,234.5', '１２３', '86.33亿元', '—', '/', 'NaN', 'Infinity', '0x10', '1e99999', '--1'])(
    'rejects %j with a RangeError, so clerk text never becomes a guessed figure',
    (input) => {
      expect(isDecimalString(input)).toBe(false);
      expect(() => normalizeDecimal(input)).toThrow(RangeError);
    },
  );

  it('is idempotent', () => {
    fc.assert(fc.property(figure, (value) => normalizeDecimal(value) === value));
  });
});

describe('addDecimals / subtractDecimal', () => {
  it('adds without binary-float drift: 0.1 + 0.2 is 0.3', () => {
    expect(addDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(subtractDecimal('0.3', '0.1')).toBe('0.2');
  });

  it('keeps "nothing reported" apart from zero', () => {
    expect(addDecimals([null, null])).toBeNull();
    expect(addDecimals([])).toBeNull();
    expect(addDecimals([null, '0'])).toBe('0');
    expect(addDecimals(['15.62', null, '0.5656'])).toBe('16.1856');
  });

  it('sums in any order to the same exact value', () => {
    fc.assert(
      fc.property(fc.array(figure, { maxLength: 30 }), (values) => {
        expect(addDecimals([...values].reverse())).toBe(addDecimals(values));
      }),
    );
  });
});

describe('shiftDecimalPoint', () => {
  it.each([
    ['5.9', -2, '0.059'],
    ['0.059', 2, '5.9'],
    ['863300', -4, '86.33'],
    ['-0.3', 1, '-3'],
  ])('%s × 10^%i = %s', (value, exponent, expected) => {
    expect(shiftDecimalPoint(value, exponent)).toBe(expected);
  });

  it('shifting there and back is the identity (a percent as a fraction and back)', () => {
    fc.assert(fc.property(figure, fc.integer({ min: -8, max: 8 }), (value, exponent) => shiftDecimalPoint(shiftDecimalPoint(value, exponent), -exponent) === value));
  });
});

describe('compareDecimals', () => {
  it('compares values, not text', () => {
    expect(compareDecimals('1.50', '1.5')).toBe(0);
    expect(compareDecimals('9', '10')).toBe(-1);
    expect(compareDecimals('-2', '-10')).toBe(1);
  });
});

describe('roundHalfAway (四舍五入)', () => {
  it.each([
    ['1.005', 2, '1.01'],
    ['-2.5', 0, '-3'],
    ['2.5', 0, '3'],
    ['-1.005', 2, '-1.01'],
    ['1.0049999', 2, '1'],
    ['-0.001', 2, '0'],
    ['5.9393794', 1, '5.9'],
    ['115.6', 1, '115.6'],
    ['1.5', 2, '1.5'],
    ['0.30000000000000004', 2, '0.3'],
  ])('%s at %i decimals → %s', (value, decimals, expected) => {
    expect(roundHalfAway(value, decimals)).toBe(expected);
  });

  it('rejects impossible decimal places', () => {
    expect(() => roundHalfAway('1', -1)).toThrow(RangeError);
    expect(() => roundHalfAway('1', 1.5)).toThrow(RangeError);
  });

  it('never drifts on re-rounding and never yields float artefacts', () => {
    fc.assert(
      fc.property(figure, fc.nat(6), (value, decimals) => {
        const once = roundHalfAway(value, decimals);
        expect(roundHalfAway(once, decimals)).toBe(once);
        expect(once).toMatch(decimals === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+(\\.\\d{1,${decimals}})?$`));
        // Within half a unit of the last place of the exact value.
        const error = subtractDecimal(value, once).replace('-', '');
        expect(compareDecimals(error, `0.5e-${decimals}`)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('is symmetric around zero (half away from zero, not half up)', () => {
    const negate = (value: string): string => subtractDecimal('0', value);
    fc.assert(
      fc.property(figure, fc.nat(6), (value, decimals) => {
        expect(roundHalfAway(negate(value), decimals)).toBe(negate(roundHalfAway(value, decimals)));
      }),
    );
  });
});

describe('the short-figure fast path agrees with exact decimal arithmetic', () => {
  // Figures straddling the 15-digit limit of the integer fast path, written as clerks and files do
  // (leading zeros, trailing fraction zeros, "-0"), so both paths and the hand-over between them run.
  const written = fc
    .tuple(fc.boolean(), fc.stringMatching(/^\d{1,17}$/), fc.option(fc.stringMatching(/^\d{1,8}$/), { nil: undefined }))
    .map(([negative, integer, fraction]) => `${negative ? '-' : ''}${integer}${fraction === undefined ? '' : `.${fraction}`}`);
  const exact = (value: Decimal): string => (value.isZero() ? '0' : value.toFixed());
  const D = Decimal.clone({ precision: 60 });

  it('sums like decimal.js', () => {
    fc.assert(
      fc.property(fc.array(fc.option(written, { nil: null }), { maxLength: 12 }), (values) => {
        const present = values.filter((v): v is string => v !== null);
        const expected = present.length === 0 ? null : exact(present.reduce((t, v) => t.plus(v), new D(0)));
        expect(addDecimals(values)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('normalises like decimal.js', () => {
    fc.assert(
      fc.property(written, (a) => {
        expect(normalizeDecimal(a)).toBe(exact(new D(a)));
      }),
      { numRuns: 3000 },
    );
  });

  it('subtracts and compares like decimal.js', () => {
    fc.assert(
      fc.property(written, written, (a, b) => {
        expect(subtractDecimal(a, b)).toBe(exact(new D(a).minus(b)));
        expect(compareDecimals(a, b)).toBe(new D(a).comparedTo(b));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps cents exact where a float would drift', () => {
    expect(addDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(subtractDecimal('863300.0', '815200.05')).toBe('48099.95');
    expect(subtractDecimal('999999999999999', '-1')).toBe('1000000000000000');
    expect(addDecimals(['-0.50', '0.5'])).toBe('0');
    expect(compareDecimals('1.50', '1.5')).toBe(0);
    expect(compareDecimals('-0', '0')).toBe(0);
  });
});
