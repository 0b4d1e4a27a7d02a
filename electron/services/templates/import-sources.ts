import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { type ReportingUnit } from '../../../shared/domain/catalog.js';
import { type TemplateBinding } from '../../../shared/templates/template-binding.js';
import { readCsvBytes } from '../excel/csv-read.js';
import { detectFileFormat } from '../excel/file-format.js';
import { DEFAULT_PREVIEW_STYLE, type SnapshotCell, type WorkbookSnapshot } from '../excel/workbook-snapshot.js';
import { DEFAULT_ZIP_LIMITS, inflateEntry, readZipDirectory, type ZipEntry, type ZipLimits } from '../excel/zip-archive.js';
import { type SheetKeep } from '../excel/snapshot-keep.js';
import { runInWorker } from '../jobs/worker-pool.js';
import { UserFacingError } from '../user-facing-error.js';

// Everything Excel, WPS and LibreOffice save a table as (web platforms' ".xls" may be HTML or XML).
const RETURN_FILE = /\.(xlsx|xlsm|xlsb|xls|et|ods|fods|xml|htm|html|csv|tsv|txt)$/i;

/**
 * Caps of a zip of returns (township returns collected in one archive): far more files and bytes
 * than a county's returns for a month, far less than a zip bomb. Each file in it is then read
 * under the same guards as a file on disk.
 */
export const RETURNS_ZIP_LIMITS: Readonly<ZipLimits> = {
  maxArchiveBytes: DEFAULT_ZIP_LIMITS.maxArchiveBytes,
  maxEntries: 1_000,
  maxEntryBytes: DEFAULT_ZIP_LIMITS.maxArchiveBytes,
  maxTotalBytes: 400 * 1024 * 1024,
};
/** A spreadsheet packs a few times, not hundreds: beyond this ratio (on a file over 1 MB) it is padding or a bomb. */
const MAX_RETURN_RATIO = 200;

/**
 * One file to import, or a path that could not be used (with the clerk's message). A file of a
 * zip has `path` = the zip's path joined with its name inside, and `read` inflates it.
 */
export type ImportSource = { path: string; problem: string | null; read?: () => Uint8Array };

/**
 * The files behind the given paths: a folder stands for its spreadsheet files (.xlsx/.xlsm/.xlsb/
 * .xls/.et/.ods/.xml/.html/.csv/.tsv/.txt)
 * (not its subfolders, not Excel's "~$" lock files), in name order; a .zip stands for the
 * spreadsheet files inside it (any folder depth), in name order, after the zip guard (entry count,
 * declared sizes and their total, compression ratio, encryption); a missing path is kept with
 * a problem so the preview names it instead of silently skipping it.
 */
export async function expandImportPaths(paths: readonly string[]): Promise<ImportSource[]> {
  const sources: ImportSource[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info === null) {
      sources.push({ path, problem: `找不到“${basename(path)}”，请确认路径后再试。` });
    } else if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => RETURN_FILE.test(n) && !n.startsWith('~$')).sort(byName);
      if (names.length === 0) sources.push({ path, problem: `文件夹“${basename(path)}”中没有报表文件（.xlsx、.xls、.et、.ods、.csv 等）。` });
      for (const name of names) sources.push({ path: join(path, name), problem: null });
    } else if (/\.zip$/i.test(path)) {
      sources.push(...(await zipSources(path, info.size)));
    } else {
      sources.push({ path, problem: null });
    }
  }
  return sources;
}

const byName = (a: string, b: string): number => a.localeCompare(b, 'zh-CN');

/** The returns inside a zip, or one source carrying the reason the zip cannot be used. */
async function zipSources(path: string, size: number): Promise<ImportSource[]> {
  const zipName = basename(path);
  const refuse = (problem: string): ImportSource[] => [{ path, problem }];
  if (size > RETURNS_ZIP_LIMITS.maxArchiveBytes) {
    return refuse(`压缩包“${zipName}”太大（超过 ${Math.round(RETURNS_ZIP_LIMITS.maxArchiveBytes / 1048576)} MB），请解压后分批导入。`);
  }
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(await readFile(path), zipName, RETURNS_ZIP_LIMITS);
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    return refuse(error.message);
  }
  const returns = entries
    .filter((e) => !e.name.endsWith('/') && !/(^|\/)(__MACOSX|\.)/.test(e.name) && RETURN_FILE.test(e.name) && !baseOf(e.name).startsWith('~$'))
    .sort((a, b) => byName(a.name, b.name));
  if (returns.length === 0) return refuse(`压缩包“${zipName}”中没有报表文件（.xlsx、.xls、.et、.ods、.csv 等），未导入任何数据。`);
  return returns.map((entry) => {
    const where = join(path, entry.name);
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > 1024 * 1024 && ratio > MAX_RETURN_RATIO) {
      return { path: where, problem: `压缩包“${zipName}”中的“${baseOf(entry.name)}”压缩比达 ${Math.round(ratio)} 倍，疑似压缩炸弹或用空白填充的文件，已跳过。请确认该文件后单独导入。` };
    }
    return { path: where, problem: null, read: () => inflateEntry(entry, `${zipName}/${entry.name}`) };
  });
}

const baseOf = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/**
 * Reads a returned file into a snapshot, whatever Excel, WPS or LibreOffice saved it as (the
 * bytes decide, see readWorkbookBytes). A CSV/TSV has no sheets: its grid is taken as the one
 * sheet the bindings name (a sheet saved as CSV from Excel keeps its cell positions); the tables
 * of an HTML page are the template's sheets by position.
 * @param templateSheets the template's sheet names, in order
 * @throws UserFacingError for unreadable files, or a CSV against a template mapped on several sheets.
 */
export async function readReturnFile(
  path: string,
  bindings: ReadonlyArray<Pick<TemplateBinding, 'sheet'> & Partial<Pick<TemplateBinding, 'cell'>>>,
  templateSheets: readonly string[] = [],
  signal?: AbortSignal,
): Promise<WorkbookSnapshot> {
  const fileName = basename(path);
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile()) throw new UserFacingError(`找不到文件“${fileName}”，请确认路径后再试。`);
  if (info.size > DEFAULT_ZIP_LIMITS.maxArchiveBytes) throw new UserFacingError(`文件“${fileName}”太大，不像是报表，未做任何修改。`);
  return readReturnBytes(await readFile(path), fileName, bindings, templateSheets, signal);
}

/**
 * {@link readReturnFile} on bytes already in memory (a file of a zip of returns). Spreadsheets
 * are read in the worker pool (reading a large return takes seconds of CPU); aborting `signal`
 * stops the read at once.
 */
export async function readReturnBytes(
  bytes: Uint8Array,
  fileName: string,
  bindings: ReadonlyArray<Pick<TemplateBinding, 'sheet'> & Partial<Pick<TemplateBinding, 'cell'>>>,
  templateSheets: readonly string[] = [],
  signal?: AbortSignal,
): Promise<WorkbookSnapshot> {
  const sheets = [...new Set(bindings.map((b) => b.sheet))];
  if (detectFileFormat(bytes, fileName).kind !== 'text') {
    // Only the bound cells (and the title lines above them) come back from the worker; an HTML
    // page's tables are renamed below, so for HTML every table is kept whole.
    const snapshot = await runInWorker('readReturn', [bytes, fileName, detectFileFormat(bytes, fileName).kind === 'html' ? null : keepList(bindings)], { signal });
    // An HTML page has tables, not named sheets (SheetJS calls them Sheet1, Sheet2…): taken by
    // position as the template's sheets when their number agrees, like a CSV when there is one.
    const names = snapshot.sheets.length === templateSheets.length ? templateSheets : snapshot.sheets.length === 1 && sheets.length === 1 ? sheets : null;
    if (snapshot.source === 'html' && names !== null) {
      return { ...snapshot, sheets: snapshot.sheets.map((sheet, i) => ({ ...sheet, name: names[i] ?? sheet.name })) };
    }
    return snapshot;
  }
  if (sheets.length !== 1 || sheets[0] === undefined) {
    throw new UserFacingError(`“${fileName}”是文本表格（CSV/制表符分隔），只有一张表，而模板映射了 ${sheets.length} 个工作表。请导入 Excel 文件（.xlsx/.xls）。`);
  }
  const table = readCsvBytes(bytes, fileName);
  const cells: SnapshotCell[] = table.rows.flatMap((row, r) =>
    row.flatMap((text, c) => (text === '' ? [] : [{ row: r, col: c, value: { type: 'text' as const, value: text }, formula: null, style: 0 }])),
  );
  return {
    fileName,
    format: 'xlsx',
    source: 'text',
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

/** Per bound sheet, the cells an import reads; null when a binding names no cell (keep everything). */
function keepList(bindings: ReadonlyArray<Pick<TemplateBinding, 'sheet'> & Partial<Pick<TemplateBinding, 'cell'>>>): SheetKeep[] | null {
  if (bindings.some((b) => b.cell === undefined)) return null;
  const bySheet = new Map<string, string[]>();
  for (const binding of bindings) {
    const cells = bySheet.get(binding.sheet) ?? [];
    if (binding.cell !== undefined) cells.push(binding.cell);
    bySheet.set(binding.sheet, cells);
  }
  return [...bySheet].map(([sheet, cells]) => ({ sheet, cells }));
}
