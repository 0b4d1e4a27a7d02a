import { type Database } from 'better-sqlite3';
import { type Indicator } from '../../../shared/domain/catalog.js';
import { type CellView, type FormColumn } from '../../../shared/domain/grid.js';
import { shiftPeriod } from '../../../shared/stats/index.js';
import { unitFigureReader } from '../grid/form-view.js';

/**
 * The figures of one reporting unit as the form view shows them, looked up per (indicator,
 * month) and memoised for one export or import: a template binds several figures of the same
 * indicator, each of which would otherwise reload the indicator's two years of figures.
 */
export class UnitFigures {
  private readonly rows = new Map<string, Partial<Record<FormColumn, CellView>>>();
  private readonly read: ReturnType<typeof unitFigureReader>;

  constructor(
    db: Database,
    readonly unitId: number,
  ) {
    this.read = unitFigureReader(db, unitId);
  }

  /**
   * The cell of `figure` for `period` (`YYYY-MM`) shifted by `periodOffset` months, as the form
   * view model has it: amounts in the indicator's own unit (never a form's display unit), rates
   * with their exact `value`, the `decimals` the grid rounds them to and the `display` it shows.
   */
  cell(indicator: Indicator, period: string, periodOffset: number, figure: FormColumn): CellView | undefined {
    const shifted = shiftPeriod(period, periodOffset);
    const key = `${indicator.id}|${shifted}`;
    let row = this.rows.get(key);
    if (!row) {
      row = this.read(indicator, shifted);
      this.rows.set(key, row);
    }
    return row[figure];
  }
}
