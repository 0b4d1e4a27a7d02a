import { type Database } from 'better-sqlite3';
import { type ChartPoint, type ChartSeries, type CompositionPart, type IndicatorSeries } from '../../../shared/api/charts-api.js';
import { type Form, type FormItem, type Indicator } from '../../../shared/domain/catalog.js';
import { type CellView, type FormColumn, type FormView, type FormViewRow } from '../../../shared/domain/grid.js';
import { RATE_DECIMALS, buildFormFigures } from '../../../shared/figures/form-figures.js';
import { addDecimals, compareDecimals, formatDecimal, formatPeriod, parsePeriod, subtractDecimal, timeProgress } from '../../../shared/stats/index.js';
import { unitSubtree } from '../../../shared/units/unit-tree.js';
import { formItems, getForm, indicatorsById, listForms } from '../catalog/indicator-repo.js';
import { getUnit, listUnits } from '../catalog/unit-repo.js';
import { hasUnitsUnder, joinedThisYear, markConsolidated, nodeConsolidation, scopeNotes } from '../consolidation/consolidation-view.js';
import { indicatorsReadBy } from '../grid/form-view.js';
import { type IndicatorSet, StoredFigures, indicatorSet } from '../grid/stored-figures.js';
import { UserFacingError } from '../user-facing-error.js';

/** What to chart: a unit, a month, and optionally a form and the indicators (by id, in order). */
export interface ChartSeriesRequest {
  unitId: number;
  /** `YYYY-MM`. */
  period: string;
  formId?: number | undefined;
  indicatorIds?: number[] | undefined;
}

const FIGURE_LABELS: Readonly<Record<Indicator['kind'], string>> = { flow: '累计', stock: '期末值', ratio: '比率' };

/** A chart point from a cell of the view model: its exact value and display, never a made-up 0. */
function point(cell: CellView | undefined): ChartPoint {
  if (!cell) return { value: null, display: '' };
  const out: ChartPoint = { value: cell.value, display: cell.display };
  if (cell.remark) out.remark = cell.remark;
  return out;
}

function chosenIndicators(db: Database, form: Form, request: ChartSeriesRequest, indicators: ReadonlyMap<number, Indicator>): Indicator[] {
  if (request.indicatorIds === undefined || request.indicatorIds.length === 0) {
    return formItems(db, form.id).flatMap((item: FormItem) => (item.type === 'indicator' ? [item.indicator] : []));
  }
  return request.indicatorIds.map((id) => {
    const indicator = indicators.get(id);
    if (!indicator) throw new UserFacingError('找不到所选的指标，它可能已被删除。请重新选择看板指标。');
    return indicator;
  });
}

/** 总数 − Σ其中 when the 其中 items are a breakdown of the total (same unit, all known, sum ≤ total). */
function restOf(parent: FormViewRow, children: readonly FormViewRow[]): ChartPoint | null {
  const total = parent.cells.cumulative?.value ?? null;
  const parts = children.map((c) => c.cells.cumulative?.value ?? null);
  if (total === null || parts.some((p) => p === null) || children.some((c) => c.unit !== parent.unit)) return null;
  const sum = addDecimals(parts);
  if (sum === null || compareDecimals(sum, total) > 0) return null;
  const rest = subtractDecimal(total, sum);
  return { value: rest, display: formatDecimal(rest, parent.decimals, { thousands: true }) };
}

/**
 * The chart series of one unit and month, read from the form view model (`buildFormFigures`)
 * built for each month of the year: nothing here derives a 累计, a 同比 or a share on its own, so
 * a chart shows exactly what the grid shows. Amounts are in the form's display unit.
 * @throws UserFacingError for an unknown unit, form or indicator; RangeError on a malformed period.
 */
export function buildChartSeries(db: Database, request: ChartSeriesRequest): ChartSeries {
  const unit = getUnit(db, request.unitId);
  const indicators = indicatorsById(db);
  const form = request.formId === undefined ? listForms(db)[0] : getForm(db, request.formId);
  if (!form) throw new UserFacingError('该工作簿还没有任何表式，无法作图。请先在“指标体系”中建立表式。');
  const chosen = chosenIndicators(db, form, request, indicators);
  const { year, month } = parsePeriod(request.period);

  // Each chosen indicator (depth 0) followed by its 其中 items (depth 1), so the view computes their 占比.
  const children = new Map<number, Indicator[]>();
  for (const indicator of indicators.values()) {
    if (indicator.parentId === null) continue;
    children.set(indicator.parentId, [...(children.get(indicator.parentId) ?? []), indicator]);
  }
  const items: FormItem[] = [];
  const slots: { indicator: Indicator; row: number; childRows: number[] }[] = [];
  for (const indicator of chosen) {
    const row = items.length;
    items.push({ itemId: row + 1, type: 'indicator', indicator, depth: 0 });
    const childRows: number[] = [];
    for (const child of children.get(indicator.id) ?? []) {
      childRows.push(items.length);
      items.push({ itemId: items.length + 1, type: 'indicator', indicator: child, depth: 1 });
    }
    slots.push({ indicator, row, childRows });
  }

  const chartForm: Form = { ...form, options: { ...form.options, analysisColumns: ['share', 'timeProgress'] } };
  // Only the charted indicators, their 其中 items, parents and ratio components are read.
  const read = indicatorSet(indicatorsReadBy(items, indicators));
  // The same rule as the 工作总结: a node with units in use under it shows its 汇总.
  const consolidated = hasUnitsUnder(db, unit.id, request.period);
  let notes: string[] = [];
  let views: (MonthView | null)[];
  if (consolidated) {
    ({ views, notes } = consolidatedViews(db, { form, chartForm, items, indicators, read, unitId: unit.id, period: request.period }));
  } else {
    const figures = StoredFigures.loadSpans(db, unit.id, [[String(year - 1), String(year + 1)]], read);
    views = Array.from({ length: 12 }, (_, i) => buildFormFigures({ form: chartForm, items, indicators, unitId: unit.id, period: formatPeriod(year, i + 1), figures }));
  }
  const current = views[month - 1];
  if (!current) throw new RangeError(`month out of range: ${request.period}`);
  const cell = (viewMonth: number, row: number, column: FormColumn): CellView | undefined => views[viewMonth - 1]?.rows[row]?.cells[column];
  const upTo = (last: number, row: number, column: FormColumn): ChartPoint[] => Array.from({ length: last }, (_, i) => point(cell(i + 1, row, column)));

  const series = slots.map(({ indicator, row, childRows }): IndicatorSeries => {
    const shown = current.rows[row] as FormViewRow;
    const childViews = childRows.map((r) => current.rows[r] as FormViewRow);
    const parts = childViews.map(
      (child): CompositionPart => ({ indicatorId: child.indicatorId, name: child.title, value: point(child.cells.cumulative), share: point(child.cells.share) }),
    );
    return {
      indicatorId: indicator.id,
      code: indicator.code,
      name: indicator.name,
      unit: shown.unit,
      kind: indicator.kind,
      decimals: shown.decimals,
      figureLabel: FIGURE_LABELS[indicator.kind],
      thisYear: upTo(month, row, 'cumulative'),
      lastYear: upTo(12, row, 'prior_cumulative'),
      growth: upTo(month, row, 'growth'),
      growthUnit: indicator.kind === 'ratio' ? '百分点' : '%',
      current: {
        value: point(shown.cells.cumulative),
        growth: point(shown.cells.growth),
        target: point(shown.cells.target),
        completion: point(shown.cells.completion),
        progressGap: point(shown.cells.progressGap),
      },
      composition: { parts, rest: indicator.kind === 'ratio' || parts.length === 0 ? null : restOf(shown, childViews) },
    };
  });

  const progress = timeProgress(month);
  return {
    unitId: unit.id,
    unitName: unit.name,
    period: request.period,
    year,
    month,
    cumulativeLabel: current.cumulativeLabel,
    consolidated,
    notes,
    timeProgress: { value: progress, display: formatDecimal(progress, RATE_DECIMALS) },
    indicators: series,
  };
}

/** A month's form view model (`buildFormFigures`). */
type MonthView = Omit<FormView, 'formId' | 'unitId'>;

/** What {@link consolidatedViews} charts: the form and its chart variant, the rows, what to read. */
interface ConsolidatedChart {
  /** The workbook's form (its analysis columns decide how much of last year the 汇总 reads, as in the grid). */
  form: Form;
  chartForm: Form;
  items: FormItem[];
  indicators: ReadonlyMap<number, Indicator>;
  read: IndicatorSet;
  unitId: number;
  /** The chosen month, `YYYY-MM`. */
  period: string;
}

/**
 * The view of the node's 汇总 for each month of the chosen year, each month consolidated on its
 * own (`nodeConsolidation` of that month), so a point is exactly what consolidation:formView
 * shows for that month: the units in use then, a unit that joined with or without last year's
 * figures, and a total left unknown (never guessed) where a unit's figure is missing. A month the
 * node itself is not in use has no view (its points are gaps). Also the notes under the 汇总 of
 * the chosen month (its scope, the units that joined this year).
 */
function consolidatedViews(db: Database, chart: ConsolidatedChart): { views: (MonthView | null)[]; notes: string[] } {
  const { year, month } = parsePeriod(chart.period);
  const units = listUnits(db);
  let notes: string[] = [];
  const views = Array.from({ length: 12 }, (_, i): MonthView | null => {
    const period = formatPeriod(year, i + 1);
    if (!unitSubtree(units, chart.unitId, period)) return null;
    const total = nodeConsolidation(db, chart.form, chart.unitId, period, chart.indicators, chart.read);
    const view = buildFormFigures({ form: chart.chartForm, items: chart.items, indicators: chart.indicators, unitId: chart.unitId, period, figures: total.figures });
    for (const row of view.rows) if (row.indicatorId !== null) markConsolidated(row, total.gaps.get(row.indicatorId), chart.indicators.get(row.indicatorId));
    if (i + 1 === month) notes = scopeNotes(total.node, total.leaves, joinedThisYear(db, total.leaves, year), period);
    return view;
  });
  return { views, notes };
}
