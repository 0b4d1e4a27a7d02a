import { isAbsolute, join } from 'node:path';
import { requireSession, type AppContext } from '../context.js';
import { type HandlerMap } from '../handler-map.js';
import { exportFormView } from './form-export.js';
import { autoMapTemplate, saveBindings, templateView } from './template-bindings.js';
import { exportFilledTemplates } from './template-export.js';
import { cancelImport, commitImport, previewImport } from './template-import.js';
import { registerTemplate } from './template-register.js';
import { deleteTemplate, listTemplates } from './template-repo.js';
import { forgetTemplateSnapshot } from './template-snapshot.js';
import { cancelJob } from './job-progress.js';

/** A path from the page or the CLI: absolute as given, else relative to the host's data folder. */
function resolvePath(ctx: AppContext, path: string): string {
  return isAbsolute(path) ? path : join(ctx.dataDir, path);
}

/**
 * Handlers of the templates:*, imports:* and exports:* channels. Periods are `YYYY-MM`; amounts
 * cross as exact decimal strings in the indicator's unit unless a binding names another unit;
 * every refusal is a UserFacingError with a Chinese message naming the file, sheet or cell.
 */
export const templateHandlers = {
  /** Registered templates with sheet names and binding counts, oldest first. */
  'templates:list': (ctx) => listTemplates(requireSession(ctx).db),
  /**
   * Registers an .xlsx/.xls/.et file (bytes stored in the workbook; .xls/.et also converted to
   * .xlsx by LibreOffice when installed). Errors: missing, encrypted, damaged or hostile file.
   */
  'templates:register': (ctx, { path, name }) => registerTemplate(requireSession(ctx).db, resolvePath(ctx, path), name),
  /** Removes a template and its bindings; answers with the remaining templates. */
  'templates:remove': (ctx, { templateId }) => {
    const { db } = requireSession(ctx);
    deleteTemplate(db, templateId);
    forgetTemplateSnapshot(db, templateId);
    return listTemplates(db);
  },
  /** The read-only preview of every sheet (texts as displayed, styles, merges, widths in px) and the bindings. */
  'templates:view': (ctx, { templateId }) => templateView(requireSession(ctx).db, templateId),
  /** Proposed bindings against the indicators of `formId`; nothing is saved. */
  'templates:autoMap': (ctx, { templateId, formId }) => autoMapTemplate(requireSession(ctx).db, templateId, formId),
  /** Replaces all bindings after checking sheet, cell bounds, merges, indicator and unit; all or nothing. */
  'templates:saveBindings': (ctx, { templateId, bindings }) => saveBindings(requireSession(ctx).db, templateId, bindings),
  /** One filled .xlsx per unit in `outputDir` (never replacing a file); emits job:progress. */
  'templates:export': (ctx, { templateId, unitIds, period, outputDir }) =>
    exportFilledTemplates(ctx, requireSession(ctx).db, templateId, unitIds, period, resolvePath(ctx, outputDir)),
  /** Compares filled returns (files or folders) with the workbook; writes nothing; emits job:progress. */
  'imports:preview': (ctx, { templateId, paths, period, unitId }) =>
    previewImport(ctx, requireSession(ctx), { templateId, paths: paths.map((p) => resolvePath(ctx, p)), period, unitId }),
  /** Writes a problem-free preview, all files in one transaction and one undo step. */
  'imports:commit': (ctx, { previewId }) => {
    const result = commitImport(requireSession(ctx), previewId);
    ctx.emit('workbook:saved', { savedAt: result.savedAt });
    return result;
  },
  /** Drops a preview without writing anything. */
  'imports:cancel': (ctx, { previewId }) => cancelImport(requireSession(ctx), previewId),
  /** The form view of a unit and month as a styled .xlsx or a CSV (UTF-8 with BOM, or GBK). */
  'exports:formView': (ctx, { formId, unitId, period, format, encoding, outputPath }) =>
    exportFormView(requireSession(ctx).db, { formId, unitId, period, format, encoding, outputPath: resolvePath(ctx, outputPath) }),
  'jobs:cancel': (_ctx, { jobId }) => cancelJob(jobId),
} satisfies HandlerMap<'templates:' | 'imports:' | 'exports:' | 'jobs:'>;
