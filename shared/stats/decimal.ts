import { Decimal } from 'decimal.js';

/**
 * A canonical decimal number carried as text, e.g. `"86.33"`, `"-2.5"`, `"0.3"`.
 *
 * Values cross module boundaries as strings so that no binary float ever touches a figure
 * (0.1 + 0.2 is `"0.3"`, never `0.30000000000000004`). Canonical form: plain notation (no
 * exponent), no leading `+`, no trailing fractional zeros, no `-0`. Units are not part of the
 * string; they are indicator metadata (see `units.ts`).
 */
export type DecimalString = string;

/**
 * The engine's private Decimal constructor. 40 significant digits is far beyond any county
 * figure (亿元 with 10 decimals still fits) so sums never lose digits; ROUND_HALF_UP in decimal.js
 * means half *away from zero*, which is the bureau's 四舍五入 for negatives too (−2.5 → −3).
 */
const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** Instances of the engine's configured Decimal clone (internal to `shared/stats`). */
export type Dec = InstanceType<typeof Dec>;

// Plain or scientific notation only. decimal.js alone would also accept "0x10", "Infinity" and
// "NaN", which are never figures. The exponent is capped at three digits so a malicious or
// corrupted "1e999999999" cannot expand into a gigabyte of zeros on output.
const DECIMAL_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$/;

/**
 * True when `value` is a decimal number that {@link normalizeDecimal} accepts: optional sign,
 * digits with an optional point, optional exponent (`"1e-7"`, as `String(number)` may produce).
 * Thousands separators, full-width digits, units ("86.33亿元") and placeholders ("—", "/") are
 * rejected: parsing clerk text is the importer's job, not the arithmetic's.
 */
export function isDecimalString(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

/**
 * Parses a decimal string into the engine's Decimal type.
 * @throws RangeError when `value` is not a decimal string (see {@link isDecimalString}).
 */
export function toDec(value: DecimalString): Dec {
  // Decimals are immutable, so a figure parsed once can be handed out again: a form view parses
  // the same stored strings (and running totals) many times over.
  const cached = parsed.get(value);
  if (cached !== undefined) return cached;
  if (!isDecimalString(value)) {
    throw new RangeError(`Not a decimal number: ${JSON.stringify(value)}`);
  }
  const result = new Dec(value);
  if (parsed.size >= PARSED_CACHE_LIMIT) parsed.clear();
  parsed.set(value, result);
  return result;
}

/** Bound of the parse cache: enough for a large form view, small enough to never matter for memory. */
const PARSED_CACHE_LIMIT = 20_000;
const parsed = new Map<string, Dec>();

/**
 * Writes a Decimal back out in canonical form (plain notation, no trailing zeros, `-0` → `"0"`).
 * decimal.js already drops trailing zeros internally; `toFixed()` avoids the exponent form.
 */
export function fromDec(value: Dec): DecimalString {
  return value.isZero() ? '0' : value.toFixed();
}

/**
 * Canonical form of a decimal string: `"+01.50"` → `"1.5"`, `"1e-7"` → `"0.0000001"`,
 * `"-0"` → `"0"`. Idempotent.
 * @throws RangeError on anything that is not a decimal number (`""`, `"1,234"`, `"NaN"`, `"—"`).
 */
export function normalizeDecimal(value: string): DecimalString {
  // A short figure comes back as the same text after the point is moved back (every save of a
  // typed cell passes here); scaledText writes the canonical form.
  if (readShort(value, first)) return scaledText(first.digits, first.scale);
  return fromDec(toDec(value));
}

/**
 * Exact sum of the figures present. Missing figures (`null`) are skipped, because a clerk's
 * blank cell means "not reported", not zero; the result is `null` only when every input is
 * `null` (or the list is empty), so "nothing reported" stays distinguishable from "reported 0".
 * @throws RangeError when a non-null entry is not a decimal string.
 */
export function addDecimals(values: ReadonlyArray<DecimalString | null>): DecimalString | null {
  const quick = addShort(values);
  if (quick !== undefined) return quick;
  let total: Dec | null = null;
  for (const value of values) {
    if (value === null) continue;
    total = total === null ? toDec(value) : total.plus(toDec(value));
  }
  return total === null ? null : fromDec(total);
}

/**
 * Figures as clerks type them ("1234.5", "-86.33") fit in a JavaScript integer once the point is
 * moved: up to 15 digits in all, which a double holds exactly (< 2^53). Sums and differences of
 * those are then exact integer arithmetic, at a fraction of decimal.js's cost — a form view does
 * tens of thousands of them. Anything longer or in another notation takes the Decimal path.
 */
const MAX_SHORT_DIGITS = 15;

/** A short decimal as an integer `digits × 10^-scale`. */
interface Scaled {
  digits: number;
  scale: number;
}

/**
 * Reads "-1234.5"-style text (optional minus, 1+ digits, optionally a point and 1+ digits, at most
 * 15 digits in all) into `out` and returns true; false for anything else. Char by char, without a
 * regular expression or new objects: a form view parses tens of thousands of figures.
 */
function readShort(value: DecimalString, out: Scaled): boolean {
  const length = value.length;
  let i = value.charCodeAt(0) === 45 ? 1 : 0;
  const negative = i === 1;
  let digits = 0;
  let count = 0;
  let scale = -1;
  for (; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits = digits * 10 + (c - 48);
      count++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0 && count > 0) {
      scale = 0;
    } else {
      return false;
    }
  }
  if (count === 0 || count > MAX_SHORT_DIGITS || scale === 0) return false;
  out.digits = negative ? -digits : digits;
  out.scale = scale < 0 ? 0 : scale;
  return true;
}

// Scratch operands of the fast path (JavaScript is single-threaded: no call is ever interleaved).
const first: Scaled = { digits: 0, scale: 0 };
const second: Scaled = { digits: 0, scale: 0 };

const POWERS_OF_TEN = Array.from({ length: MAX_SHORT_DIGITS + 1 }, (_, i) => 10 ** i);

/** `a` brought to `scale` fraction digits (scale ≥ a.scale), or undefined if it would not stay exact. */
function rescaled(a: Scaled, scale: number): number | undefined {
  const digits = a.digits * (POWERS_OF_TEN[scale - a.scale] ?? Number.NaN);
  return Number.isSafeInteger(digits) ? digits : undefined;
}

/** Canonical text of `digits × 10^-scale`: no trailing fraction zeros, no "-0". */
function scaledText(digits: number, scale: number): DecimalString {
  if (digits === 0) return '0';
  const negative = digits < 0;
  let text = String(negative ? -digits : digits);
  if (scale > 0) {
    text = text.padStart(scale + 1, '0');
    let end = text.length;
    while (end > text.length - scale && text.charCodeAt(end - 1) === 48) end--;
    const point = text.length - scale;
    text = end === point ? text.slice(0, point) : `${text.slice(0, point)}.${text.slice(point, end)}`;
  }
  return negative ? `-${text}` : text;
}

/** a + sign·b on short decimals, or undefined when either is not short or the result would not be exact. */
function combineShort(a: DecimalString, b: DecimalString, sign: 1 | -1): DecimalString | undefined {
  if (!readShort(a, first) || !readShort(b, second)) return undefined;
  const scale = Math.max(first.scale, second.scale);
  const x = rescaled(first, scale);
  const y = rescaled(second, scale);
  if (x === undefined || y === undefined) return undefined;
  const digits = x + sign * y;
  return Number.isSafeInteger(digits) ? scaledText(digits, scale) : undefined;
}

/** {@link addDecimals} on short decimals; undefined sends the whole sum down the Decimal path. */
function addShort(values: ReadonlyArray<DecimalString | null>): DecimalString | null | undefined {
  let any = false;
  for (const value of values) {
    if (value === null) continue;
    if (!readShort(value, first)) return undefined;
    if (!any) {
      any = true;
      second.digits = first.digits;
      second.scale = first.scale;
      continue;
    }
    // second holds the running total.
    const scale = Math.max(first.scale, second.scale);
    const x = rescaled(second, scale);
    const y = rescaled(first, scale);
    if (x === undefined || y === undefined) return undefined;
    const digits = x + y;
    if (!Number.isSafeInteger(digits)) return undefined;
    second.digits = digits;
    second.scale = scale;
  }
  return any ? scaledText(second.digits, second.scale) : null;
}

/**
 * Exact difference `a − b` in the same unit as the inputs (e.g. 本月 = 本月止累计 − 上月止累计).
 * @throws RangeError when either input is not a decimal string.
 */
export function subtractDecimal(a: DecimalString, b: DecimalString): DecimalString {
  return combineShort(a, b, -1) ?? fromDec(toDec(a).minus(toDec(b)));
}

/**
 * Three-way comparison of two decimal strings: −1 when `a < b`, 0 when equal, 1 when `a > b`.
 * Compares values, not text (`"1.50"` equals `"1.5"`).
 * @throws RangeError when either input is not a decimal string.
 */
/**
 * Multiplies by 10^`exponent`, exactly: it only moves the decimal point.
 * `shiftDecimalPoint('5.9', -2)` → `'0.059'` (a percent as a fraction), `('0.059', 2)` → `'5.9'`,
 * `('863300', -4)` → `'86.33'` (万元 → 亿元). Result is canonical and unrounded.
 * @throws RangeError when `value` is not a decimal string.
 */
export function shiftDecimalPoint(value: DecimalString, exponent: number): DecimalString {
  return fromDec(toDec(value).times(`1e${exponent}`));
}

export function compareDecimals(a: DecimalString, b: DecimalString): -1 | 0 | 1 {
  if (readShort(a, first) && readShort(b, second)) {
    const scale = Math.max(first.scale, second.scale);
    const x = rescaled(first, scale);
    const y = rescaled(second, scale);
    if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  }
  const order = toDec(a).comparedTo(toDec(b));
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

/**
 * Throws unless `decimals` is a whole number of decimal places in 0..20. Shared by every
 * function that rounds or formats, so a bad indicator configuration fails loudly.
 * @throws RangeError
 */
export function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new RangeError(`Decimal places must be an integer from 0 to 20, got ${decimals}`);
  }
}

/**
 * Rounds to `decimals` places, half away from zero (四舍五入): `"1.005", 2` → `"1.01"`,
 * `"-2.5", 0` → `"-3"`, `"-0.001", 2` → `"0"`. Works on the decimal digits, so there are no
 * binary-float artefacts, and re-rounding a rounded value to the same places is a no-op.
 * The result is canonical (no padding zeros: `"1.5", 2` → `"1.5"`); use `formatDecimal` to pad.
 * @throws RangeError on a non-decimal value or a `decimals` outside 0..20.
 */
export function roundHalfAway(value: DecimalString, decimals: number): DecimalString {
  assertDecimals(decimals);
  return fromDec(toDec(value).toDecimalPlaces(decimals, Dec.ROUND_HALF_UP));
}

/**
 * Builds a Decimal from a decimal string or a safe integer such as 12 or 100 (internal helper).
 * Non-integer numbers are refused so a binary float can never sneak into a figure.
 * @throws RangeError on a non-decimal string or a number that is not a safe integer.
 */
export function dec(value: DecimalString | number): Dec {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Not a safe integer: ${value}`);
    return new Dec(value);
  }
  return toDec(value);
}
