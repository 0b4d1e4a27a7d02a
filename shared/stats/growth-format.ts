import { type DecimalString, fromDec, roundHalfAway, shiftDecimalPoint, toDec } from './decimal.js';
import { formatDecimal, growthWord } from './format.js';
import { type GrowthResult } from './growth.js';

/**
 * How a growth rate is displayed:
 * - `percent`: the number alone, for grid cells and exports: `"5.9"`, `"-2.6"`, `"1680.0"`; `"—"`
 *   when there is no rate;
 * - `multiple`: like `percent`, but growth ≥ 100% as a multiple: `"增长1.79倍"` (179%);
 * - `phrase`: summary wording: `"增长5.9%"`, `"下降2.6%"`, `"持平"`, `"增长16.8倍"`, `"扭亏为盈（…）"`.
 */
export type GrowthDisplayMode = 'percent' | 'multiple' | 'phrase';

/** Options for {@link formatGrowth}. */
export type FormatGrowthOptions = {
  /** Decimal places of the percent (NBS: 1 for rates). */
  decimals: number;
  /** `percent` for grid cells and exports, `multiple` for ≥100% as 倍, `phrase` for summaries. */
  mode: GrowthDisplayMode;
  /** Base 0 with a positive current: `"—"` (`dash`, default) or `"新增"` (`new`); a local setting. */
  zeroBase?: 'dash' | 'new';
  /**
   * Decimal places of an "增长X倍" multiple. Default: the rate's own precision (`decimals` + 2,
   * trailing zeros dropped), so +179% reads 增长1.79倍 and never 1.8倍 (which would mean +180%).
   */
  multipleDecimals?: number;
  /** Decimal places for the two values in loss wording (扭亏为盈 …); default: as stored. */
  valueDecimals?: number;
};

const DASH = '—';

const SIGN_WORDS = { turnaround: '扭亏为盈', 'loss-narrowed': '减亏', 'loss-widened': '增亏', 'profit-to-loss': '由盈转亏' } as const;

/**
 * A {@link GrowthResult} as text, per `options.mode` (see {@link GrowthDisplayMode}). Rates are
 * rounded half away from zero to `decimals`. A multiple is growth ÷ 100 with "增长…倍" wording, so
 * 1680% is "增长16.8倍" (current = 17.8 × base; for "为上年的X倍" see {@link formatTimesOfBase}).
 * Losses (base < 0) read 扭亏为盈 / 减亏 / 增亏, a profit turned loss 由盈转亏; the `phrase` mode adds both values, e.g.
 * `"减亏（上年同期-120，本期-50）"`, in the indicator's unit. No rate → `"—"`.
 * @throws RangeError on bad decimals.
 */
export function formatGrowth(growth: GrowthResult, options: FormatGrowthOptions): string {
  switch (growth.kind) {
    case 'no-base':
      return DASH;
    case 'new':
      return options.zeroBase === 'new' ? '新增' : DASH;
    case 'turnaround':
    case 'loss-narrowed':
    case 'loss-widened':
    case 'profit-to-loss': {
      const word = SIGN_WORDS[growth.kind];
      if (options.mode !== 'phrase') return word;
      const show = (value: DecimalString): string =>
        options.valueDecimals === undefined ? value : formatDecimal(value, options.valueDecimals);
      return `${word}（上年同期${show(growth.base)}，本期${show(growth.current)}）`;
    }
    case 'percent':
      return formatPercentGrowth(growth.value, options);
  }
}

function formatPercentGrowth(percent: DecimalString, options: FormatGrowthOptions): string {
  const rate = toDec(percent);
  if (options.mode !== 'percent' && rate.gte(100)) {
    if (options.multipleDecimals !== undefined) return `增长${formatDecimal(fromDec(rate.div(100)), options.multipleDecimals)}倍`;
    // The multiple is the shown rate with its point moved two places: exact, same precision.
    return `增长${shiftDecimalPoint(roundHalfAway(percent, options.decimals), -2)}倍`;
  }
  if (options.mode !== 'phrase') return formatDecimal(percent, options.decimals);
  const word = growthWord(percent, options.decimals);
  return word === '持平' ? word : `${word}${formatDecimal(fromDec(rate.abs()), options.decimals)}%`;
}

/**
 * "为上年同期的X倍" style wording: current ÷ base, `decimals` places, with `baseLabel`
 * (default `"上年同期"`): 279 vs 100 → `"为上年同期的2.79倍"`. Unlike "增长X倍" the multiple here
 * is the whole ratio (增长1.79倍 = 为上年同期的2.79倍). `null` when either is missing or base ≤ 0.
 * @throws RangeError on a non-decimal figure or bad decimals.
 */
export function formatTimesOfBase(
  current: DecimalString | null,
  base: DecimalString | null,
  decimals: number,
  baseLabel: string = '上年同期',
): string | null {
  if (current === null || base === null || toDec(base).lte(0)) return null;
  return `为${baseLabel}的${formatDecimal(fromDec(toDec(current).div(toDec(base))), decimals)}倍`;
}

function pointPhrase(points: DecimalString, decimals: number, up: string, down: string, flat: string): string {
  const magnitude = formatDecimal(fromDec(toDec(points).abs()), decimals);
  // Judge on the shown figure so "加快0.0个百分点" can never appear.
  if (toDec(magnitude).isZero()) return flat;
  return `${toDec(points).isPositive() ? up : down}${magnitude}个百分点`;
}

/**
 * A change in a share or rate in 百分点 (never %): `("-3.6", 1)` → `"下降3.6个百分点"`
 * (as in "占比下降3.6个百分点"); words default to 提高/下降 and can be replaced (e.g. 加快/放缓).
 * A change that rounds to zero reads `"持平"`.
 * @throws RangeError on a non-decimal value or bad decimals.
 */
export function formatPointChange(
  points: DecimalString,
  decimals: number,
  words: { up: string; down: string } = { up: '提高', down: '下降' },
): string {
  return pointPhrase(points, decimals, words.up, words.down, '持平');
}

/**
 * How a growth rate moved against an earlier one (both percent), worded as the bureau does
 * after "增速比1-8月…" style subjects: both ≥ 0 → `"加快2.1个百分点"` / `"回落2.1个百分点"`;
 * from a decline (< 0) to a decline or zero → `"降幅收窄…"` / `"降幅扩大…"`; sign change → `"由降转增"` / `"由增转降"`;
 * unchanged at `decimals` → `"持平"`. `null` when either rate is missing.
 * @throws RangeError on a non-decimal rate or bad decimals.
 */
export function formatGrowthRateChange(
  current: DecimalString | null,
  previous: DecimalString | null,
  decimals: number,
): string | null {
  if (current === null || previous === null) return null;
  const now = toDec(current);
  const before = toDec(previous);
  const points = fromDec(now.minus(before));
  if (before.isNegative() && now.gt(0)) return '由降转增';
  if (before.gt(0) && now.isNegative()) return '由增转降';
  // From a decline to zero the decline narrowed; from zero to a decline it is a 回落.
  if (before.isNegative()) return pointPhrase(points, decimals, '降幅收窄', '降幅扩大', '持平');
  return pointPhrase(points, decimals, '加快', '回落', '持平');
}

/**
 * Wording of the gap between 年度目标完成率 and 时间进度 (百分点, from `timeProgressGap`):
 * `"超时间进度23.9个百分点"`, `"慢于时间进度5.0个百分点"`, or `"与时间进度持平"`.
 * `null` gap → `null`.
 * @throws RangeError on a non-decimal gap or bad decimals.
 */
export function formatTimeProgressGap(gap: DecimalString | null, decimals: number): string | null {
  if (gap === null) return null;
  return pointPhrase(gap, decimals, '超时间进度', '慢于时间进度', '与时间进度持平');
}

/**
 * A 百分点 change as a signed figure for a cell: `("4.8", 1)` → `"+4.8"`, `("-0.04", 1)` →
 * `"0.0"` (no sign on a change that rounds to zero), `("-3.6", 1)` → `"-3.6"`. Callers append
 * "个百分点" (比率 rows of the 同比 column: 100.0 vs 95.2 → "+4.8个百分点").
 * @throws RangeError on a non-decimal value or bad decimals.
 */
export function toSignedPoints(points: DecimalString, decimals: number): string {
  const shown = formatDecimal(points, decimals);
  return toDec(shown).gt(0) ? `+${shown}` : shown;
}
