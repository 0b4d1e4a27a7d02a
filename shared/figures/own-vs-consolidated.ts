import { type Indicator } from '../domain/catalog.js';
import { type DecimalString, type FirstReturnMonth, compareDecimals, formatDecimal, parsePeriod, roundHalfAway, subtractDecimal } from '../stats/index.js';
import { type FigureLookup, IndicatorFigures } from './indicator-figures.js';

/**
 * A node that has units under it may also report its own figures (the county types the total it
 * sends up). The audit of a 汇总 compares them: where the node typed an indicator's figure for the
 * period and it differs from the 汇总 of its units at the indicator's decimals, the clerk is told.
 */
export interface OwnMismatch {
  indicatorId: number;
  name: string;
  unit: string;
  decimals: number;
  /** The node's own figure: 1-N月累计 of a flow, the period-end value of a stock. */
  own: DecimalString;
  /** The 汇总 of its units, same figure. */
  consolidated: DecimalString;
  /** own − consolidated, exact. */
  difference: DecimalString;
}

/**
 * The indicators (flows and stocks; a 比率 is recomputed, never typed against) whose own figure of
 * the node for `period` (`YYYY-MM`) — typed that month, read through the same engine as the total —
 * differs from the consolidated one when both are rounded to the indicator's decimals. Indicators
 * counted from a ledger (`derivedFrom`) are the same count both ways and are skipped; a total left
 * unknown by a unit's gap is not compared.
 */
export function ownVsConsolidated(
  own: FigureLookup,
  total: FigureLookup,
  indicators: readonly Indicator[],
  catalog: ReadonlyMap<number, Indicator>,
  formFirstReturn: FirstReturnMonth,
  period: string,
): OwnMismatch[] {
  const { year, month } = parsePeriod(period);
  const ownEngine = new IndicatorFigures(own, catalog, formFirstReturn);
  const totalEngine = new IndicatorFigures(total, catalog, formFirstReturn);
  const out: OwnMismatch[] = [];
  for (const indicator of indicators) {
    if (indicator.kind === 'ratio' || (total.derivedFrom?.(indicator.id) ?? own.derivedFrom?.(indicator.id) ?? null) !== null) continue;
    if (ownEngine.typed(indicator, year, month, 'cumulative') === null && ownEngine.typed(indicator, year, month, 'month') === null) continue;
    const read = (engine: IndicatorFigures): DecimalString | null =>
      (indicator.kind === 'flow' ? engine.periodFigure(indicator, year, month) : engine.monthFigure(indicator, year, month)).value;
    const mine = read(ownEngine);
    const sum = read(totalEngine);
    if (mine === null || sum === null) continue;
    if (compareDecimals(roundHalfAway(mine, indicator.decimals), roundHalfAway(sum, indicator.decimals)) === 0) continue;
    out.push({ indicatorId: indicator.id, name: indicator.name, unit: indicator.unit, decimals: indicator.decimals, own: mine, consolidated: sum, difference: subtractDecimal(mine, sum) });
  }
  return out;
}

/** "本单位自报2,100.0万元，与下级汇总2,000.5万元相差99.5万元，请核对。" for a cell's remark. */
export function ownMismatchRemark(m: OwnMismatch): string {
  const show = (v: DecimalString): string => `${formatDecimal(v, m.decimals, { thousands: true })}${m.unit}`;
  return `本单位自报${show(m.own)}，与下级汇总${show(m.consolidated)}相差${show(m.difference)}，请核对。`;
}
