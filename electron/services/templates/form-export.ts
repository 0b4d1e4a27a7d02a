import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { type Database } from 'better-sqlite3';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { type FormColumn, type FormView, type FormViewRow } from '../../../shared/domain/grid.js';
import { formatDecimal, parsePeriod } from '../../../shared/stats/index.js';
import { getForm } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { writeFileAtomically } from '../excel/atomic-write.js';
import { writeCsvBytes, type CsvOutputEncoding } from '../excel/csv-write.js';
import { buildFormView, RATE_DECIMALS } from '../grid/form-view.js';
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

/** Chinese documents separate and indent with the full-width space U+3000. */
const IDEOGRAPHIC_SPACE = '\u3000';

const COLUMNS: ReadonlyArray<{ key: FormColumn; header: (view: FormView) => string; rate: boolean }> = [
  { key: 'month', header: () => '本月', rate: false },
  { key: 'cumulative', header: (v) => `${v.cumulativeLabel}累计`, rate: false },
  { key: 'prior_cumulative', header: () => '上年同期累计', rate: false },
  { key: 'growth', header: () => '同比增长%', rate: true },
  { key: 'target', header: () => '年度目标', rate: false },
  { key: 'completion', header: () => '完成进度%', rate: true },
  { key: 'note', header: () => '备注', rate: false },
];

/**
 * Plain export of the form view of one unit and month (`YYYY-MM`): a styled .xlsx (title,
 * unit/period line, frozen header, number formats per indicator decimals, 其中 items indented)
 * or a CSV (UTF-8 with BOM, or GBK; cells that look like formulas neutralised). Amounts are in
 * each indicator's unit (shown in the 计量单位 column). The file is written atomically; an
 * existing file is never replaced ("(2)" is appended).
 * @throws UserFacingError naming the file when it cannot be written.
 */
export async function exportFormView(db: Database, request: FormExportRequest): Promise<ExportResult> {
  const view = buildFormView(db, request.formId, request.unitId, request.period);
  const form = getForm(db, request.formId);
  const unit = getUnit(db, request.unitId);
  const { year, month } = parsePeriod(request.period);
  const title = `${form.name}`;
  const subtitle = `填报单位：${unit.name}${IDEOGRAPHIC_SPACE.repeat(2)}期别：${year}年${month}月（${view.cumulativeLabel}）`;
  const wanted = request.outputPath.toLowerCase().endsWith(`.${request.format}`) ? request.outputPath : `${request.outputPath}.${request.format}`;
  await mkdir(dirname(wanted), { recursive: true });
  const target = freePath(dirname(wanted), basename(wanted));
  const bytes = request.format === 'csv' ? csvBytes(view, title, subtitle, request.encoding) : await xlsxBytes(view, title, subtitle);
  await writeFileAtomically(target, bytes);
  const notes = target === wanted ? [] : [`“${basename(wanted)}”已存在，已另存为“${basename(target, extname(target))}${extname(target)}”。`];
  return { files: [target], notes };
}

function headerRow(view: FormView): string[] {
  return ['指标名称', '计量单位', ...COLUMNS.map((c) => c.header(view))];
}

/** What a cell shows, without thousands separators (CSV readers would split or misread them). */
function plainText(row: FormViewRow, key: FormColumn, rate: boolean): string {
  const cell = row.cells[key];
  if (!cell) return '';
  if (key === 'note' || cell.value === null) return key === 'note' ? (cell.value ?? '') : cell.display;
  return formatDecimal(cell.value, rate ? RATE_DECIMALS : row.decimals);
}

function csvBytes(view: FormView, title: string, subtitle: string, encoding: CsvOutputEncoding): Buffer {
  const rows: string[][] = [[title], [subtitle], headerRow(view)];
  for (const row of view.rows) {
    const label = `${IDEOGRAPHIC_SPACE.repeat(row.depth)}${row.type === 'indicator' && row.depth > 0 ? '其中：' : ''}${row.title}`;
    rows.push(row.type === 'section' ? [row.title] : [label, row.unit, ...COLUMNS.map((c) => plainText(row, c.key, c.rate))]);
  }
  return writeCsvBytes(rows, { encoding });
}

async function xlsxBytes(view: FormView, title: string, subtitle: string): Promise<Buffer> {
  // Loaded on first use: ExcelJS is large and most sessions never export.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '统计工作台';
  const header = headerRow(view);
  const sheet = workbook.addWorksheet('表式', { views: [{ state: 'frozen', ySplit: 3, xSplit: 1 }] });
  sheet.columns = header.map((_, i) => ({ width: i === 0 ? 32 : i === 1 ? 10 : i === header.length - 1 ? 24 : 14 }));
  sheet.mergeCells(1, 1, 1, header.length);
  sheet.mergeCells(2, 1, 2, header.length);
  Object.assign(sheet.getCell(1, 1), { value: title, font: { bold: true, size: 14 }, alignment: { horizontal: 'center' } });
  Object.assign(sheet.getCell(2, 1), { value: subtitle, alignment: { horizontal: 'left' } });
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
  for (const row of view.rows) {
    const line = sheet.addRow([]);
    const label = line.getCell(1);
    label.value = row.title;
    if (row.type === 'section') {
      label.font = { bold: true };
      continue;
    }
    label.alignment = { indent: row.depth * 2 };
    line.getCell(2).value = row.unit;
    COLUMNS.forEach((column, i) => {
      const target = line.getCell(i + 3);
      const cell = row.cells[column.key];
      if (!cell || (cell.value === null && cell.display === '')) return;
      if (column.key === 'note' || cell.value === null) {
        target.value = column.key === 'note' ? cell.value : cell.display;
        if (column.key !== 'note') target.alignment = { horizontal: 'right' };
        return;
      }
      const decimals = column.rate ? RATE_DECIMALS : row.decimals;
      // The exact figure; the number format shows it rounded as the grid does.
      target.value = Number(cell.value);
      target.numFmt = decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
