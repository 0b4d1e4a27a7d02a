import { requireSession } from '../context.js';
import { writeExportFile } from '../excel/export-file.js';
import { type HandlerMap } from '../handler-map.js';
import { formPaper, formViewTable } from '../templates/form-export.js';
import { resolvePath } from '../templates/template-handlers.js';
import { UserFacingError } from '../user-facing-error.js';
import { exportYearView, yearViewPaper } from './year-paper.js';

/** Handlers of paper:*, exports:yearView and print:pdf (none writes the workbook). */
export const paperHandlers = {
  'paper:formView': (ctx, { formId, unitId, period, consolidated }) => formPaper(formViewTable(requireSession(ctx).db, { formId, unitId, period, consolidated })),
  'paper:yearView': (ctx, { formId, unitId, year, mode }) => yearViewPaper(requireSession(ctx).db, formId, unitId, year, mode),
  'exports:yearView': (ctx, { formId, unitId, year, mode, outputPath }) => exportYearView(requireSession(ctx).db, { formId, unitId, year, mode, outputPath: resolvePath(ctx, outputPath) }),
  'print:pdf': async (ctx, { outputPath }) => {
    const printToPdf = ctx.files?.printToPdf;
    if (!printToPdf) throw new UserFacingError('浏览器版请点“打印”，在打印对话框中选择“另存为 PDF”。');
    const bytes = await printToPdf();
    return writeExportFile(resolvePath(ctx, outputPath), 'pdf', () => bytes);
  },
} satisfies HandlerMap<'paper:' | 'exports:yearView' | 'print:'>;
