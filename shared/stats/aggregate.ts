import { type DecimalString, addDecimals, dec, fromDec, toDec } from './decimal.js';
import { assertMonth } from './period.js';

/**
 * How an indicator's monthly values combine over time:
 * `sum` for flows (产值, 投资, 收入); `last` (period-end value) or `average` for stocks
 * (企业个数, 从业人员期末人数, 存款余额), which must never be summed over months.
 * Across reporting units (townships, parks → county) flows and stocks both add up with
 * `addDecimals`; ratios use {@link aggregateRatio}.
 */
export type TimeAggregation = 'sum' | 'last' | 'average';

/**
 * Combines one indicator's monthly values over a span of months (same unit throughout).
 * - `sum`: exact sum of the values present; `null` when all are missing.
 * - `last`: the value of the last month in the span, `null` if that return is missing. An earlier
 *   month's stock is never carried forward: a missing period-end return is a gap to report.
 * - `average`: arithmetic mean of the months present (missing months, e.g. January on a 1-2月
 *   form, are left out of both sum and count), unrounded; `null` when none are present.
 * @throws RangeError on a non-decimal value.
 */
export function aggregateOverTime(
  values: ReadonlyArray<DecimalString | null>,
  method: TimeAggregation,
): DecimalString | null {
  if (method === 'sum') return addDecimals(values);
  if (method === 'last') return values.length === 0 ? null : (values[values.length - 1] ?? null);
  const present = values.filter((value): value is DecimalString => value !== null);
  const total = addDecimals(present);
  return total === null ? null : fromDec(toDec(total).div(present.length));
}

/**
 * Value of months `fromMonth..toMonth` (inclusive, 1..12) of a year's monthly series
 * (`monthly[0]` is January), combined with `method`. Flows over 1..N give 1-N月 累计.
 * @throws RangeError on bad months (`fromMonth > toMonth` included) or a non-decimal value.
 */
export function aggregateMonths(
  monthly: ReadonlyArray<DecimalString | null>,
  fromMonth: number,
  toMonth: number,
  method: TimeAggregation,
): DecimalString | null {
  assertMonth(fromMonth);
  assertMonth(toMonth);
  if (fromMonth > toMonth) throw new RangeError(`Month span ${fromMonth}..${toMonth} is reversed`);
  const span = Array.from({ length: toMonth - fromMonth + 1 }, (_, i) => monthly[fromMonth - 1 + i] ?? null);
  return aggregateOverTime(span, method);
}

/**
 * Quarter value (quarter 1..4) from a year's monthly series: flows sum the quarter's three
 * months, stocks take the quarter-end month or the quarter average, per `method`.
 * @throws RangeError on a bad quarter or a non-decimal value.
 */
export function quarterValue(
  monthly: ReadonlyArray<DecimalString | null>,
  quarter: number,
  method: TimeAggregation,
): DecimalString | null {
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) {
    throw new RangeError(`Quarter must be an integer from 1 to 4, got ${quarter}`);
  }
  return aggregateMonths(monthly, quarter * 3 - 2, quarter * 3, method);
}

/**
 * Year value from a year's monthly series: flows give 全年 (1-12月), stocks the December value
 * (年末) or the annual average (e.g. 从业人员平均人数), per `method`.
 * @throws RangeError on a non-decimal value.
 */
export function yearValue(
  monthly: ReadonlyArray<DecimalString | null>,
  method: TimeAggregation,
): DecimalString | null {
  return aggregateMonths(monthly, 1, 12, method);
}

/** One observation of a ratio indicator, by its components (e.g. 已整改数 / 隐患数). */
export type RatioComponents = { numerator: DecimalString | null; denominator: DecimalString | null };

/**
 * A ratio recomputed from aggregated components: Σ numerators / Σ denominators × `scale`
 * (`"100"` for percent, the default; `"1"` for a plain ratio). Ratios are never averaged — the
 * county 整改率 is total rectified / total found, not the mean of township rates — so this works
 * across months and across units alike. Components with a missing numerator or denominator are
 * left out as a pair so the two sums cover the same units. Unrounded; `null` when no complete
 * pair exists or the summed denominator is 0.
 * Example: 2612 整改 / 2612 隐患 → `"100"`.
 * @throws RangeError on a non-decimal component.
 */
export function aggregateRatio(
  components: ReadonlyArray<RatioComponents>,
  scale: DecimalString = '100',
): DecimalString | null {
  const complete = components.filter((c) => c.numerator !== null && c.denominator !== null);
  const numerator = addDecimals(complete.map((c) => c.numerator));
  const denominator = addDecimals(complete.map((c) => c.denominator));
  if (numerator === null || denominator === null || toDec(denominator).isZero()) return null;
  return fromDec(toDec(numerator).div(toDec(denominator)).times(dec(scale)));
}
