import { type DecimalString, fromDec, toDec } from './decimal.js';

/**
 * Outcome of a growth calculation (current vs a base such as 上年同期 or 上期):
 * - `percent`: (current − base) / base × 100, unrounded (e.g. `"5.9393…"`);
 * - `no-base`: current or base missing, or no meaningful rate (base 0 with current ≤ 0);
 * - `new`: base 0 and current > 0 (shown as "—" or "新增", a display setting);
 * - `turnaround` (扭亏为盈), `loss-narrowed` (减亏), `loss-widened` (增亏): base < 0 (a loss), where
 *   a percentage would read backwards; both values are kept for the wording;
 * - `profit-to-loss` (由盈转亏): base > 0 and current < 0, both values kept.
 */
export type GrowthResult =
  | { kind: 'percent'; value: DecimalString }
  | { kind: 'no-base' }
  | { kind: 'new'; current: DecimalString }
  | { kind: 'turnaround' | 'loss-narrowed' | 'loss-widened' | 'profit-to-loss'; current: DecimalString; base: DecimalString };

/**
 * Growth of `current` over `base`, both in the same unit: 同比 when `base` is 上年同期 (on 1-N月
 * cumulative figures for flows, or on 本月 figures for a monthly 同比), 环比 when it is 上期.
 * - base > 0: `{ kind: 'percent' }`, unrounded (6.81 vs 5.0415 → ≈35.08).
 * - base = 0: `new` when current > 0, otherwise `no-base`.
 * - base < 0 (a loss): current > 0 → `turnaround` (扭亏为盈 only when the current figure is a
 *   profit); a smaller loss, or exactly 0, → `loss-narrowed` (减亏: break-even is not 扭亏为盈);
 *   a larger loss → `loss-widened`; an equal loss → `percent` `"0"` (持平).
 * - base > 0 with current < 0 → `profit-to-loss` (由盈转亏), not a percent below −100.
 * @throws RangeError on a non-decimal figure.
 */
export function growthRate(current: DecimalString | null, base: DecimalString | null): GrowthResult {
  if (current === null || base === null) return { kind: 'no-base' };
  const now = toDec(current);
  const then = toDec(base);
  if (then.isZero()) return now.gt(0) ? { kind: 'new', current: fromDec(now) } : { kind: 'no-base' };
  if (then.isNegative()) {
    const figures = { current: fromDec(now), base: fromDec(then) };
    if (now.gt(0)) return { kind: 'turnaround', ...figures };
    if (now.eq(then)) return { kind: 'percent', value: '0' };
    return { kind: now.gt(then) ? 'loss-narrowed' : 'loss-widened', ...figures };
  }
  if (now.isNegative()) return { kind: 'profit-to-loss', current: fromDec(now), base: fromDec(then) };
  return { kind: 'percent', value: fromDec(now.minus(then).div(then).times(100)) };
}

/** Which 上年同期 figure a growth rate was computed on. */
export type BaseKind = 'comparable' | 'published';

/**
 * The two kinds of 上年同期: last year's published figure, and the comparable base (可比口径,
 * restricted to this year's reporting scope) that the bureau computes growth on.
 */
export type YearAgoBase = { published: DecimalString | null; comparable: DecimalString | null };

/**
 * The base a growth rate should use: the comparable base when present, else the published
 * figure, else `null`.
 */
export function chooseBase(base: YearAgoBase): { kind: BaseKind; value: DecimalString } | null {
  if (base.comparable !== null) return { kind: 'comparable', value: base.comparable };
  if (base.published !== null) return { kind: 'published', value: base.published };
  return null;
}

/**
 * 同比 of `current` against 上年同期, using the comparable base when present
 * (see {@link chooseBase}); reports which base was used so the grid can mark it.
 * @throws RangeError on a non-decimal figure.
 */
export function yearOnYearGrowth(
  current: DecimalString | null,
  base: YearAgoBase,
): { growth: GrowthResult; baseKind: BaseKind | null } {
  const chosen = chooseBase(base);
  return { growth: growthRate(current, chosen?.value ?? null), baseKind: chosen?.kind ?? null };
}

/**
 * The base implied by a current figure and its growth percent: current / (1 + growth/100), in
 * the unit of `current`, unrounded. 86.33亿元 at +5.94% → ≈81.49亿元; 4719万元 at +1680%
 * (增长16.8倍) → ≈265.11万元. Used to derive 上年同期 for demo data and to check supplied rates.
 * `null` when either input is missing or growth ≤ −100% (no positive base fits).
 * @throws RangeError on a non-decimal input.
 */
export function baseFromGrowth(current: DecimalString | null, growthPercent: DecimalString | null): DecimalString | null {
  if (current === null || growthPercent === null) return null;
  const factor = toDec(growthPercent).div(100).plus(1);
  if (factor.lte(0)) return null;
  return fromDec(toDec(current).div(factor));
}

/**
 * Two ways a multiple is worded, which differ by one: `increase-by` is "增长X倍" (growth = X × 100%,
 * so 增长1.79倍 is current = 2.79 × base); `times-of` is "为上年的X倍" (current = X × base, so
 * growth = (X − 1) × 100%).
 */
export type MultipleWording = 'increase-by' | 'times-of';

/**
 * Growth percent stated by a multiple, keeping the wording exact: `("16.8", 'increase-by')` →
 * `"1680"`; `("2.79", 'times-of')` → `"179"`.
 * @throws RangeError on a non-decimal multiple.
 */
export function growthPercentFromMultiple(multiple: DecimalString, wording: MultipleWording): DecimalString {
  const times = toDec(multiple);
  return fromDec((wording === 'increase-by' ? times : times.minus(1)).times(100));
}

/**
 * Difference between two rates or shares in 百分点 (current − previous), e.g. 增速 5.6% vs 1-8月
 * 3.5% → `"2.1"`. Never a percent of a percent. `null` when either is missing.
 * @throws RangeError on a non-decimal input.
 */
export function percentagePointChange(current: DecimalString | null, previous: DecimalString | null): DecimalString | null {
  if (current === null || previous === null) return null;
  return fromDec(toDec(current).minus(toDec(previous)));
}

/**
 * 占比 (share) = part / total × 100, percent, unrounded (国有投资 占总投资比重 41.9%).
 * `null` when either is missing or total ≤ 0.
 * @throws RangeError on a non-decimal input.
 */
export function share(part: DecimalString | null, total: DecimalString | null): DecimalString | null {
  if (part === null || total === null || toDec(total).lte(0)) return null;
  return fromDec(toDec(part).div(toDec(total)).times(100));
}

/**
 * 拉动 (contribution to the total's growth) in 百分点:
 * (part − part last year) / total last year × 100, unrounded. The contributions of all parts add
 * up to the total's growth rate. `null` when any input is missing or total last year ≤ 0.
 * @throws RangeError on a non-decimal input.
 */
export function contribution(
  part: DecimalString | null,
  partLastYear: DecimalString | null,
  totalLastYear: DecimalString | null,
): DecimalString | null {
  if (part === null || partLastYear === null || totalLastYear === null) return null;
  const base = toDec(totalLastYear);
  if (base.lte(0)) return null;
  return fromDec(toDec(part).minus(toDec(partLastYear)).div(base).times(100));
}

/**
 * 两年平均增长 (geometric) in percent: (√(current / two years ago) − 1) × 100, unrounded, on
 * figures of the same period two years apart. `null` when either is missing, the older figure
 * is ≤ 0 or the current one is < 0 (no real root).
 * @throws RangeError on a non-decimal input.
 */
export function twoYearAverageGrowth(current: DecimalString | null, twoYearsAgo: DecimalString | null): DecimalString | null {
  if (current === null || twoYearsAgo === null) return null;
  const base = toDec(twoYearsAgo);
  const now = toDec(current);
  if (base.lte(0) || now.isNegative()) return null;
  return fromDec(now.div(base).sqrt().minus(1).times(100));
}

/**
 * 两年平均增长 from the two annual growth rates (percent) the bureau publishes:
 * (√((1 + this year/100) × (1 + last year/100)) − 1) × 100, unrounded; same result as
 * {@link twoYearAverageGrowth} on the underlying figures. `null` when either rate is missing or
 * the product is negative.
 * @throws RangeError on a non-decimal input.
 */
export function twoYearAverageFromRates(thisYear: DecimalString | null, lastYear: DecimalString | null): DecimalString | null {
  if (thisYear === null || lastYear === null) return null;
  const product = toDec(thisYear).div(100).plus(1).times(toDec(lastYear).div(100).plus(1));
  if (product.isNegative()) return null;
  return fromDec(product.sqrt().minus(1).times(100));
}
