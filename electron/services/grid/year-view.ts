import { type Database } from 'better-sqlite3';
import { type CellView, type YearView, type YearViewRow } from '../../../shared/domain/grid.js';
import { IndicatorFigures } from '../../../shared/figures/indicator-figures.js';
import { formatDecimal, hasReturn, missingMonthRemark, type SeriesFigure } from '../../../shared/stats/index.js';
import { formItems, getForm, indicatorsById } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { StoredFigures } from './stored-figures.js';

function monthCell(figure: SeriesFigure, decimals: number, editable: boolean, firstReturn: 1 | 2): CellView {
  if (figure.state === 'missing') return { value: null, display: '', state: 'missing', editable, remark: missingMonthRemark(figure.gapMonth, firstReturn) };
  if (figure.value === null) return { value: null, display: '', state: 'empty', editable };
  const cell: CellView = { value: figure.value, display: formatDecimal(figure.value, decimals, { thousands: true }), state: figure.state, editable, decimals };
  if (figure.state === 'mismatch') cell.remark = '本月与累计不一致，请在表式视图中核对';
  return cell;
}

/**
 * The year view (年度视图): indicators × 1–12月, as 本月 or as 1-N月累计, derived by the same
 * model as the form view (a month without data leaves what depends on it blank and marked).
 */
export function buildYearView(db: Database, formId: number, unitId: number, year: number, mode: 'month' | 'cumulative'): YearView {
  const form = getForm(db, formId);
  getUnit(db, unitId);
  const figures = new IndicatorFigures(StoredFigures.load(db, unitId, year, year), indicatorsById(db), form.firstReturnMonth);
  const rows = formItems(db, formId).map((item): YearViewRow => {
    if (item.type === 'section') {
      return { itemId: item.itemId, type: 'section', title: item.title, indicatorId: null, code: '', unit: '', depth: 0, months: [] };
    }
    const { indicator } = item;
    const firstReturn = figures.firstReturn(indicator);
    const typable = !figures.isComputedRatio(indicator) && (indicator.kind === 'flow' || mode === 'month');
    return {
      itemId: item.itemId,
      type: 'indicator',
      title: indicator.name,
      indicatorId: indicator.id,
      code: indicator.code,
      unit: indicator.unit,
      depth: item.depth,
      months: Array.from({ length: 12 }, (_, i) => {
        const figure = mode === 'month' ? figures.monthFigure(indicator, year, i + 1) : figures.periodFigure(indicator, year, i + 1);
        return monthCell(figure, indicator.decimals, typable && hasReturn(i + 1, firstReturn), firstReturn);
      }),
    };
  });
  return { formId, unitId, year, mode, rows };
}
