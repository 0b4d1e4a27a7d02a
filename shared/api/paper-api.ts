import { z } from 'zod';
import { type PaperTable } from '../domain/paper.js';
import { channel } from './channel.js';
import { idSchema, periodSchema, yearSchema } from './schemas.js';
import { type ExportResult } from './template-api.js';

const pathSchema = z.string().trim().min(1, '请填写文件名').max(1024);
const yearViewSchema = z.object({ formId: idSchema, unitId: idSchema, year: yearSchema, mode: z.enum(['month', 'cumulative']) });

/**
 * Paper: the form view and the year view laid out for submission, as the page prints them
 * (打印 / 导出PDF) and as the .xlsx exports write them — one layout (shared/domain/paper.ts).
 */
export const paperApi = {
  /** The form view of a unit and month (or its 汇总) on paper, for the print view. */
  'paper:formView': channel<PaperTable>()(z.object({ formId: idSchema, unitId: idSchema, period: periodSchema, consolidated: z.boolean().default(false) })),
  /** The year view on paper, for the print view. */
  'paper:yearView': channel<PaperTable>()(yearViewSchema),
  /** The year view as a submission-grade .xlsx; `outputPath` a desktop dialog's handle or a name in the data folder. */
  'exports:yearView': channel<ExportResult>()(yearViewSchema.extend({ outputPath: pathSchema })),
  /**
   * Desktop: the page as printed (its print stylesheet, A4 landscape) saved as a PDF into
   * `outputPath`. The browser host refuses: its print dialog saves PDFs.
   */
  'print:pdf': channel<ExportResult>()(z.object({ outputPath: pathSchema })),
};
