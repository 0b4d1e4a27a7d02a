import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimals, compareDecimals, normalizeDecimal, roundHalfAway, subtractDecimal } from './decimal.js';
import { balanceRounding, splitByWeights } from './rounding-balance.js';

const figure = fc
  .tuple(fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n }), fc.nat(5))
  .map(([digits, scale]) => normalizeDecimal(`${digits}e-${scale}`));

describe('舍位平衡', () => {
  it('moves the part that lost most in rounding', () => {
    // Exact 0.333 + 0.333 + 0.334 = 1 → parts 0.3 + 0.3 + 0.3 = 0.9 at 1 decimal; one part must rise.
    const result = balanceRounding(['0.333', '0.333', '0.334'], 1);
    expect(result).toEqual({ ok: true, total: '1', parts: ['0.3', '0.3', '0.4'], adjusted: [2] });
  });

  it('lowers the part that gained most when rounded parts overshoot', () => {
    // 1.25 + 1.25 + 1.5 = 4 → parts 1.3 + 1.3 + 1.5 = 4.1; ties go to the larger part, then the first.
    const result = balanceRounding(['1.25', '1.25', '1.5'], 1);
    expect(result).toEqual({ ok: true, total: '4', parts: ['1.2', '1.3', '1.5'], adjusted: [0] });
  });

  it('changes nothing when the rounded parts already add up', () => {
    expect(balanceRounding(['15.62', '0.5656', '2.2144'], 2)).toEqual({
      ok: true,
      total: '18.4',
      parts: ['15.62', '0.57', '2.21'],
      adjusted: [],
    });
  });

  it('balances against a separately reported total and keeps missing parts missing', () => {
    // Equal remainders: the larger part rises first; equal parts: the earlier row moves.
    expect(balanceRounding(['2.345', null, '3.345'], 1, '5.69')).toEqual({
      ok: true,
      total: '5.7',
      parts: ['2.3', null, '3.4'],
      adjusted: [2],
    });
    expect(balanceRounding(['1.06', null, '1.06'], 1, '2.12')).toEqual({
      ok: true,
      total: '2.1',
      parts: ['1', null, '1.1'],
      adjusted: [0],
    });
  });

  it('refuses to hide a total that disagrees with its parts', () => {
    expect(balanceRounding(['1', '2'], 0, '10')).toEqual({
      ok: false,
      error: 'gap-too-large',
      total: '10',
      roundedParts: ['1', '2'],
    });
  });

  it('always sums to the rounded total, moving each part by at most one unit of the last place', () => {
    fc.assert(
      fc.property(fc.array(figure, { minLength: 1, maxLength: 25 }), fc.nat(4), (parts, decimals) => {
        const result = balanceRounding(parts, decimals);
        if (!result.ok) throw new Error('a sum of parts must always balance');
        expect(result.total).toBe(roundHalfAway(addDecimals(parts) ?? '0', decimals));
        expect(addDecimals(result.parts)).toBe(result.total);
        result.parts.forEach((part, i) => {
          const moved = subtractDecimal(part ?? '', roundHalfAway(parts[i] ?? '', decimals)).replace('-', '');
          expect(compareDecimals(moved, `1e-${decimals}`)).toBeLessThanOrEqual(0);
          expect(moved === '0').toBe(!result.adjusted.includes(i));
        });
      }),
    );
  });

  it('moves as few parts as the gap requires', () => {
    fc.assert(
      fc.property(fc.array(figure, { minLength: 1, maxLength: 25 }), fc.nat(4), (parts, decimals) => {
        const result = balanceRounding(parts, decimals);
        if (!result.ok) throw new Error('a sum of parts must always balance');
        const naive = addDecimals(parts.map((p) => roundHalfAway(p, decimals))) ?? '0';
        const gapUnits = subtractDecimal(result.total, naive).replace('-', '');
        expect(normalizeDecimal(`${result.adjusted.length}e-${decimals}`)).toBe(gapUnits);
      }),
    );
  });
});

describe('splitByWeights', () => {
  it('splits a total by weights into rounded parts that add up to it exactly', () => {
    expect(splitByWeights('100', [1, 1, 1], 1)).toEqual(['33.4', '33.3', '33.3']);
    const parts = splitByWeights('863300', [6, 7, 9, 9, 9, 9, 9, 9, 10, 10, 11], 1);
    expect(addDecimals(parts)).toBe('863300');
  });
});
