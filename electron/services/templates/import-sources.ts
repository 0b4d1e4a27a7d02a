import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { type ReportingUnit } from '../../../shared/domain/catalog.js';
import { type TemplateBinding } from '../../../shared/templates/template-binding.js';
import { readCsvFile } from '../excel/csv-read.js';
import { readWorkbookFile } from '../excel/read-workbook.js';
import { DEFAULT_PREVIEW_STYLE, type SnapshotCell, type WorkbookSnapshot } from '../excel/workbook-snapshot.js';
import { UserFacingError } from '../user-facing-error.js';

const RETURN_FILE = /\.(xlsx|xlsm|xls|et|csv)$/i;

/** One file to import, or a path that could not be used (with the clerk's message). */
export type ImportSource = { path: string; problem: string | null };

/**
 * The files behind the given paths: a folder stands for its .xlsx/.xlsm/.xls/.et/.csv files
 * (not its subfolders, not Excel's "~$" lock files), in name order; a missing path is kept with
 * a problem so the preview names it instead of silently skipping it.
 */
export async function expandImportPaths(paths: readonly string[]): Promise<ImportSource[]> {
  const sources: ImportSource[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info === null) {
      sources.push({ path, problem: `找不到“${basename(path)}”，请确认路径后再试。` });
    } else if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => RETURN_FILE.test(n) && !n.startsWith('~$')).sort((a, b) => a.localeCompare(b, 'zh-CN'));
      if (names.length === 0) sources.push({ path, problem: `文件夹“${basename(path)}”中没有 .xlsx、.xls、.et 或 .csv 文件。` });
      for (const name of names) sources.push({ path: join(path, name), problem: null });
    } else {
      sources.push({ path, problem: null });
    }
  }
  return sources;
}

/**
 * Reads a returned file into a snapshot. A CSV has no sheets: its grid is taken as the one sheet
 * the bindings name (a sheet saved as CSV from Excel keeps its cell positions).
 * @throws UserFacingError for unreadable files, or a CSV against a template mapped on several sheets.
 */
export async function readReturnFile(path: string, bindings: readonly TemplateBinding[]): Promise<WorkbookSnapshot> {
  const fileName = basename(path);
  if (extname(path).toLowerCase() !== '.csv') return readWorkbookFile(path);
  const sheets = [...new Set(bindings.map((b) => b.sheet))];
  if (sheets.length !== 1 || sheets[0] === undefined) {
    throw new UserFacingError(`“${fileName}”是 CSV 文件，只有一张表，而模板映射了 ${sheets.length} 个工作表。请导入 Excel 文件（.xlsx/.xls）。`);
  }
  const table = await readCsvFile(path);
  const cells: SnapshotCell[] = table.rows.flatMap((row, r) =>
    row.flatMap((text, c) => (text === '' ? [] : [{ row: r, col: c, value: { type: 'text' as const, value: text }, formula: null, style: 0 }])),
  );
  return {
    fileName,
    format: 'xlsx',
    reader: 'package',
    sheets: [{ name: sheets[0], state: 'visible', rowCount: table.rows.length, colCount: Math.max(0, ...table.rows.map((r) => r.length)), cells, merges: [], columns: [], rows: [] }],
    styles: [{ ...DEFAULT_PREVIEW_STYLE }],
    warnings: [],
  };
}

/**
 * The unit a returned file belongs to, by its name: the unit whose name (else code) appears in
 * the file name, the longest match winning ("城关镇" over "城关"). Null with a message when no
 * unit or two equally long ones match.
 */
export function unitFromFileName(fileName: string, units: readonly ReportingUnit[]): { unit: ReportingUnit | null; problem: string | null } {
  const stem = basename(fileName, extname(fileName)).normalize('NFKC');
  for (const key of ['name', 'code'] as const) {
    const hits = units.filter((u) => u[key].trim() !== '' && stem.includes(u[key].normalize('NFKC')));
    const longest = Math.max(0, ...hits.map((u) => u[key].length));
    const best = hits.filter((u) => u[key].length === longest);
    if (best.length === 1 && best[0]) return { unit: best[0], problem: null };
    if (best.length > 1) {
      return { unit: null, problem: `文件名“${fileName}”同时像是 ${best.map((u) => u.name).join('、')} 的报表，请在文件名中写明单位全称，或指定填报单位。` };
    }
  }
  return { unit: null, problem: `无法从文件名“${fileName}”判断填报单位，请在文件名中写明单位名称或代码，或指定填报单位。` };
}
