import { type Database } from 'better-sqlite3';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { type YearView } from '../../../shared/domain/grid.js';
import { type PaperRow, type PaperTable } from '../../../shared/domain/paper.js';
import { cumulativeLabel, monthName } from '../../../shared/stats/index.js';
import { getForm } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { writeExportFile } from '../excel/export-file.js';
import { buildYearView } from '../grid/year-view.js';
import { itemLabel, LEADING_HEADERS, shownFigure } from '../templates/form-table.js';
import { paperSheetXlsx } from '../templates/paper-sheet.js';

/** The year view's mode: 各月本月数 or 各月累计数 (1-N月). */
export type YearMode = YearView['mode'];

/** Column heads of the months, as the year grid heads them. */
function monthHeads(mode: YearMode): string[] {
  return Array.from({ length: 12 }, (_, i) => (mode === 'month' ? monthName(i + 1) : cumulativeLabel(i + 1, { quarterNames: false })));
}

/**
 * The year view laid out on paper like the form view's submission export: the form's name and
 * the year as title, 填报单位 / 期别 / 计量单位, 指标名称 · 代码 · 计量单位 · 1月…12月, 其中 items
 * indented, each month's figure exactly as the grid shows it. Months marked in the grid
 * (missing, or 本月 and 累计 disagreeing) are listed under the table.
 */
export function yearPaper(view: YearView, formName: string, unitName: string): PaperTable {
  const column = view.mode === 'month' ? 'month' : 'cumulative';
  const text = (display: string) => (display === '' ? { kind: 'empty' as const } : { kind: 'text' as const, display });
  const units = new Set<string>();
  const foot: string[] = [];
  const rows = view.rows.map((row): PaperRow => {
    if (row.type === 'section') return { kind: 'section', title: row.title };
    if (row.unit !== '') units.add(row.unit);
    const remarks = row.months.flatMap((cell, i) => (cell.state === 'mismatch' && cell.remark !== undefined ? [monthName(i + 1)] : []));
    if (remarks.length > 0) foot.push(`核对提示：${row.title}：${remarks.join('、')}本月与累计不一致，请在表式视图中核对。`);
    return {
      kind: 'line',
      cells: [text(itemLabel(row.title, row.depth)), text(row.code), text(row.unit), ...row.months.map((cell) => shownFigure(column, cell))],
      depth: row.depth,
      alert: remarks.length > 0,
    };
  });
  const [onlyUnit] = units;
  return {
    title: `${formName}（${view.year}年${view.mode === 'month' ? '各月本月数' : '各月累计数'}）`,
    info: [`填报单位：${unitName}`, `期别：${view.year}年${cumulativeLabel(12, { quarterNames: false })}`, `计量单位：${units.size === 1 && onlyUnit !== undefined ? onlyUnit : '见各行“计量单位”栏'}`],
    header: [...LEADING_HEADERS, ...monthHeads(view.mode)],
    align: ['left', 'center', 'center', ...Array.from({ length: 12 }, () => 'right' as const)],
    frozenColumns: 1,
    rows,
    foot,
  };
}

/** The year view of a unit, on paper (see {@link yearPaper}). */
export function yearViewPaper(db: Database, formId: number, unitId: number, year: number, mode: YearMode): PaperTable {
  return yearPaper(buildYearView(db, formId, unitId, year, mode), getForm(db, formId).name, getUnit(db, unitId).name);
}

/**
 * Exports the year view as a submission-grade .xlsx (the same layout as the form view's, see
 * paperSheetXlsx); `outputPath` absolute. An existing file is never replaced.
 * @throws UserFacingError naming the file when it cannot be written.
 */
export function exportYearView(db: Database, request: { formId: number; unitId: number; year: number; mode: YearMode; outputPath: string }): Promise<ExportResult> {
  const paper = yearViewPaper(db, request.formId, request.unitId, request.year, request.mode);
  return writeExportFile(request.outputPath, 'xlsx', (fileName) => paperSheetXlsx(paper, '年度视图', fileName));
}
