import { type Database } from 'better-sqlite3';
import { type Indicator } from '../../../shared/domain/catalog.js';
import { type CellView, type FormView, type FormViewRow } from '../../../shared/domain/grid.js';
import {
  completionRate,
  cumulativeLabel,
  formatDecimal,
  formatGrowth,
  formatPeriod,
  growthRate,
  parsePeriod,
} from '../../../shared/stats/index.js';
import { formItems, getForm } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { StoredFigures } from './stored-figures.js';
import { type SeriesPoint, yearSeries } from './year-series.js';

/** Decimals of 同比 and 完成进度: NBS publishes rates with one decimal. */
export const RATE_DECIMALS = 1;

/** A cell showing an amount of `indicator` from a series point. */
export function amountCell(point: SeriesPoint, indicator: Indicator, editable: boolean): CellView {
  const cell: CellView = {
    value: point.value,
    display: formatDecimal(point.value, indicator.decimals, { thousands: true }),
    origin: point.origin,
    editable,
  };
  if (point.remark) cell.remark = point.remark;
  return cell;
}

function rateCell(value: string | null, display: string, remark?: string): CellView {
  const cell: CellView = { value, display, origin: value === null && display === '' ? 'empty' : 'computed', editable: false };
  if (remark) cell.remark = remark;
  return cell;
}

/** 上年同期累计: typed for this period, else last year's figure for the same months. */
function priorPoint(figures: StoredFigures, indicator: Indicator, year: number, month: number, lastYear: SeriesPoint | undefined): SeriesPoint {
  const typed = figures.get(indicator.id, formatPeriod(year, month), 'prior_cumulative');
  if (typed !== null) return { value: typed, origin: 'typed' };
  if (lastYear?.value != null) return { value: lastYear.value, origin: 'derived', remark: `取自${year - 1}年已录数据` };
  return { value: null, origin: 'empty' };
}

function indicatorRow(indicator: Indicator, figures: StoredFigures, year: number, month: number, open: boolean): Pick<FormViewRow, 'cells'> {
  const current = yearSeries(indicator, figures, year);
  const previous = yearSeries(indicator, figures, year - 1);
  const monthPoint = current.month[month - 1] ?? { value: null, origin: 'empty' };
  const cumulativePoint = current.cumulative[month - 1] ?? { value: null, origin: 'empty' };
  const prior = priorPoint(figures, indicator, year, month, previous.cumulative[month - 1]);
  const target = figures.get(indicator.id, String(year), 'target');
  const note = figures.get(indicator.id, formatPeriod(year, month), 'note');

  const growth = growthRate(cumulativePoint.value, prior.value);
  const growthText = formatGrowth(growth, { decimals: RATE_DECIMALS, mode: 'percent', zeroBase: 'dash' });
  const growthPhrase = growth.kind === 'percent' || growth.kind === 'no-base' ? undefined : formatGrowth(growth, { decimals: RATE_DECIMALS, mode: 'phrase' });
  const completion = completionRate(cumulativePoint.value, target);

  return {
    cells: {
      month: amountCell(monthPoint, indicator, open),
      cumulative: amountCell(cumulativePoint, indicator, open && indicator.kind === 'flow'),
      prior_cumulative: amountCell(prior, indicator, open),
      growth: rateCell(growth.kind === 'percent' ? growth.value : null, growth.kind === 'no-base' ? '' : growthText, growthPhrase),
      target: amountCell({ value: target, origin: target === null ? 'empty' : 'typed' }, indicator, true),
      completion: rateCell(completion, completion === null ? '' : formatDecimal(completion, RATE_DECIMALS)),
      note: { value: note, display: note ?? '', origin: note === null ? 'empty' : 'typed', editable: open },
    },
  };
}

/**
 * Every figure of one indicator for one unit and month (`YYYY-MM`) exactly as the form view
 * shows it: stored, derived (累计 from 本月, 上年同期 from last year) and computed (同比%,
 * 完成进度%). Amounts are in the indicator's unit. Template export and import use this so a
 * filled template and the grid never disagree.
 */
export function indicatorFigureCells(db: Database, indicator: Indicator, unitId: number, period: string): FormViewRow['cells'] {
  const { year, month } = parsePeriod(period);
  return indicatorRow(indicator, StoredFigures.load(db, unitId, year - 1, year, indicator.id), year, month, true).cells;
}

/**
 * The form view (表式视图) of one unit and month: one row per form item with
 * 本月 · 1-N月累计 · 上年同期累计 · 同比% · 年度目标 · 完成进度% · 备注.
 */
export function buildFormView(db: Database, formId: number, unitId: number, period: string): FormView {
  const form = getForm(db, formId);
  getUnit(db, unitId);
  const { year, month } = parsePeriod(period);
  const open = !(form.firstReturnMonth === 2 && month === 1);
  const figures = StoredFigures.load(db, unitId, year - 1, year);

  const rows = formItems(db, formId).map((item): FormViewRow => {
    if (item.type === 'section') {
      return { itemId: item.itemId, type: 'section', title: item.title, indicatorId: null, code: '', unit: '', depth: 0, decimals: 0, cells: {} };
    }
    const { indicator } = item;
    return {
      itemId: item.itemId,
      type: 'indicator',
      title: indicator.name,
      indicatorId: indicator.id,
      code: indicator.code,
      unit: indicator.unit,
      depth: item.depth,
      decimals: indicator.decimals,
      ...indicatorRow(indicator, figures, year, month, open),
    };
  });

  return {
    formId,
    unitId,
    period,
    cumulativeLabel: form.firstReturnMonth === 2 && month === 2 ? '1-2月' : cumulativeLabel(month),
    periodOpen: open,
    periodMessage: open ? null : `“${form.name}”从1-2月开始填报，1月不单独填报。请选择2月（1-2月）。`,
    rows,
  };
}
