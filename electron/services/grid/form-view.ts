import { type Database } from 'better-sqlite3';
import { DEFAULT_FORM_OPTIONS, type Form, type FormItem, type Indicator } from '../../../shared/domain/catalog.js';
import { type SessionCaches } from '../mutation/session-caches.js';
import { type FormView, type FormViewRow, type StoredField } from '../../../shared/domain/grid.js';
import { type FigureLookup } from '../../../shared/figures/indicator-figures.js';
import { buildFormFigures } from '../../../shared/figures/form-figures.js';
import { parsePeriod } from '../../../shared/stats/index.js';
import { formItems, getForm, indicatorsById, listForms } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { type IndicatorSet, indicatorSet, StoredFigures } from './stored-figures.js';


/**
 * The form view (表式视图) of one unit and month (`YYYY-MM`): the one view model of the form's
 * figures (see shared/figures/form-figures.ts), loaded from the workbook. The grid, the plain
 * exports, the template round trip and the CLI all render this. With the session's `caches`,
 * the form's layout and the catalog are read once until a mutation changes them.
 */
export function buildFormView(db: Database, formId: number, unitId: number, period: string, caches?: SessionCaches): FormView {
  const layout = (): { form: Form; items: FormItem[]; indicators: Map<number, Indicator>; read: IndicatorSet } => {
    const items = formItems(db, formId);
    const indicators = indicatorsById(db);
    return { form: getForm(db, formId), items, indicators, read: indicatorSet(indicatorsReadBy(items, indicators)) };
  };
  const { form, items, indicators, read } = caches ? caches.get(`formLayout:${formId}`, ['forms', 'form_items', 'indicators'], layout) : layout();
  getUnit(db, unitId);
  const figures = StoredFigures.loadSpans(db, unitId, formViewSpans(form, period), read);
  const view = buildFormFigures({ form, items, indicators, unitId, period, figures });
  return { formId, unitId, ...view };
}

/**
 * The indicators whose figures a form's view reads: its rows, their parents (占比, 贡献率) and
 * the components of computed 比率 (which need not be on the form), transitively.
 */
export function indicatorsReadBy(items: readonly FormItem[], indicators: ReadonlyMap<number, Indicator>): Set<number> {
  const read = new Set<number>();
  const visit = (id: number | null): void => {
    if (id === null || read.has(id)) return;
    const indicator = indicators.get(id);
    if (!indicator) return;
    read.add(id);
    visit(indicator.parentId);
    visit(indicator.numeratorId);
    visit(indicator.denominatorId);
  };
  for (const item of items) if (item.type === 'indicator') visit(item.indicator.id);
  return read;
}

/**
 * The periods a form view of `period` reads: this year's target and months up to `period`;
 * last year's months up to the same month — the whole of last year when 预计全年 (按上年同期进度
 * needs last year's total) or 环比 (January compares with December) is on; and two years ago up
 * to the same month for 两年平均增长. '~' sorts after every period character, so 'YYYY-MM~'
 * ends the span just after YYYY-MM.
 */
function formViewSpans(form: Form, period: string): Array<readonly [string, string]> {
  const { year } = parsePeriod(period);
  const month = period.slice(5);
  const columns = form.options.analysisColumns;
  const lastYearTo = columns.includes('projection') || columns.includes('monthOnMonth') ? '12' : month;
  const spans: Array<readonly [string, string]> = [
    [String(year), `${period}~`],
    [`${year - 1}-`, `${year - 1}-${lastYearTo}~`],
  ];
  if (columns.includes('twoYearAverage')) spans.push([`${year - 2}-`, `${year - 2}-${month}~`]);
  return spans;
}

/** A unit's stored figures, read one year at a time on first use (one query per year). */
export class YearByYearFigures implements FigureLookup {
  private readonly years = new Map<string, StoredFigures>();

  constructor(
    private readonly db: Database,
    private readonly unitId: number,
  ) {}

  get(indicatorId: number, period: string, field: StoredField): string | null {
    const year = period.slice(0, 4);
    let figures = this.years.get(year);
    if (!figures) {
      figures = StoredFigures.load(this.db, this.unitId, Number(year), Number(year));
      this.years.set(year, figures);
    }
    return figures.get(indicatorId, period, field);
  }
}

/**
 * A reader of one unit's figures, indicator by indicator and month by month, exactly as the form
 * view shows them (same model, same first-return rule of the form holding the indicator), with
 * amounts in the indicator's own unit: a template binding names the unit it wants. The catalog
 * and each year's figures are read once per reader, so a template export or import of many
 * bindings costs a few queries, not one per cell.
 */
export function unitFigureReader(db: Database, unitId: number): (indicator: Indicator, period: string) => FormViewRow['cells'] {
  const indicators = indicatorsById(db);
  const forms = new Map(listForms(db).map((f) => [f.id, f]));
  const ownerRows = db.prepare('SELECT indicator_id AS indicatorId, min(form_id) AS formId FROM form_items WHERE indicator_id IS NOT NULL GROUP BY indicator_id').all() as {
    indicatorId: number;
    formId: number;
  }[];
  const owners = new Map(ownerRows.map((r) => [r.indicatorId, forms.get(r.formId)]));
  const figures = new YearByYearFigures(db, unitId);
  return (indicator, period) => {
    const owner = owners.get(indicator.id);
    const form: Form = {
      id: owner?.id ?? 0,
      code: owner?.code ?? '',
      name: owner?.name ?? '',
      firstReturnMonth: owner?.firstReturnMonth ?? 1,
      // Amounts in the indicator's own unit and no analysis columns: the reader serves bindings.
      options: { ...DEFAULT_FORM_OPTIONS, zeroBase: owner?.options.zeroBase ?? 'dash' },
    };
    const view = buildFormFigures({ form, items: [{ itemId: 0, type: 'indicator', indicator, depth: 0 }], indicators, unitId, period, figures });
    return view.rows[0]?.cells ?? {};
  };
}
