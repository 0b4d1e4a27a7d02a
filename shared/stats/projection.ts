import { type DecimalString, dec, fromDec, toDec } from './decimal.js';
import { assertMonth } from './period.js';

/**
 * How a 预计全年 (full-year projection) was made; there is no single official method, so every
 * projection records its own.
 * - `linear`: 累计 × 12 / N;
 * - `seasonal`: 累计 ÷ (last year's 1-N月 ÷ last year's 全年), i.e. this year keeps last year's
 *   monthly profile;
 * - `target`: the annual target, but never less than what is already achieved.
 */
export type ProjectionMethod = 'linear' | 'seasonal' | 'target';

/** Inputs of {@link projectFullYear}; all figures of one indicator in one unit, N = `month` (1..12). */
export type ProjectionInput =
  | { method: 'linear'; cumulative: DecimalString | null; month: number }
  | {
      method: 'seasonal';
      cumulative: DecimalString | null;
      month: number;
      lastYearCumulative: DecimalString | null;
      lastYearTotal: DecimalString | null;
    }
  | { method: 'target'; cumulative: DecimalString | null; target: DecimalString | null };

/** A full-year projection and the method that produced it; `value` is unrounded, `null` when inputs were missing. */
export type Projection = { method: ProjectionMethod; value: DecimalString | null };

/**
 * 预计全年 of a flow from its 1-N月 累计 (e.g. 1-11月 86.33亿元: linear → ≈94.18亿元).
 * The result is `null` (with the method still recorded) when a needed figure is missing, or for
 * `seasonal` when last year's 1-N月 or 全年 is ≤ 0 (no usable share). For `target`, a missing
 * cumulative means nothing achieved yet and the target stands.
 * @throws RangeError on a bad month or a non-decimal figure.
 */
export function projectFullYear(input: ProjectionInput): Projection {
  const value = projectedValue(input);
  return { method: input.method, value };
}

function projectedValue(input: ProjectionInput): DecimalString | null {
  switch (input.method) {
    case 'linear': {
      assertMonth(input.month);
      if (input.cumulative === null) return null;
      return fromDec(toDec(input.cumulative).times(12).div(input.month));
    }
    case 'seasonal': {
      assertMonth(input.month);
      const { cumulative, lastYearCumulative, lastYearTotal } = input;
      if (cumulative === null || lastYearCumulative === null || lastYearTotal === null) return null;
      const partial = toDec(lastYearCumulative);
      const total = toDec(lastYearTotal);
      if (partial.lte(0) || total.lte(0)) return null;
      // Multiply before dividing so the share's rounding cannot leak into the result.
      return fromDec(toDec(cumulative).times(total).div(partial));
    }
    case 'target': {
      if (input.target === null) return null;
      const target = toDec(input.target);
      const achieved = input.cumulative === null ? dec(0) : toDec(input.cumulative);
      return fromDec(achieved.gt(target) ? achieved : target);
    }
  }
}
