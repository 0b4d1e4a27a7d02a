import { requireSession } from '../context.js';
import { type HandlerMap } from '../handler-map.js';
import { buildFormView } from './form-view.js';
import { saveChanges } from './save-changes.js';
import { latestPeriod } from './stored-figures.js';
import { stepHistory } from './undo-redo.js';
import { buildYearView } from './year-view.js';

/** Handlers of the grid:*, values:* and history:* channels. */
export const gridHandlers = {
  'grid:formView': (ctx, { formId, unitId, period }) => buildFormView(requireSession(ctx).db, formId, unitId, period),
  'grid:yearView': (ctx, { formId, unitId, year, mode }) => buildYearView(requireSession(ctx).db, formId, unitId, year, mode),
  'values:set': (ctx, { unitId, changes, source }) => {
    const result = saveChanges(requireSession(ctx), unitId, changes, source);
    ctx.emit('workbook:saved', { savedAt: result.savedAt });
    return result;
  },
  'values:latestPeriod': (ctx, { unitId }) => latestPeriod(requireSession(ctx).db, unitId),
  'history:undo': (ctx) => stepHistory(requireSession(ctx), 'undo'),
  'history:redo': (ctx) => stepHistory(requireSession(ctx), 'redo'),
} satisfies HandlerMap<'grid:' | 'values:' | 'history:'>;
