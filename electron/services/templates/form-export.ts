import { type Database } from 'better-sqlite3';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { getForm } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { writeCsvBytes, type CsvOutputEncoding } from '../excel/csv-write.js';
import { consolidatedFormView } from '../consolidation/consolidation-view.js';
import { buildFormView } from '../grid/form-view.js';
import { type FormTable, formTable, formTableLines, itemLabel, type ShownFigure } from './form-table.js';
import { type PaperRow, paperSheetXlsx, type PaperTable } from './paper-sheet.js';
import { writeExportFile } from '../excel/export-file.js';

/** Arguments of {@link exportFormView}; `outputPath` is absolute. */
export interface FormExportRequest {
  formId: number;
  unitId: number;
  period: string;
  format: 'xlsx' | 'csv';
  encoding: CsvOutputEncoding;
  outputPath: string;
  /** The unit's 汇总 (consolidation:formView) rather than its own figures. */
  consolidated?: boolean;
}

/** The one sheet of the .xlsx export. */
const SHEET_NAME = '表式';
/** 指标名称 left, 代码 and 计量单位 centred. */
const LEADING_ALIGN = ['left', 'center', 'center'] as const;

/**
 * Plain export of the form view of one unit and month (`YYYY-MM`), rendering the view model
 * exactly as the grid does: the view's columns and titles, each cell's display string, the
 * row's shown unit in 计量单位, the view's notes and a 核对提示 per mismatched row under the table.
 * - .xlsx: ready to submit (see {@link paperSheetXlsx}); figures are numbers with a number
 *   format showing them as the grid does (`#,##0.0`, rates `0.0`), words are text. The figure
 *   written is the shown one (rounded, 舍位平衡-adjusted), digit for digit.
 * - CSV (UTF-8 with BOM, or GBK): the same strings, figures without thousands separators,
 *   "其中：" before 其中 items; cells that look like formulas neutralised.
 * The file is written atomically; an existing file is never replaced ("(2)" is appended).
 * @throws UserFacingError naming the file when it cannot be written.
 */
export async function exportFormView(db: Database, request: FormExportRequest): Promise<ExportResult> {
  const table = formViewTable(db, request);
  return writeExportFile(request.outputPath, request.format, (fileName) =>
    request.format === 'csv' ? writeCsvBytes(formTableLines(table, false), { encoding: request.encoding }) : formTableXlsx(table, fileName),
  );
}

/** The form view of a unit and month (or its 汇总) as every plain output lays it out. */
export function formViewTable(db: Database, request: Pick<FormExportRequest, 'formId' | 'unitId' | 'period' | 'consolidated'>): FormTable {
  const view = request.consolidated ? consolidatedFormView(db, request.formId, request.unitId, request.period) : buildFormView(db, request.formId, request.unitId, request.period);
  const unitName = getUnit(db, request.unitId).name;
  return formTable(view, getForm(db, request.formId).name, request.consolidated ? `${unitName}（汇总）` : unitName);
}

/**
 * The form table as a submission-grade .xlsx package (see {@link paperSheetXlsx}); `fileName`
 * names the file in messages.
 */
export function formTableXlsx(table: FormTable, fileName: string): Promise<Buffer> {
  return paperSheetXlsx(formPaper(table), SHEET_NAME, fileName);
}

/** The form table as a table on paper: 其中 labels kept, codes centred, 备注 and words left. */
export function formPaper(table: FormTable): PaperTable {
  const text = (display: string): ShownFigure => (display === '' ? { kind: 'empty' } : { kind: 'text', display });
  return {
    title: table.title,
    info: [table.reportingUnit, table.period, table.measureUnit],
    header: table.header,
    align: [...LEADING_ALIGN, ...table.columns.map((c): 'left' | 'right' => (c === 'note' || c === 'projectionMethod' ? 'left' : 'right'))],
    frozenColumns: 1,
    rows: table.rows.map((row): PaperRow =>
      row.kind === 'section'
        ? row
        : { kind: 'line', cells: [text(itemLabel(row.title, row.depth)), text(row.code), text(row.unit), ...row.figures], depth: row.depth, alert: row.mismatch !== undefined },
    ),
    foot: table.foot,
  };
}
