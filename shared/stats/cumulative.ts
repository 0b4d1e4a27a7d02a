import { type DecimalString, addDecimals, subtractDecimal, toDec } from './decimal.js';
import { assertMonth, monthName } from './period.js';

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
  return month === 2 && firstReturnMonth === 2 ? '1-2月' : monthName(month);
}

/**
 * 本月止累计 of a flow from its monthly figures: the sum of the returns 1..`month`
 * (`monthly[0]` is January, same unit throughout). A month without data makes the cumulative
 * unknown (`null`): it is never summed as if it were 0 (1-3月 with February missing is blank,
 * 缺2月数据). On a 1-2月 form (`firstReturnMonth` 2) January has no return and is not needed.
 * For the state of each figure and the month to blame, use {@link deriveFlowYear}.
 * @throws RangeError on a bad month or a non-decimal figure.
 */
export function cumulativeFromMonthly(
  monthly: ReadonlyArray<DecimalString | null>,
  month: number,
  firstReturnMonth: FirstReturnMonth = 1,
): DecimalString | null {
  assertMonth(month);
  const returns = monthly.slice(0, month).filter((_, i) => hasReturn(i + 1, firstReturnMonth));
  if (month < firstReturnMonth || returns.length < month - firstReturnMonth + 1 || returns.some((v) => v === null)) return null;
  return addDecimals(returns);
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

/**
 * One figure of a year series and how it came about: `typed` (as stored), `derived` (from the
 * identity), `missing` (it depends on a month without data: `gapMonth` names that month),
 * `mismatch` (本月 and 累计 both typed and 上月止累计 + 本月 ≠ 累计), or `empty` (no data).
 */
export type SeriesFigure =
  | { value: DecimalString; state: 'typed' | 'derived' | 'mismatch' }
  | { value: null; state: 'missing'; gapMonth: number }
  | { value: null; state: 'empty' };

/** A flow's year, month by month (index 0 = January): 本月, 1-N月累计 and the identity check. */
export interface FlowYear {
  month: SeriesFigure[];
  cumulative: SeriesFigure[];
  /** Where 本月 and 累计 are both typed: the identity check (`incomplete` when 上月止累计 is unknown). */
  checks: Array<FlowIdentityCheck | null>;
  /** 上月止累计 for each month: `null` value with state `empty` for the first return. */
  previousCumulative: SeriesFigure[];
}

const EMPTY: SeriesFigure = { value: null, state: 'empty' };

/**
 * The one derivation of a flow's 本月 ↔ 1-N月累计 for a year, from what the clerk typed
 * (`typedMonthly[i]`, `typedCumulative[i]` for month i+1; either, both or neither may be typed):
 * - a typed figure is shown as typed and never overwritten;
 * - 累计 not typed = 上月止累计 + 本月; 本月 not typed = 累计 − 上月止累计;
 * - the first return of the year (January, or 1-2月 on a form that starts there) has no 上月止累计,
 *   so its 本月 and 累计 are the same figure; a later month whose 上月止累计 is unknown
 *   (a month without data) gives `missing` with the month to blame (缺2月数据), never a sum
 *   that treats the gap as 0;
 * - both typed and the identity fails → both `mismatch`, with the check kept for the message.
 * January on a 1-2月 form has no return: everything `empty`. Months after `throughMonth` are not
 * derived (left `empty`): a view of June needs nothing later, and derivation is exact decimal work.
 * @throws RangeError on a non-decimal figure.
 */
export function deriveFlowYear(
  typedMonthly: ReadonlyArray<DecimalString | null>,
  typedCumulative: ReadonlyArray<DecimalString | null>,
  firstReturnMonth: FirstReturnMonth = 1,
  throughMonth = 12,
): FlowYear {
  const month: SeriesFigure[] = [];
  const cumulative: SeriesFigure[] = [];
  const checks: Array<FlowIdentityCheck | null> = [];
  const previousCumulative: SeriesFigure[] = [];
  let firstUnreported: number | null = null;
  for (let m = 1; m <= 12; m++) {
    if (m > throughMonth || !hasReturn(m, firstReturnMonth)) {
      month.push(EMPTY);
      cumulative.push(EMPTY);
      checks.push(null);
      previousCumulative.push(EMPTY);
      continue;
    }
    const tm = typedMonthly[m - 1] ?? null;
    const tc = typedCumulative[m - 1] ?? null;
    const previousMonth = previousReturnMonth(m, firstReturnMonth);
    // 上月止累计: zero for the first return; otherwise the previous return's 累计, whose own
    // state tells whether it is known (an empty month is a gap: that month is to blame).
    const before: SeriesFigure = previousMonth === null ? EMPTY : (cumulative[previousMonth - 1] ?? EMPTY);
    previousCumulative.push(before);
    const first = previousMonth === null;
    const known = first || before.value !== null;
    // Name the earliest month of the year without any data: that is what the clerk must fill.
    const gap: SeriesFigure = { value: null, state: 'missing', gapMonth: firstUnreported ?? previousMonth ?? m };
    const base = first ? null : before.value;

    if (tm !== null && tc !== null) {
      const check = known ? checkFlowIdentity({ previousCumulative: base, monthly: tm, cumulative: tc }) : ({ status: 'incomplete' } as const);
      checks.push(check);
      const state = check.status === 'mismatch' ? 'mismatch' : 'typed';
      month.push({ value: tm, state });
      cumulative.push({ value: tc, state });
      continue;
    }
    checks.push(null);
    if (tm === null && tc === null) firstUnreported ??= m;
    if (tm !== null) {
      month.push({ value: tm, state: 'typed' });
      cumulative.push(known ? { value: addDecimals([base, tm]) ?? tm, state: 'derived' } : gap);
    } else if (tc !== null) {
      cumulative.push({ value: tc, state: 'typed' });
      month.push(known ? { value: monthlyFromCumulative(tc, base) ?? tc, state: 'derived' } : gap);
    } else {
      month.push(EMPTY);
      cumulative.push(EMPTY);
    }
  }
  return { month, cumulative, checks, previousCumulative };
}

/**
 * "缺2月数据" / "缺1-2月数据" for a figure that depends on a month without data.
 */
export function missingMonthRemark(gapMonth: number, firstReturnMonth: FirstReturnMonth = 1): string {
  return `缺${monthlyLabel(gapMonth, firstReturnMonth) ?? monthName(gapMonth)}数据`;
}
