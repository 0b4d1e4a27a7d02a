import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { type Database } from 'better-sqlite3';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { getForm } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { writeFileAtomically } from '../excel/atomic-write.js';
import { cellAddress } from '../excel/cell-ref.js';
import { writeCsvBytes, type CsvOutputEncoding } from '../excel/csv-write.js';
import { fillTemplateBytes, type CellFill } from '../excel/xlsx-fill.js';
import { buildFormView } from '../grid/form-view.js';
import { type FormTable, formTable, formTableLines, LEADING_HEADERS, numberFormatOf } from './form-table.js';
import { freePath } from './template-export.js';

/** Arguments of {@link exportFormView}; `outputPath` is absolute. */
export interface FormExportRequest {
  formId: number;
  unitId: number;
  period: string;
  format: 'xlsx' | 'csv';
  encoding: CsvOutputEncoding;
  outputPath: string;
}

/** The one sheet of the .xlsx export. */
const SHEET_NAME = '表式';

/**
 * Plain export of the form view of one unit and month (`YYYY-MM`), rendering the view model
 * exactly as the grid does: the view's columns and titles, each cell's display string, the
 * row's shown unit in 计量单位, the view's notes and a 核对提示 per mismatched row under the table.
 * - .xlsx: title, unit/period line, frozen header, 其中 items indented; figures are numbers with a
 *   number format showing them as the grid does (`#,##0.0`, rates `0.0`), words are text.
 *   The figure written is the shown one (rounded, 舍位平衡-adjusted), digit for digit: ExcelJS
 *   only writes JS numbers, so it lays out the styled sheet with those cells empty and the
 *   package filler then writes each exact decimal string into the sheet XML.
 * - CSV (UTF-8 with BOM, or GBK): the same strings, figures without thousands separators,
 *   "其中：" before 其中 items; cells that look like formulas neutralised.
 * The file is written atomically; an existing file is never replaced ("(2)" is appended).
 * @throws UserFacingError naming the file when it cannot be written.
 */
export async function exportFormView(db: Database, request: FormExportRequest): Promise<ExportResult> {
  const view = buildFormView(db, request.formId, request.unitId, request.period);
  const table = formTable(view, getForm(db, request.formId).name, getUnit(db, request.unitId).name);
  const wanted = request.outputPath.toLowerCase().endsWith(`.${request.format}`) ? request.outputPath : `${request.outputPath}.${request.format}`;
  await mkdir(dirname(wanted), { recursive: true });
  const target = freePath(dirname(wanted), basename(wanted));
  const bytes = request.format === 'csv' ? writeCsvBytes(formTableLines(table, false), { encoding: request.encoding }) : await formTableXlsx(table, basename(target));
  await writeFileAtomically(target, bytes);
  const notes = target === wanted ? [] : [`“${basename(wanted)}”已存在，已另存为“${basename(target, extname(target))}${extname(target)}”。`];
  return { files: [target], notes };
}

/**
 * The form table as a styled .xlsx package (see {@link exportFormView}); `fileName` names the
 * file in messages.
 */
export async function formTableXlsx(table: FormTable, fileName: string): Promise<Buffer> {
  // Loaded on first use: ExcelJS is large and most sessions never export.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '统计工作台';
  const { header } = table;
  const lead = LEADING_HEADERS.length;
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 3, xSplit: 1 }] });
  sheet.columns = header.map((_, i) => ({ width: i === 0 ? 32 : i < lead ? 10 : table.columns[i - lead] === 'note' ? 24 : 14 }));
  sheet.mergeCells(1, 1, 1, header.length);
  sheet.mergeCells(2, 1, 2, header.length);
  Object.assign(sheet.getCell(1, 1), { value: table.title, font: { bold: true, size: 14 }, alignment: { horizontal: 'center' } });
  Object.assign(sheet.getCell(2, 1), { value: table.subtitle, alignment: { horizontal: 'left' } });
  const headerCells = sheet.getRow(3);
  header.forEach((text, i) => {
    Object.assign(headerCells.getCell(i + 1), {
      value: text,
      font: { bold: true },
      alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE8F3' } },
      border: { bottom: { style: 'thin' } },
    });
  });

  const fills: CellFill[] = [];
  for (const row of table.rows) {
    const line = sheet.addRow([]);
    const label = line.getCell(1);
    label.value = row.title;
    if (row.kind === 'section') {
      label.font = { bold: true };
      continue;
    }
    label.alignment = { indent: row.depth * 2 };
    if (row.mismatch !== undefined) label.font = { color: { argb: 'FFC00000' } };
    line.getCell(2).value = row.code;
    line.getCell(3).value = row.unit;
    row.figures.forEach((figure, i) => {
      const target = line.getCell(lead + 1 + i);
      if (figure.kind === 'text') {
        target.value = figure.display;
        if (table.columns[i] !== 'note') target.alignment = { horizontal: 'right' };
      } else if (figure.kind === 'number') {
        // Left empty here with its format; the exact figure is written into the XML below.
        target.numFmt = numberFormatOf(figure);
        fills.push({ sheet: SHEET_NAME, cell: cellAddress({ row: line.number - 1, col: lead + i }), value: { kind: 'number', value: figure.value } });
      }
    });
  }
  if (table.foot.length > 0) sheet.addRow([]);
  for (const text of table.foot) sheet.addRow([text]);

  const laidOut = Buffer.from(await workbook.xlsx.writeBuffer());
  return fillTemplateBytes(laidOut, fileName, fills);
}
