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
  return options.thousands ? groupThousands(fixed) : fixed;
}

/** "-1234567.50" → "-1,234,567.50": commas in the integer digits of a plain decimal. */
function groupThousands(fixed: string): string {
  const start = fixed.charCodeAt(0) === 45 ? 1 : 0;
  const point = fixed.indexOf('.');
  const end = point < 0 ? fixed.length : point;
  if (end - start <= 3) return fixed;
  let out = fixed.slice(0, start);
  const lead = (end - start) % 3 || 3;
  out += fixed.slice(start, start + lead);
  for (let i = start + lead; i < end; i += 3) out += `,${fixed.slice(i, i + 3)}`;
  return out + fixed.slice(end);
}

/**
 * The number of fraction digits of a canonical decimal string (as stored figures are: no sign
 * other than "-", no leading zeros, no trailing fraction zeros, no exponent), or -1 for any other
 * text. Char by char: a form view formats thousands of figures.
 */
function canonicalFractionDigits(value: string): number {
  const length = value.length;
  let i = value.charCodeAt(0) === 45 ? 1 : 0;
  const intStart = i;
  while (i < length && value.charCodeAt(i) >= 48 && value.charCodeAt(i) <= 57) i++;
  const intDigits = i - intStart;
  if (intDigits === 0 || (intDigits > 1 && value.charCodeAt(intStart) === 48)) return -1;
  // "-0" is not canonical (it would print as "-0.00").
  if (i === length) return intStart === 1 && intDigits === 1 && value.charCodeAt(1) === 48 ? -1 : 0;
  if (value.charCodeAt(i) !== 46) return -1;
  const fracStart = ++i;
  while (i < length && value.charCodeAt(i) >= 48 && value.charCodeAt(i) <= 57) i++;
  if (i !== length || i === fracStart || value.charCodeAt(length - 1) === 48) return -1;
  return length - fracStart;
}

/**
 * `value` rounded half away from zero to exactly `decimals` places. A figure that already has at
 * most `decimals` fraction digits only needs zeros appended — no arithmetic (the common case:
 * a form view formats thousands of stored figures).
 */
function fixedDecimals(value: DecimalString, decimals: number): string {
  assertDecimals(decimals);
  const fraction = canonicalFractionDigits(value);
  if (fraction >= 0 && fraction <= decimals) {
    if (decimals === 0) return value;
    const padding = '0'.repeat(decimals - fraction);
    return fraction === 0 ? `${value}.${padding}` : `${value}${padding}`;
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
