import { type Indicator, type ProjectionMethodName } from '../domain/catalog.js';
import { type CellView, type FormView, type FormViewRow } from '../domain/grid.js';
import { type DecimalString, type GrowthResult, growthRate } from '../stats/index.js';
import { type LedgerCounts } from './ledger-counts.js';

/**
 * 同比 of one figure as the form view model states it:
 * - `percent`: a growth rate in percent (computed, or supplied by the bureau for 可比价 indicators);
 * - `points`: a 比率 compared with last year, in 百分点;
 * - `sign`: a sign change or a loss (扭亏为盈 / 减亏 / 增亏 / 由盈转亏) with both values.
 */
export type NarrativeGrowth =
  | { kind: 'percent'; value: DecimalString }
  | { kind: 'points'; value: DecimalString }
  | { kind: 'sign'; result: Extract<GrowthResult, { base: DecimalString }> };

/**
 * One indicator's figures for the paragraph, every one taken from the form view model (amounts in
 * the indicator's own unit, rates in percent, unrounded). `null` = no figure: the clause that
 * needs it is left out.
 */
export interface NarrativeFigure {
  indicatorId: number;
  code: string;
  name: string;
  /** The indicator's unit (万元, 家, % …). */
  unit: string;
  decimals: number;
  kind: 'flow' | 'stock' | 'ratio';
  parentId: number | null;
  /** 1-N月累计 of a flow, period-end value of a stock, the rate of a 比率. */
  value: DecimalString | null;
  growth: NarrativeGrowth | null;
  /** The same 同比 of the previous return (1-(N−1)月), for 加快/回落. */
  previousGrowth: NarrativeGrowth | null;
  /** 占比 of the parent, percent. */
  share: DecimalString | null;
  /** 年度目标完成率, percent. */
  completion: DecimalString | null;
  /** 完成率 − 时间进度, 百分点. */
  progressGap: DecimalString | null;
  projection: { value: DecimalString; method: ProjectionMethodName; growth: NarrativeGrowth | null } | null;
}

/** The figures of one unit and period that a paragraph may use. */
export interface NarrativeModel {
  unitName: string;
  /** `YYYY-MM`. */
  period: string;
  /** The month of the previous return (for 增速比1-10月…), `null` at the year's first return. */
  previousMonth: number | null;
  /** 2 when the year's first return is 1-2月. */
  firstReturnMonth: 1 | 2;
  /** In the order the paragraph speaks of them. */
  figures: NarrativeFigure[];
  /** Counts from the 项目台账 and 企业名录 (spoken of after the indicators), when the ledgers hold entries. */
  ledger?: LedgerCounts | undefined;
}

/** Form views a {@link NarrativeModel} is read from; amounts must be in the indicators' own units. */
export interface NarrativeViews {
  /** The period itself, with the share, timeProgress and projection columns on. */
  current: FormView;
  /** The previous return of the same year, or `null` at the first return. */
  previous: FormView | null;
  /** December of last year (last year's 全年, the base of 预计全年's 同比), or `null`. */
  lastYearEnd: FormView | null;
}

const SIGN_KINDS: Readonly<Record<string, 'turnaround' | 'loss-narrowed' | 'loss-widened' | 'profit-to-loss'>> = {
  扭亏为盈: 'turnaround',
  减亏: 'loss-narrowed',
  增亏: 'loss-widened',
  由盈转亏: 'profit-to-loss',
};

const valueOf = (cell: CellView | undefined): DecimalString | null => (cell && cell.state !== 'missing' ? cell.value : null);

/** The 同比 a row of the view states: its 同比 cell, read as the view worded it. */
function growthOf(row: FormViewRow | undefined): NarrativeGrowth | null {
  const cell = row?.cells.growth;
  if (!row || !cell || cell.state === 'missing' || cell.state === 'empty') return null;
  if (cell.value !== null) return { kind: row.kind === 'ratio' ? 'points' : 'percent', value: cell.value };
  // A loss or a sign change has no rate: the view says which in words, on the figures below.
  const kind = SIGN_KINDS[cell.display];
  const current = valueOf(row.cells.cumulative);
  const base = valueOf(row.cells.comparable_base) ?? valueOf(row.cells.prior_cumulative);
  if (kind === undefined || current === null || base === null) return null;
  return { kind: 'sign', result: { kind, current, base } };
}

/** 同比 of a projection against last year's 全年 (a 比率 or a missing base gives none). */
function projectionGrowth(projected: DecimalString, lastYearTotal: DecimalString | null): NarrativeGrowth | null {
  const result = growthRate(projected, lastYearTotal);
  if (result.kind === 'percent') return { kind: 'percent', value: result.value };
  if (result.kind === 'new' || result.kind === 'no-base') return null;
  return { kind: 'sign', result };
}

/**
 * Reads the paragraph's figures from the form view model — the same figures the grid shows
 * (growth, share, completion, projection and time-progress gap are taken as the view computed
 * them; only the projection's 同比 against last year's 全年, which no column holds, is computed
 * here by the engine's `growthRate`). Rows whose indicator is not in `indicators` are skipped.
 */
export function narrativeModel(views: NarrativeViews, indicators: ReadonlyMap<number, Indicator>, unitName: string, firstReturnMonth: 1 | 2, previousMonth: number | null): NarrativeModel {
  const byId = (view: FormView | null, id: number): FormViewRow | undefined => view?.rows.find((r) => r.indicatorId === id);
  const figures: NarrativeFigure[] = [];
  for (const row of views.current.rows) {
    const indicator = row.indicatorId === null ? undefined : indicators.get(row.indicatorId);
    if (!indicator || row.kind === null) continue;
    const projected = valueOf(row.cells.projection);
    const lastYearTotal = row.kind === 'flow' ? valueOf(byId(views.lastYearEnd, indicator.id)?.cells.cumulative) : null;
    figures.push({
      indicatorId: indicator.id,
      code: indicator.code,
      name: indicator.name,
      unit: row.unit,
      decimals: row.decimals,
      kind: row.kind,
      parentId: indicator.parentId,
      value: valueOf(row.cells.cumulative),
      growth: growthOf(row),
      previousGrowth: growthOf(byId(views.previous, indicator.id)),
      share: valueOf(row.cells.share),
      completion: valueOf(row.cells.completion),
      progressGap: valueOf(row.cells.progressGap),
      projection: projected === null ? null : { value: projected, method: indicator.projectionMethod, growth: projectionGrowth(projected, lastYearTotal) },
    });
  }
  return { unitName, period: views.current.period, previousMonth, firstReturnMonth, figures };
}
