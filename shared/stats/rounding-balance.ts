import { type Dec, type DecimalString, addDecimals, assertDecimals, dec, fromDec, roundHalfAway, toDec } from './decimal.js';

/**
 * Outcome of 舍位平衡. On success, `parts` are the rounded parts (canonical strings, `null` kept
 * where a part was missing) that add up exactly to the rounded `total`, and `adjusted` lists the
 * indices moved by one unit of the last place. It fails with `gap-too-large` when the rounded
 * total is more than one unit per part away from the sum of rounded parts — only possible when a
 * separately reported total disagrees with its parts, which is an audit matter, not rounding.
 */
export type RoundingBalance =
  | { ok: true; total: DecimalString; parts: Array<DecimalString | null>; adjusted: number[] }
  | { ok: false; error: 'gap-too-large'; total: DecimalString; roundedParts: Array<DecimalString | null> };

type Candidate = { index: number; exact: Dec; residual: Dec };

/**
 * 舍位平衡: rounds `parts` and `total` to `decimals` places (half away from zero) and then moves
 * the fewest parts by exactly one unit of the last place so the rounded parts add up to the
 * rounded total (largest-remainder method). Parts whose rounding lost the most are raised first
 * (those that gained the most are lowered first), so each figure stays as close to its exact value
 * as the constraint allows; ties go to the larger part by absolute value, then the earlier row.
 * `total` defaults to the exact sum of the parts; pass the reported total when it is stored
 * separately. Without balancing, tables carry the note "因四舍五入，总计与分项合计可能不等".
 * @throws RangeError on a non-decimal figure or `decimals` outside 0..20.
 */
export function balanceRounding(
  parts: ReadonlyArray<DecimalString | null>,
  decimals: number,
  total?: DecimalString,
): RoundingBalance {
  assertDecimals(decimals);
  const exactTotal = total ?? addDecimals(parts) ?? '0';
  const roundedTotal = roundHalfAway(exactTotal, decimals);
  const roundedParts = parts.map((part) => (part === null ? null : roundHalfAway(part, decimals)));
  const unit = dec(`1e-${decimals}`);
  const gapUnits = toDec(roundedTotal)
    .minus(toDec(addDecimals(roundedParts) ?? '0'))
    .div(unit)
    .toNumber();

  const candidates: Candidate[] = [];
  parts.forEach((part, index) => {
    const rounded = roundedParts[index];
    if (part === null || rounded === null || rounded === undefined) return;
    const exact = toDec(part);
    candidates.push({ index, exact, residual: exact.minus(toDec(rounded)) });
  });
  if (Math.abs(gapUnits) > candidates.length) {
    return { ok: false, error: 'gap-too-large', total: roundedTotal, roundedParts };
  }

  const raise = gapUnits > 0;
  candidates.sort((a, b) => {
    // Raising: most rounded-down first; lowering: most rounded-up first.
    const byResidual = raise ? b.residual.comparedTo(a.residual) : a.residual.comparedTo(b.residual);
    if (byResidual !== 0) return byResidual;
    const bySize = b.exact.abs().comparedTo(a.exact.abs());
    return bySize !== 0 ? bySize : a.index - b.index;
  });
  const moved = candidates.slice(0, Math.abs(gapUnits)).map((c) => c.index);
  const step = raise ? unit : unit.neg();
  const balanced = roundedParts.map((rounded, index) =>
    rounded !== null && moved.includes(index) ? fromDec(toDec(rounded).plus(step)) : rounded,
  );
  return { ok: true, total: roundedTotal, parts: balanced, adjusted: moved.sort((a, b) => a - b) };
}

/**
 * Splits `total` over parts in proportion to integer `weights` (e.g. monthly shares of a year),
 * each part rounded to `decimals` places and balanced (see {@link balanceRounding}) so the parts
 * add up exactly to the rounded total: `("100", [1, 1, 1], 1)` → `["33.4", "33.3", "33.3"]`.
 * @throws RangeError on a non-decimal total, a weight that is not a positive safe integer, or bad decimals.
 */
export function splitByWeights(total: DecimalString, weights: readonly number[], decimals: number): DecimalString[] {
  if (weights.length === 0 || weights.some((w) => !Number.isSafeInteger(w) || w <= 0)) throw new RangeError('Weights must be positive integers');
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => fromDec(toDec(total).times(dec(w)).div(dec(sum))));
  const balanced = balanceRounding(exact, decimals, total);
  // The parts add up to the total exactly, so the gap is at most one unit per part: always ok.
  if (!balanced.ok) throw new RangeError('Rounding could not be balanced');
  return balanced.parts.map((p) => p ?? '0');
}
