import { basename, extname, isAbsolute, join } from 'node:path';
import { requireSession, type AppContext } from '../context.js';
import { type HandlerMap, mutation } from '../handler-map.js';
import { exportFormView } from './form-export.js';
import { autoMapTemplate, saveBindings, templateView } from './template-bindings.js';
import { exportFilledTemplates } from './template-export.js';
import { cancelImport, commitImport, describeCommit, previewImport } from './template-import.js';
import { registerTemplate } from './template-register.js';
import { deleteTemplate, listTemplates, renameTemplate } from './template-repo.js';
import { cancelJob } from './job-progress.js';

/** A path from the page or the CLI: absolute as given, else relative to the host's data folder. */
export function resolvePath(ctx: AppContext, path: string): string {
  return isAbsolute(path) ? path : join(ctx.dataDir, path);
}

function templateName(ctx: AppContext, templateId: number): string {
  const row = requireSession(ctx).statement('SELECT name FROM templates WHERE id = ?').get(templateId) as { name: string } | undefined;
  return row?.name ?? '';
}

/**
 * Handlers of the templates:*, imports:* and exports:* channels. Registering, removing, mapping
 * and committing an import are mutations (each one undo step). Periods are `YYYY-MM`; amounts
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
  'templates:register': mutation({
    describe: ({ path, name }) => `登记模板“${name?.trim() || basename(path, extname(path))}”`,
    run: (ctx, { path, name }) => registerTemplate(requireSession(ctx).db, resolvePath(ctx, path), name),
  }),
  /** Removes a template and its bindings (undo brings both back, bytes intact); answers with the remaining templates. */
  'templates:remove': mutation({
    describe: ({ templateId }, ctx) => `删除模板“${templateName(ctx, templateId)}”`,
    run: (ctx, { templateId }) => {
      const { db } = requireSession(ctx);
      deleteTemplate(db, templateId);
      return listTemplates(db);
    },
  }),
  /** Renames a template (one undo step); refused for an empty name or one another template has. */
  'templates:rename': mutation({
    describe: ({ templateId, name }, ctx) => `模板“${templateName(ctx, templateId)}”改名为“${name}”`,
    run: (ctx, { templateId, name }) => renameTemplate(requireSession(ctx).db, templateId, name),
  }),
  /** The read-only preview of every sheet (texts as displayed, styles, merges, widths in px) and the bindings. */
  'templates:view': (ctx, { templateId }) => templateView(requireSession(ctx).db, templateId),
  /** Proposed bindings against the indicators of `formId`; nothing is saved. */
  'templates:autoMap': (ctx, { templateId, formId }) => autoMapTemplate(requireSession(ctx).db, templateId, formId),
  /** Replaces all bindings after checking sheet, cell bounds, merges, indicator and unit; all or nothing. */
  'templates:saveBindings': mutation({
    describe: ({ templateId, bindings }, ctx) => `保存模板“${templateName(ctx, templateId)}”的映射（${bindings.length} 个单元格）`,
    run: (ctx, { templateId, bindings }) => saveBindings(requireSession(ctx).db, templateId, bindings),
  }),
  /** One filled .xlsx per unit in `outputDir` (never replacing a file); emits job:progress. */
  'templates:export': (ctx, { templateId, unitIds, period, outputDir }) =>
    exportFilledTemplates(ctx, requireSession(ctx).db, templateId, unitIds, period, resolvePath(ctx, outputDir)),
  /** Compares filled returns (files, folders or .zip archives) with the workbook; writes nothing; emits job:progress. */
  'imports:preview': (ctx, { templateId, paths, period, unitId }) =>
    previewImport(ctx, requireSession(ctx), { templateId, paths: paths.map((p) => resolvePath(ctx, p)), period, unitId }),
  /**
   * Writes a problem-free preview, all files in one transaction and one undo step; refused, with
   * the cells listed, when a figure it writes changed since the preview.
   */
  'imports:commit': mutation({
    describe: ({ previewId }, ctx) => describeCommit(requireSession(ctx), previewId),
    source: () => 'import',
    run: (_ctx, { previewId }, scope) => commitImport(scope, previewId),
  }),
  /** Drops a preview without writing anything. */
  'imports:cancel': (ctx, { previewId }) => cancelImport(requireSession(ctx), previewId),
  /** The form view of a unit and month as a styled .xlsx or a CSV (UTF-8 with BOM, or GBK). */
  'exports:formView': (ctx, { formId, unitId, period, format, encoding, outputPath, consolidated }) =>
    exportFormView(requireSession(ctx).db, { formId, unitId, period, format, encoding, outputPath: resolvePath(ctx, outputPath), consolidated }),
  'jobs:cancel': (_ctx, { jobId }) => cancelJob(jobId),
} satisfies HandlerMap<'templates:' | 'imports:' | 'exports:formView' | 'jobs:'>;
