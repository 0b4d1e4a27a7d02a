import { z } from 'zod';
import { type BindingProposalView, type ImportPreview, type TemplateSummary, type TemplateView } from '../domain/template.js';
import { channel } from './channel.js';
import { idSchema, periodSchema } from './schemas.js';

const pathSchema = z.string().min(1).max(1024);

export const templateBindingSchema = z.object({
  sheet: z.string().min(1).max(31),
  cell: z.string().regex(/^[A-Z]{1,3}[1-9]\d{0,6}$/, '单元格地址应为 A1 形式'),
  indicatorId: idSchema,
  figure: z.enum(['month', 'cumulative', 'prior_cumulative', 'growth', 'target', 'completion', 'note']),
  unit: z.string().max(16).nullable(),
  periodOffset: z.number().int().min(-36).max(0),
});

export interface ExportResult {
  files: string[];
  /** Chinese notes, e.g. "模板为 .xls 格式，已导出为 .xlsx". */
  notes: string[];
}

export interface CommitResult {
  applied: number;
  batchId: number;
  savedAt: string;
}

/**
 * County templates: register, preview, map, export filled copies, import filled
 * returns through a preview, plain grid exports. Paths are absolute or relative
 * to the host's data folder.
 */
export const templateApi = {
  'templates:list': channel<TemplateSummary[]>()(z.undefined()),
  'templates:register': channel<TemplateSummary>()(z.object({ path: pathSchema, name: z.string().trim().max(100).optional() })),
  'templates:remove': channel<TemplateSummary[]>()(z.object({ templateId: idSchema })),
  /** Gives a template a new display name (its file, bytes and mappings unchanged). */
  'templates:rename': channel<TemplateSummary>()(z.object({ templateId: idSchema, name: z.string().trim().min(1, '请填写模板名称').max(100) })),
  'templates:view': channel<TemplateView>()(z.object({ templateId: idSchema })),
  'templates:autoMap': channel<BindingProposalView[]>()(z.object({ templateId: idSchema, formId: idSchema })),
  'templates:saveBindings': channel<TemplateView>()(z.object({ templateId: idSchema, bindings: z.array(templateBindingSchema).max(100_000) })),
  /** Fills the template for each unit (one file each) into `outputDir`. */
  'templates:export': channel<ExportResult>()(
    z.object({ templateId: idSchema, unitIds: z.array(idSchema).min(1), period: periodSchema, outputDir: pathSchema }),
  ),
  /** Reads filled returns and compares every mapped cell with the workbook; writes nothing. */
  'imports:preview': channel<ImportPreview>()(
    z.object({ templateId: idSchema, paths: z.array(pathSchema).min(1).max(500), period: periodSchema, unitId: idSchema.optional() }),
  ),
  /** Writes a previewed import, all files in one transaction (one undo step). */
  'imports:commit': channel<CommitResult>()(z.object({ previewId: z.string().min(1) })),
  'imports:cancel': channel<null>()(z.object({ previewId: z.string().min(1) })),
  /** Stops a running export or import preview (the id comes with its `job:progress` events). */
  'jobs:cancel': channel<boolean>()(z.object({ jobId: z.string().min(1).max(100) })),
  /** Plain export of a grid view to a styled .xlsx or a CSV (UTF-8 with BOM, or GBK). */
  'exports:formView': channel<ExportResult>()(
    z.object({
      formId: idSchema,
      unitId: idSchema,
      period: periodSchema,
      format: z.enum(['xlsx', 'csv']),
      encoding: z.enum(['utf-8-bom', 'gbk']).default('utf-8-bom'),
      outputPath: pathSchema,
      /** Export the unit's 汇总 (as the form view shows it with 汇总 ticked) rather than its own figures. */
      consolidated: z.boolean().default(false),
    }),
  ),
};

/** Values of a template's bindings as the clerk edits them. */
export type TemplateBindingInput = z.infer<typeof templateBindingSchema>;
