import { type DecimalString, dec, fromDec, toDec } from '../stats/decimal.js';

/**
 * The exact arithmetic audit rules need beyond shared/stats' public surface (products, quotients,
 * orders of magnitude, robust statistics), on the engine's own Decimal so no figure ever becomes
 * a binary float.
 */

/** `a × b`, exact. */
export function multiplyDecimals(a: DecimalString, b: DecimalString): DecimalString {
  return fromDec(toDec(a).times(toDec(b)));
}

/** `a ÷ b` to the engine's precision, or `null` when `b` is 0 (no quotient). */
export function divideDecimals(a: DecimalString, b: DecimalString): DecimalString | null {
  const divisor = toDec(b);
  return divisor.isZero() ? null : fromDec(toDec(a).div(divisor));
}

/** Canonical plain decimals: no leading zeros, no trailing fraction zeros, no exponent. */
const CANONICAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/** |a|. */
export function absDecimal(a: DecimalString): DecimalString {
  // A canonical decimal's absolute value is its text without the sign (every 量级 and 同比 of a
  // run goes through here); anything else is normalised by the engine.
  if (CANONICAL.test(a)) return a.charCodeAt(0) === 45 ? a.slice(1) : a;
  return fromDec(toDec(a).abs());
}

/** True when `a` is a whole number. */
export function isWholeDecimal(a: DecimalString): boolean {
  return toDec(a).isInteger();
}

/**
 * The order of magnitude of a / b: log10|a / b| rounded to the nearest integer (3162 → 3.5 → 4,
 * 3100 → 3; 10⁻⁴ → −4), computed exactly: |a/b| rounds up to 10^(k+1) when (a/b)² ≥ 10^(2k+1).
 * `null` when either is 0 (no ratio) — a unit slip (元 typed for 万元) shows as ±4.
 */
export function magnitudeOfRatio(a: DecimalString, b: DecimalString): number | null {
  // The unit-slip rule asks this of every figure of every unit: the binary-float estimate is
  // taken whenever it cannot be wrong — log10|a/b| is never within 1e-9 of a rounding boundary
  // k + ½ by float error alone (a, b and the quotient are each off by < 1e-15 relative) — and
  // the exact Decimal comparison decides the rare figure near one.
  const quick = Math.log10(Math.abs(Number(a) / Number(b)));
  if (Number.isFinite(quick) && Math.abs(quick - Math.floor(quick) - 0.5) > 1e-9) {
    const rounded = Math.round(quick);
    return rounded === 0 ? 0 : rounded; // never −0
  }
  return exactMagnitudeOfRatio(a, b);
}

/** {@link magnitudeOfRatio} on Decimals only (the slow path for ratios near 10^(k+½), and for 0). */
export function exactMagnitudeOfRatio(a: DecimalString, b: DecimalString): number | null {
  const top = toDec(a).abs();
  const bottom = toDec(b).abs();
  if (top.isZero() || bottom.isZero()) return null;
  const ratio = top.div(bottom);
  const exponent = ratio.e; // floor(log10 ratio)
  return ratio.times(ratio).gte(dec(`1e${2 * exponent + 1}`)) ? exponent + 1 : exponent;
}

/** The median of a non-empty list, exact (the mean of the middle two for an even count). */
export function medianDecimal(values: readonly DecimalString[]): DecimalString {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = values.map((v) => toDec(v)).sort((x, y) => x.comparedTo(y));
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid];
  const lower = sorted[sorted.length % 2 === 0 ? mid - 1 : mid];
  if (!upper || !lower) throw new RangeError('median of an empty list');
  return fromDec(upper.plus(lower).div(2));
}

/**
 * Iglewicz–Hoaglin modified z-score of `value` against `history`: 0.6745 × (x − median) / MAD,
 * MAD = median |xᵢ − median|. Above 3.5 in absolute value is an outlier. `null` with fewer than
 * `minimum` history values, or when the MAD is 0 (a flat history gives no scale).
 */
export function modifiedZScore(value: DecimalString, history: readonly DecimalString[], minimum = 4): DecimalString | null {
  if (history.length < minimum) return null;
  const median = medianDecimal(history);
  const mad = medianDecimal(history.map((h) => absDecimal(fromDec(toDec(h).minus(toDec(median))))));
  if (toDec(mad).isZero()) return null;
  return fromDec(dec('0.6745').times(toDec(value).minus(toDec(median))).div(toDec(mad)));
}
