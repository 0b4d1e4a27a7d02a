import { type Database } from 'better-sqlite3';
import { type YearView, type YearViewRow } from '../../../shared/domain/grid.js';
import { formItems, getForm } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { amountCell } from './form-view.js';
import { StoredFigures } from './stored-figures.js';
import { yearSeries } from './year-series.js';

/** The year view (年度视图): indicators × 1–12月, as 本月 or as 1-N月累计. */
export function buildYearView(db: Database, formId: number, unitId: number, year: number, mode: 'month' | 'cumulative'): YearView {
  const form = getForm(db, formId);
  getUnit(db, unitId);
  const figures = StoredFigures.load(db, unitId, year, year);
  const rows = formItems(db, formId).map((item): YearViewRow => {
    if (item.type === 'section') {
      return { itemId: item.itemId, type: 'section', title: item.title, indicatorId: null, code: '', unit: '', depth: 0, months: [] };
    }
    const { indicator } = item;
    const series = yearSeries(indicator, figures, year)[mode];
    return {
      itemId: item.itemId,
      type: 'indicator',
      title: indicator.name,
      indicatorId: indicator.id,
      code: indicator.code,
      unit: indicator.unit,
      depth: item.depth,
      months: series.map((point, i) => {
        const open = !(form.firstReturnMonth === 2 && i === 0);
        return amountCell(point, indicator, open && (indicator.kind === 'flow' || mode === 'month'));
      }),
    };
  });
  return { formId, unitId, year, mode, rows };
}
