import { type DecimalString, addDecimals, subtractDecimal, toDec } from './decimal.js';
import { assertMonth } from './period.js';

/**
 * First return of the year for a form or indicator: `1` = January has its own return;
 * `2` = the form "starts at 1-2月" (Spring Festival): there is no January return and February's
 * 本月 is the combined 1-2月 figure.
 */
export type FirstReturnMonth = 1 | 2;

/**
 * True when a return exists for `month` (1..12): every month except January on a form that
 * starts at 1-2月.
 * @throws RangeError on a bad month.
 */
export function hasReturn(month: number, firstReturnMonth: FirstReturnMonth = 1): boolean {
  assertMonth(month);
  return month >= firstReturnMonth;
}

/**
 * Month of the return whose 累计 is this month's 上月止累计, or `null` when `month` is the first
 * return of the year (上月止累计 is then zero). On a 1-2月 form February has no previous return.
 * @throws RangeError on a bad month.
 */
export function previousReturnMonth(month: number, firstReturnMonth: FirstReturnMonth = 1): number | null {
  assertMonth(month);
  return month <= firstReturnMonth ? null : month - 1;
}

/**
 * Label of a return's 本月 column: `"N月"`, except February on a 1-2月 form, whose 本月 is
 * `"1-2月"`. January on such a form has no return and gets `null`.
 * @throws RangeError on a bad month.
 */
export function monthlyLabel(month: number, firstReturnMonth: FirstReturnMonth = 1): string | null {
  if (!hasReturn(month, firstReturnMonth)) return null;
  return month === 2 && firstReturnMonth === 2 ? '1-2月' : `${month}月`;
}

/**
 * 本月止累计 of a flow from its monthly figures: the sum of months 1..`month`
 * (`monthly[0]` is January, same unit throughout). Missing months (`null`, or beyond the array)
 * are skipped, so on a 1-2月 form (January `null`, February = the 1-2月 figure) the sum is right
 * as is; the result is `null` only when every month 1..`month` is missing.
 * @throws RangeError on a bad month or a non-decimal figure.
 */
export function cumulativeFromMonthly(
  monthly: ReadonlyArray<DecimalString | null>,
  month: number,
): DecimalString | null {
  assertMonth(month);
  return addDecimals(monthly.slice(0, month));
}

/**
 * 本月 of a flow from its cumulative figures: 本月止累计 − 上月止累计. A `null` previous
 * cumulative is the first return of the year (January, or the 1-2月 return), so 本月 equals the
 * cumulative figure; a `null` current cumulative gives `null`.
 * @throws RangeError on a non-decimal figure.
 */
export function monthlyFromCumulative(
  cumulative: DecimalString | null,
  previousCumulative: DecimalString | null,
): DecimalString | null {
  if (cumulative === null) return null;
  return previousCumulative === null ? cumulative : subtractDecimal(cumulative, previousCumulative);
}

/**
 * The whole year's 本月 series from 累计 figures (`cumulative[0]` is January's 1-1月, …).
 * A month whose own 累计 is missing gives `null`; a month whose previous 累计 is missing is
 * treated as the first return only when it *is* the first return (see {@link previousReturnMonth});
 * otherwise it gives `null` rather than passing the whole cumulative off as one month.
 * On a 1-2月 form January is always `null`.
 * @throws RangeError on a non-decimal figure.
 */
export function monthlySeriesFromCumulative(
  cumulative: ReadonlyArray<DecimalString | null>,
  firstReturnMonth: FirstReturnMonth = 1,
): Array<DecimalString | null> {
  return cumulative.slice(0, 12).map((current, index) => {
    const month = index + 1;
    if (!hasReturn(month, firstReturnMonth) || current === null) return null;
    const previousMonth = previousReturnMonth(month, firstReturnMonth);
    if (previousMonth === null) return current;
    const previous = cumulative[previousMonth - 1] ?? null;
    return previous === null ? null : monthlyFromCumulative(current, previous);
  });
}

/**
 * Result of checking 上月止累计 + 本月 = 本月止累计 on stored figures:
 * `consistent`; `mismatch` with the expected 累计 and the difference (stored − expected);
 * or `incomplete` when 本月 or 累计 is missing so nothing can be checked.
 */
export type FlowIdentityCheck =
  | { status: 'consistent' }
  | { status: 'mismatch'; expectedCumulative: DecimalString; difference: DecimalString }
  | { status: 'incomplete' };

/**
 * Checks the flow identity 上月止累计 + 本月 = 本月止累计 on stored figures, all in one unit.
 * `previousCumulative: null` means first return of the year (counts as 0). The comparison is
 * exact unless `tolerance` (≥ 0, same unit) is given, e.g. `"0.01"` when the stored figures were
 * each rounded to 2 decimals.
 * @throws RangeError on a non-decimal figure or tolerance.
 */
export function checkFlowIdentity(
  figures: {
    previousCumulative: DecimalString | null;
    monthly: DecimalString | null;
    cumulative: DecimalString | null;
  },
  tolerance: DecimalString = '0',
): FlowIdentityCheck {
  const { previousCumulative, monthly, cumulative } = figures;
  if (monthly === null || cumulative === null) return { status: 'incomplete' };
  const expectedCumulative = addDecimals([previousCumulative, monthly]) ?? monthly;
  const difference = subtractDecimal(cumulative, expectedCumulative);
  return toDec(difference).abs().lte(toDec(tolerance))
    ? { status: 'consistent' }
    : { status: 'mismatch', expectedCumulative, difference };
}
