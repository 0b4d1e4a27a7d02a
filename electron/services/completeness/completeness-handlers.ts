import { requireSession } from '../context.js';
import { type HandlerMap } from '../handler-map.js';
import { resolvePath } from '../templates/template-handlers.js';
import { exportCompleteness } from './completeness-export.js';
import { completenessView } from './completeness-view.js';

/**
 * Handlers of the completeness:* channels (报送情况, read-only). Refusals are Chinese messages
 * (unknown form or unit, a unit not in use in the period, a file that cannot be written).
 */
export const completenessHandlers = {
  /** The units under a node with their period status and filled cells for a `YYYY-MM` month. */
  'completeness:view': (ctx, { formId, unitId, period }) => completenessView(requireSession(ctx), formId, unitId, period),
  /** Writes the view as .xlsx. */
  'completeness:export': (ctx, { formId, unitId, period, outputPath }) => exportCompleteness(requireSession(ctx), formId, unitId, period, resolvePath(ctx, outputPath)),
} satisfies HandlerMap<'completeness:'>;
