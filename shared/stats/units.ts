import { type DecimalString, shiftDecimalPoint } from './decimal.js';

/**
 * Unit families whose members differ only by a power of ten, so conversion is exact.
 * Each entry maps a unit to its exponent relative to the family's smallest unit
 * (元 → 万元 is ÷10⁴, 元 → 亿元 is ÷10⁸; NBS enterprise finance forms use 千元).
 * 亩 is deliberately absent: 1亩 = 2000/3 平方米 is not a power of ten and clerks keep 亩 as typed.
 */
const UNIT_FAMILIES: ReadonlyArray<Readonly<Record<string, number>>> = [
  { 元: 0, 千元: 3, 万元: 4, 亿元: 8 },
  { 平方米: 0, 万平方米: 4, 平方公里: 6 },
  { 人: 0, 万人: 4 },
  { 人次: 0, 万人次: 4 },
  { 吨: 0, 万吨: 4 },
  { 千瓦时: 0, 万千瓦时: 4, 亿千瓦时: 8 },
];

/** The monetary units the engine converts between. */
export type MoneyUnit = '元' | '千元' | '万元' | '亿元';

/**
 * A display or entry unit as written on the form: a {@link MoneyUnit}, another scalable unit
 * (平方米/万平方米/平方公里, 人/万人, 人次/万人次, 吨/万吨, 千瓦时/万千瓦时/亿千瓦时), or any other
 * label (家, 个, %, 亩, 件, 家次 …) that passes through unchanged when converted to itself.
 */
export type Unit = string;

/**
 * Outcome of a unit conversion. Converting between incompatible units (万元 → 家) is an error
 * result rather than a guess, so the caller can flag the indicator's configuration.
 */
export type UnitConversion =
  | { ok: true; value: DecimalString | null }
  | { ok: false; error: 'incompatible-units'; from: Unit; to: Unit };

function exponentOf(unit: Unit, family: Readonly<Record<string, number>>): number | undefined {
  return Object.hasOwn(family, unit) ? family[unit] : undefined;
}

/**
 * Power of ten that turns a figure in `from` into a figure in `to`
 * (`'元'` → `'万元'` is −4, `'亿元'` → `'万元'` is 4, same unit is 0), or `null` when the units
 * are incompatible (different families, or two different units outside every family).
 */
export function unitExponent(from: Unit, to: Unit): number | null {
  if (from === to) return 0;
  for (const family of UNIT_FAMILIES) {
    const fromExp = exponentOf(from, family);
    const toExp = exponentOf(to, family);
    if (fromExp !== undefined && toExp !== undefined) return fromExp - toExp;
  }
  return null;
}

/**
 * Converts a figure from its entry unit to a display unit (or back), exactly:
 * `convertUnit('863300', '万元', '亿元')` → `{ ok: true, value: '86.33' }`.
 * A unit converted to itself passes through (家 → 家); `null` (not reported) stays `null`.
 * The result is unrounded and canonical; round for display with `formatDecimal`.
 * @throws RangeError when `value` is not a decimal string.
 */
export function convertUnit(value: DecimalString | null, from: Unit, to: Unit): UnitConversion {
  const exponent = unitExponent(from, to);
  if (exponent === null) return { ok: false, error: 'incompatible-units', from, to };
  if (value === null) return { ok: true, value: null };
  return { ok: true, value: shiftDecimalPoint(value, exponent) };
}
