import { Decimal } from 'decimal.js';
import { type DecimalString, assertDecimals, roundHalfAway, toDec } from './decimal.js';

/** Options for {@link formatDecimal}. */
export type FormatDecimalOptions = {
  /** Group the integer part in threes with "," (display); leave off for CSV/xlsx export. */
  thousands?: boolean;
};

/**
 * A figure as shown or exported: rounded half away from zero to exactly `decimals` places, padded
 * with zeros, optionally with thousands separators: `("1234.5", 2, { thousands: true })` →
 * `"1,234.50"`, `("-0.001", 2)` → `"0.00"` (never `"-0.00"`). `null` (not reported) → `""`.
 * @throws RangeError on a non-decimal value or `decimals` outside 0..20.
 */
export function formatDecimal(value: DecimalString | null, decimals: number, options: FormatDecimalOptions = {}): string {
  if (value === null) return '';
  const fixed = fixedDecimals(value, decimals);
  if (!options.thousands) return fixed;
  const negative = fixed.startsWith('-');
  const [integer = '', fraction] = (negative ? fixed.slice(1) : fixed).split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A canonical decimal string with no more fraction digits than it needs (as stored figures are). */
const CANONICAL = /^-?(?:0|[1-9]\d*)(?:\.(\d*[1-9]))?$/;

/**
 * `value` rounded half away from zero to exactly `decimals` places. A figure that already has at
 * most `decimals` fraction digits only needs zeros appended — no arithmetic (the common case:
 * a form view formats thousands of stored figures).
 */
function fixedDecimals(value: DecimalString, decimals: number): string {
  assertDecimals(decimals);
  const match = CANONICAL.exec(value);
  const fraction = match?.[1] ?? '';
  if (match && fraction.length <= decimals) {
    if (decimals === 0) return value;
    const padding = '0'.repeat(decimals - fraction.length);
    return fraction === '' ? `${value}.${padding}` : `${value}${padding}`;
  }
  const rounded = toDec(value).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  // Never "-0.00": a value that rounds to zero is shown unsigned.
  return (rounded.isZero() ? rounded.abs() : rounded).toFixed(decimals);
}

/** The word for a growth rate: 增长, 下降, or 持平. */
export type GrowthWord = '增长' | '下降' | '持平';

/** Below this absolute change (in percent) a rate reads as 持平, per the bureau's wording. */
const FLAT_THRESHOLD = '0.05';

/**
 * 增长 / 下降 / 持平 for a growth percent: 持平 when |rate| < 0.05, or when the rate would show as
 * zero at `decimals` places (so "增长0%" is never printed); otherwise by sign.
 * @throws RangeError on a non-decimal rate or bad `decimals`.
 */
export function growthWord(percent: DecimalString, decimals: number = 1): GrowthWord {
  const rate = toDec(percent);
  if (rate.abs().lt(FLAT_THRESHOLD) || toDec(roundHalfAway(percent, decimals)).isZero()) return '持平';
  return rate.isPositive() ? '增长' : '下降';
}
