import { type DecimalString, fromDec, toDec } from './decimal.js';
import { assertMonth } from './period.js';

/**
 * 年度目标完成率 = 累计 / 年度目标 × 100, percent, unrounded; may exceed 100
 * (17.34亿元 against a 15亿元 target → 115.6). Both figures in the same unit.
 * `null` when either is missing or the target is ≤ 0.
 * @throws RangeError on a non-decimal input.
 */
export function completionRate(cumulative: DecimalString | null, target: DecimalString | null): DecimalString | null {
  if (cumulative === null || target === null || toDec(target).lte(0)) return null;
  return fromDec(toDec(cumulative).div(toDec(target)).times(100));
}

/**
 * 时间进度 after month N of the year: N / 12 × 100, percent, unrounded (11 → `"91.666…"`,
 * 6 → `"50"`, 12 → `"100"`).
 * @throws RangeError unless `month` is an integer 1..12.
 */
export function timeProgress(month: number): DecimalString {
  assertMonth(month);
  return fromDec(toDec(String(month)).div(12).times(100));
}

/**
 * Gap between 年度目标完成率 and 时间进度 after month N, in 百分点 (completion − time progress):
 * positive = ahead of schedule (超时间进度), negative = behind (慢于时间进度). Unrounded;
 * `null` when the completion rate is missing.
 * @throws RangeError on a bad month or a non-decimal rate.
 */
export function timeProgressGap(completionPercent: DecimalString | null, month: number): DecimalString | null {
  const progress = timeProgress(month);
  if (completionPercent === null) return null;
  return fromDec(toDec(completionPercent).minus(toDec(progress)));
}
