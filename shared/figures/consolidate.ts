import { type Indicator } from '../domain/catalog.js';
import { type StoredField } from '../domain/grid.js';
import { type DecimalString, type FirstReturnMonth, type SeriesFigure, addDecimals, formatPeriod, hasReturn, missingMonthRemark } from '../stats/index.js';
import { type FigureLookup, IndicatorFigures } from './indicator-figures.js';

/**
 * 汇总 (consolidation) of reporting units: the figures of a node of the unit tree made from the
 * figures of the units under it, following each indicator's aggregation rule —
 * - flows and other amounts: summed (本月 and 1-N月累计 of each unit as the engine derives them);
 * - stocks: the period-end values summed (never summed over months);
 * - ratios: never averaged: a 比率 with a numerator and a denominator is recomputed from the
 *   consolidated components (Σ分子 / Σ分母, through {@link IndicatorFigures}); a 比率 without
 *   them cannot be consolidated and stays empty.
 * The result is a {@link FigureLookup}, so the same engine (`IndicatorFigures`,
 * `buildFormFigures`) that shows one unit shows the total: 累计, 同比, 完成率 are derived once.
 */

/** One unit entering a 汇总: its own stored figures. */
export interface ConsolidationUnit {
  unitId: number;
  name: string;
  figures: FigureLookup;
}

/** A unit whose figure keeps the total of an indicator unknown, and why (缺6月数据, 未填报). */
export interface ConsolidationGap {
  unitId: number;
  name: string;
  remark: string;
}

const key = (indicatorId: number, period: string, field: StoredField): string => `${indicatorId}|${period}|${field}`;

/**
 * The figures of a consolidated node, as if typed: Σ of the units' figures per indicator, period
 * and field. Read it through {@link IndicatorFigures} / `buildFormFigures` like a unit's own.
 */
export class ConsolidatedFigures implements FigureLookup {
  private readonly values = new Map<string, DecimalString>();
  private readonly sources = new Map<number, string>();

  /** Sets one consolidated figure (the caller has summed it exactly). */
  set(indicatorId: number, period: string, field: StoredField, value: DecimalString): void {
    this.values.set(key(indicatorId, period, field), value);
  }

  get(indicatorId: number, period: string, field: StoredField): DecimalString | null {
    return this.values.get(key(indicatorId, period, field)) ?? null;
  }

  /** Drops every figure of one field of an indicator (a ledger-fed indicator's typed 累计). */
  drop(indicatorId: number, field: StoredField): void {
    for (const k of [...this.values.keys()]) if (k.startsWith(`${indicatorId}|`) && k.endsWith(`|${field}`)) this.values.delete(k);
  }

  /** Marks an indicator as counted from a ledger for the whole node (its figures are set by the caller, not summed). */
  setSource(indicatorId: number, label: string): void {
    this.sources.set(indicatorId, label);
  }

  derivedFrom(indicatorId: number): string | null {
    return this.sources.get(indicatorId) ?? null;
  }
}

/** What {@link consolidateUnits} is asked for. */
export interface ConsolidationRequest {
  /** The indicators to consolidate (ratio components must be among them for the ratio to be computed). */
  indicators: readonly Indicator[];
  /** The whole catalog, for ratio components. */
  catalog: ReadonlyMap<number, Indicator>;
  /** The units whose own figures make up the total (the leaves under the node). */
  units: readonly ConsolidationUnit[];
  year: number;
  /** Month of the period (1..12): months after it are not needed. */
  month: number;
  /** Months of last year to consolidate (the month for 上年同期; 12 for a seasonal projection). */
  lastYearThrough?: number;
  /** First return of the form (1, or 2 for forms starting at 1-2月); an indicator's own setting overrides it. */
  formFirstReturn: FirstReturnMonth;
  /** Where to add the totals (the fast path may already hold other indicators' totals). */
  into?: ConsolidatedFigures;
}

/** Result of {@link consolidateUnits}. */
export interface Consolidation {
  figures: ConsolidatedFigures;
  /** Per indicator: the units whose figure of the period is unknown, so the total is too. */
  gaps: Map<number, ConsolidationGap[]>;
}

/** True for indicators whose figures can be added across units (everything but a 比率). */
export function isSummable(indicator: Indicator): boolean {
  return indicator.kind !== 'ratio';
}

/**
 * 汇总 of `units` through each unit's own engine figures ({@link IndicatorFigures}): for every
 * summable indicator and every month 1..`month` of this year (1..`lastYearThrough` of last
 * year), 本月 and 累计 (flows) or the period-end value (stocks) are summed over the units that
 * have figures of it that year. When one of them has no figure for a month (a gap, 缺N月数据),
 * the total of that month is unknown — never summed as if it were 0 — and the unit is named in
 * `gaps`. Units without any figure of the indicator in a year do not take part (a unit that
 * joined this year counts in last year's base only when its last-year figures exist).
 * 上年同期 typed by a unit (prior_cumulative) and the 可比口径 base are summed with the other
 * units' own bases; targets are summed when every contributing unit has one.
 * Exact decimal arithmetic throughout.
 */
export function consolidateUnits(request: ConsolidationRequest): Consolidation {
  const { year, month, units, catalog } = request;
  const figures = request.into ?? new ConsolidatedFigures();
  const gaps = new Map<number, ConsolidationGap[]>();
  const engines = units.map((u) => ({ unit: u, engine: new IndicatorFigures(u.figures, catalog, request.formFirstReturn) }));
  const lastYearThrough = request.lastYearThrough ?? month;

  for (const indicator of request.indicators) {
    if (!isSummable(indicator)) continue;
    const firstReturn = indicator.firstReturnMonth ?? request.formFirstReturn;
    for (const [y, through] of [
      [year - 1, lastYearThrough],
      [year, month],
    ] as const) {
      const months = Array.from({ length: through }, (_, i) => i + 1).filter((m) => hasReturn(m, firstReturn));
      const read = (engine: IndicatorFigures, m: number): { month: SeriesFigure; period: SeriesFigure } =>
        indicator.kind === 'flow'
          ? { month: engine.monthFigure(indicator, y, m), period: engine.periodFigure(indicator, y, m) }
          : { month: engine.monthFigure(indicator, y, m), period: engine.monthFigure(indicator, y, m) };
      const series = engines.map(({ unit, engine }) => ({ unit, figures: months.map((m) => read(engine, m)) }));
      // Only units with some figure of the indicator that year take part in its total.
      const taking = series.filter((s) => s.figures.some((f) => f.month.state !== 'empty' || f.period.state !== 'empty'));
      if (taking.length === 0) continue;
      months.forEach((m, index) => {
        const period = formatPeriod(y, m);
        const monthValues = taking.map((s) => s.figures[index]?.month.value ?? null);
        const periodValues = taking.map((s) => s.figures[index]?.period.value ?? null);
        if (monthValues.every((v) => v !== null)) figures.set(indicator.id, period, 'month', addDecimals(monthValues) ?? '0');
        if (indicator.kind === 'flow' && periodValues.every((v) => v !== null)) figures.set(indicator.id, period, 'cumulative', addDecimals(periodValues) ?? '0');
        if (y === year && m === month) {
          const missing = taking.filter((s) => (s.figures[index]?.period.value ?? null) === null);
          if (missing.length > 0) {
            gaps.set(
              indicator.id,
              missing.map((s) => {
                const figure = s.figures[index]?.period;
                return { unitId: s.unit.unitId, name: s.unit.name, remark: figure?.state === 'missing' ? missingMonthRemark(figure.gapMonth, firstReturn) : '未填报' };
              }),
            );
          }
        }
      });
    }
    const period = formatPeriod(year, month);
    const thisYear = engines.filter(({ engine }) => hasAnyFigure(engine, indicator, year, month));
    // 上年同期 and 可比口径: only when some unit typed one is the node's base other than last year's total.
    if (engines.some(({ engine }) => engine.typed(indicator, year, month, 'prior_cumulative') !== null)) {
      const bases = thisYear.map(({ engine }) => engine.priorFigure(indicator, year, month).figure.value);
      if (bases.every((v) => v !== null)) figures.set(indicator.id, period, 'prior_cumulative', addDecimals(bases) ?? '0');
    }
    if (engines.some(({ engine }) => engine.comparableBase(indicator, year, month) !== null)) {
      const bases = thisYear.map(({ engine }) => engine.growthBase(indicator, year, month).value);
      if (bases.every((v) => v !== null)) figures.set(indicator.id, period, 'comparable_base', addDecimals(bases) ?? '0');
    }
    const targets = thisYear.map(({ engine }) => engine.typed(indicator, year, month, 'target'));
    if (targets.length > 0 && targets.every((v) => v !== null)) figures.set(indicator.id, String(year), 'target', addDecimals(targets) ?? '0');
  }
  return { figures, gaps };
}

function hasAnyFigure(engine: IndicatorFigures, indicator: Indicator, year: number, month: number): boolean {
  for (let m = 1; m <= month; m++) {
    if (engine.typed(indicator, year, m, 'month') !== null || engine.typed(indicator, year, m, 'cumulative') !== null) return true;
  }
  return false;
}

/** "XX乡（缺6月数据）、YY镇（未填报）" for the note under a total. */
export function gapText(gaps: readonly ConsolidationGap[]): string {
  return gaps.map((g) => `${g.name}（${g.remark}）`).join('、');
}
