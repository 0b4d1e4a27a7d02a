import { cellHistory } from '../audit/cell-history.js';
import { requireSession } from '../context.js';
import { type HandlerMap, mutation } from '../handler-map.js';
import { buildFormView } from './form-view.js';
import { describeSave, saveChanges } from './save-changes.js';
import { latestPeriod } from './stored-figures.js';
import { replayHistory } from './undo-redo.js';
import { buildYearView } from './year-view.js';

/**
 * Handlers of the grid:*, values:* and history:* channels. Periods are `YYYY-MM` (`YYYY` for a
 * 年度目标); amounts cross as exact decimal strings in the indicator's unit.
 */
export const gridHandlers = {
  /** The form view of one unit and month. */
  'grid:formView': (ctx, { formId, unitId, period }) => {
    const session = requireSession(ctx);
    return buildFormView(session.db, formId, unitId, period, session.caches);
  },
  /** Twelve months of one unit and year, as 本月 or as 累计. */
  'grid:yearView': (ctx, { formId, unitId, year, mode }) => buildYearView(requireSession(ctx).db, formId, unitId, year, mode),
  /**
   * Saves typed cells as one undo step, all or nothing; every figure is stored in the field it
   * was typed in. Errors: a cell that is not a number, a computed figure, January of a form that
   * starts at 1-2月, a vanished unit or indicator (Chinese message naming the cell).
   * With `view`, also answers that form view of the unit, read inside the save's transaction
   * after its writes (so exactly what commits): the grid repaints without asking again.
   */
  'values:set': mutation({
    describe: ({ changes, source }) => describeSave(source, changes.length),
    source: ({ source }) => source,
    run: async (_ctx, { unitId, changes, source, view }, scope) => {
      const saved = await saveChanges(scope, unitId, changes, source);
      if (!view) return saved;
      const { db, caches } = scope.session;
      return { ...saved, view: buildFormView(db, view.formId, unitId, view.period, caches) };
    },
  }),
  /** The latest `YYYY-MM` with a stored 本月/累计 of the unit, or null: where to start. */
  'values:latestPeriod': (ctx, { unitId }) => latestPeriod(requireSession(ctx).db, unitId),
  /** Undoes the last step of any kind (figures, catalog, units, forms, templates, bindings) and says where it happened. */
  'history:undo': mutation({
    describe: () => '撤销',
    source: () => 'undo',
    undoable: false,
    run: (_ctx, _arg, scope) => replayHistory(scope.session, scope, 'undo'),
  }),
  /** Re-applies the last undone step. */
  'history:redo': mutation({
    describe: () => '恢复',
    source: () => 'redo',
    undoable: false,
    run: (_ctx, _arg, scope) => replayHistory(scope.session, scope, 'redo'),
  }),
  /** Every change of one cell (who, when, old → new, source), newest first; from change_log. */
  'history:cell': (ctx, { unitId, indicatorId, period, field }) => cellHistory(requireSession(ctx), unitId, indicatorId, period, field),
} satisfies HandlerMap<'grid:' | 'values:' | 'history:'>;
