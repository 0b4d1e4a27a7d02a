import { type Indicator } from '../domain/catalog.js';
import { type StoredField } from '../domain/grid.js';
import {
  type DecimalString,
  type FirstReturnMonth,
  type FlowYear,
  type SeriesFigure,
  aggregateRatio,
  convertUnit,
  deriveFlowYear,
  formatPeriod,
  hasReturn,
} from '../stats/index.js';

/** Read access to what the clerk typed: one unit's stored figures (period `YYYY-MM`, or `YYYY` for targets). */
export interface FigureLookup {
  get(indicatorId: number, period: string, field: StoredField): string | null;
  /**
   * Where an indicator's figures come from when they are not typed but counted from a ledger
   * (e.g. "企业名录：高新技术企业"): they are then shown as derived and not typeable. Absent or
   * null for typed indicators.
   */
  derivedFrom?(indicatorId: number): string | null;
}

const EMPTY: SeriesFigure = { value: null, state: 'empty' };

/** A figure as derived (a ledger's figure is never typed). */
const asDerived = (figure: SeriesFigure): SeriesFigure => (figure.state === 'typed' ? { value: figure.value, state: 'derived' } : figure);

// `YYYY-MM` storage keys (not wording: that is periodWords), made once: a form view asks for the same few dozen periods thousands of times.
const periodKeys = new Map<number, string>();
function periodKey(year: number, month: number): string {
  const key = year * 100 + month;
  let text = periodKeys.get(key);
  if (text === undefined) {
    text = formatPeriod(year, month);
    if (periodKeys.size > 5000) periodKeys.clear();
    periodKeys.set(key, text);
  }
  return text;
}

/**
 * The figures of one unit's indicators for any year, derived once per (indicator, year) through
 * the statistics engine and memoised: the one place where stored figures become 本月, 1-N月累计
 * and period values. The form view, the year view, every export and the template round trip
 * read figures through this.
 */
export class IndicatorFigures {
  /** Derived years by `indicator id × 10000 + year`. */
  private readonly flowYears = new Map<number, { through: number; year: FlowYear }>();

  constructor(
    private readonly figures: FigureLookup,
    private readonly indicators: ReadonlyMap<number, Indicator>,
    /** The form's first return (1 or 2); an indicator's own setting overrides it. */
    private readonly formFirstReturn: FirstReturnMonth,
  ) {}

  /** First return of the year for `indicator`: its own setting, else the form's. */
  firstReturn(indicator: Indicator): FirstReturnMonth {
    return indicator.firstReturnMonth ?? this.formFirstReturn;
  }

  /** A stored figure as typed (`null` when empty). */
  typed(indicator: Indicator, year: number, month: number, field: StoredField): string | null {
    return this.figures.get(indicator.id, field === 'target' ? String(year) : periodKey(year, month), field);
  }

  /** True when a 比率 is defined by a numerator and a denominator indicator (so it is computed). */
  isComputedRatio(indicator: Indicator): boolean {
    return indicator.kind === 'ratio' && indicator.numeratorId !== null && indicator.denominatorId !== null;
  }

  /**
   * The derived year of a flow (本月, 累计, identity checks) through `throughMonth` (later months
   * are left empty), memoised per indicator and year.
   */
  flowYear(indicator: Indicator, year: number, throughMonth = 12): FlowYear {
    // A number, not a `${id}|${year}` string: a form view asks this tens of thousands of times.
    const key = indicator.id * 10_000 + year;
    const cached = this.flowYears.get(key);
    if (cached && cached.through >= throughMonth) return cached.year;
    const monthly: Array<string | null> = [];
    const cumulative: Array<string | null> = [];
    for (let m = 1; m <= throughMonth; m++) {
      monthly.push(this.typed(indicator, year, m, 'month'));
      cumulative.push(this.typed(indicator, year, m, 'cumulative'));
    }
    let derived = deriveFlowYear(monthly, cumulative, this.firstReturn(indicator), throughMonth);
    // Figures read from a ledger were never typed: every one of them is derived.
    if (this.derivedFrom(indicator) !== null) derived = { ...derived, month: derived.month.map(asDerived), cumulative: derived.cumulative.map(asDerived) };
    this.flowYears.set(key, { through: throughMonth, year: derived });
    return derived;
  }

  /**
   * The figure of the period (the value 同比, 占比 and 完成率 are computed on): 1-N月累计 for a
   * flow, the period-end value for a stock, the rate for a 比率 (recomputed from its components'
   * period figures when it has them — never averaged).
   */
  periodFigure(indicator: Indicator, year: number, month: number, depth = 0): SeriesFigure {
    if (indicator.kind === 'flow') return this.flowYear(indicator, year, month).cumulative[month - 1] ?? EMPTY;
    if (this.isComputedRatio(indicator) && depth < 4) return this.componentRatio(indicator, year, month, depth, 'period');
    return this.stockFigure(indicator, year, month);
  }

  /** The figure of the month alone: 本月 for a flow; for stocks and ratios the same as {@link periodFigure}. */
  monthFigure(indicator: Indicator, year: number, month: number, depth = 0): SeriesFigure {
    if (indicator.kind === 'flow') return this.flowYear(indicator, year, month).month[month - 1] ?? EMPTY;
    if (this.isComputedRatio(indicator) && depth < 4) return this.componentRatio(indicator, year, month, depth, 'month');
    return this.stockFigure(indicator, year, month);
  }

  private stockFigure(indicator: Indicator, year: number, month: number): SeriesFigure {
    if (!hasReturn(month, this.firstReturn(indicator))) return EMPTY;
    const value = this.typed(indicator, year, month, 'month');
    if (value === null) return EMPTY;
    return { value, state: this.derivedFrom(indicator) === null ? 'typed' : 'derived' };
  }

  /** The ledger an indicator's figures are counted from (see {@link FigureLookup.derivedFrom}), or null when typed. */
  derivedFrom(indicator: Indicator): string | null {
    return this.figures.derivedFrom?.(indicator.id) ?? null;
  }

  private componentRatio(indicator: Indicator, year: number, month: number, depth: number, span: 'period' | 'month'): SeriesFigure {
    const numerator = this.indicators.get(indicator.numeratorId ?? -1);
    const denominator = this.indicators.get(indicator.denominatorId ?? -1);
    if (!numerator || !denominator) return EMPTY;
    const read = (component: Indicator): SeriesFigure =>
      span === 'period' ? this.periodFigure(component, year, month, depth + 1) : this.monthFigure(component, year, month, depth + 1);
    const top = read(numerator);
    const bottom = read(denominator);
    if (top.state === 'missing') return top;
    if (bottom.state === 'missing') return bottom;
    // Components in different but compatible units (万元 over 亿元) are brought to one unit first.
    const bottomInTopUnit = bottom.value === null ? null : convertUnit(bottom.value, denominator.unit, numerator.unit);
    const value = aggregateRatio([
      { numerator: top.value, denominator: bottomInTopUnit?.ok ? bottomInTopUnit.value : null },
    ]);
    return value === null ? EMPTY : { value, state: 'derived' };
  }

  /** 上年同期 published figure: typed for this period, else last year's period figure (derived). */
  priorFigure(indicator: Indicator, year: number, month: number): { figure: SeriesFigure; fromLastYear: boolean } {
    const typed = this.typed(indicator, year, month, 'prior_cumulative');
    if (typed !== null) return { figure: { value: typed, state: 'typed' }, fromLastYear: false };
    const last = this.periodFigure(indicator, year - 1, month);
    return { figure: last.state === 'typed' || last.state === 'mismatch' ? { value: last.value, state: 'derived' } : last, fromLastYear: true };
  }

  /** The comparable base (可比口径) typed for this period, or `null`. */
  comparableBase(indicator: Indicator, year: number, month: number): DecimalString | null {
    return this.typed(indicator, year, month, 'comparable_base');
  }

  /** The base growth is computed on: the comparable base when typed, else the published 上年同期. */
  growthBase(indicator: Indicator, year: number, month: number): { value: DecimalString | null; kind: 'comparable' | 'published' } {
    const comparable = this.comparableBase(indicator, year, month);
    if (comparable !== null) return { value: comparable, kind: 'comparable' };
    return { value: this.priorFigure(indicator, year, month).figure.value, kind: 'published' };
  }

  /** Indicator by id (parents and ratio components need not be on the form). */
  indicator(id: number | null): Indicator | undefined {
    return id === null ? undefined : this.indicators.get(id);
  }
}
