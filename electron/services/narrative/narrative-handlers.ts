import { requireSession } from '../context.js';
import { type HandlerMap, mutation } from '../handler-map.js';
import { resolvePath } from '../templates/template-handlers.js';
import { exportNarrative } from './narrative-export.js';
import { buildNarrative, readNarrativeSettings, saveNarrativeSettings } from './narrative-service.js';

/**
 * Handlers of the narrative:* channels: the 工作总结 paragraph written from the workbook's figures
 * (`YYYY-MM` periods; every figure from the form view model) and its per-workbook settings.
 */
export const narrativeHandlers = {
  /** The paragraph of one unit and month. Errors: unknown unit, form or indicator code, unusable template. */
  'narrative:generate': (ctx, request) => buildNarrative(requireSession(ctx).db, request),
  /** The workbook's saved settings, or the defaults. */
  'narrative:settings': (ctx) => readNarrativeSettings(requireSession(ctx).db),
  /** Saves the settings (templates, period style, decimals). Error: a template that cannot be used. */
  'narrative:saveSettings': mutation({
    describe: () => '修改工作总结模板',
    run: (ctx, settings) => saveNarrativeSettings(requireSession(ctx).db, settings),
  }),
  /** Writes the (edited) paragraph as .txt or .docx. Error: the file cannot be written (Chinese message naming it). */
  'narrative:export': (ctx, { text, format, outputPath }) => exportNarrative(text, format, resolvePath(ctx, outputPath)),
} satisfies HandlerMap<'narrative:'>;
