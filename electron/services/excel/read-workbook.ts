import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { damagedFileMessage, detectFileFormat, FORMAT_LABELS, type DetectedFile, type DetectedKind } from './file-format.js';
import { READ_LIMITS, ReadClock } from './read-limits.js';
import { UserFacingError } from './user-facing-error.js';
import { type WorkbookSnapshot } from './workbook-snapshot.js';
import { readSheetJsSnapshot } from './xls-read.js';
import { openXlsxPackage, type XlsxPackage } from './xlsx-package.js';
import { readExcelJsSnapshot } from './xlsx-read-exceljs.js';
import { readPackageSnapshot } from './xlsx-read-package.js';
import { DamagedPartError, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-archive.js';

/** Options of {@link readWorkbookBytes}. */
export interface ReadWorkbookOptions {
  limits?: ZipLimits;
  /**
   * The primary .xlsx reader; defaults to ExcelJS. Replaceable so tests can prove that a
   * crashing reader falls back to the package reader instead of failing the clerk's import.
   */
  primaryReader?: ((bytes: Uint8Array, fileName: string) => Promise<WorkbookSnapshot>) | null;
  /** Wall-time limit of the read (default {@link READ_LIMITS.timeLimitMs}). */
  timeLimitMs?: number;
}

/**
 * Reads a template or returned form for the preview grid and the importer: .xlsx/.xlsm from
 * Excel or WPS (ExcelJS, or our package reader for large files and as the fallback), and through
 * SheetJS legacy .xls, WPS .et, .xlsb, .ods, SpreadsheetML 2003 and HTML tables. The bytes
 * decide the format, not the name. Hostile, damaged or oversized files are refused before any
 * reader allocates for them, so memory stays bounded (see READ_LIMITS), and a read that runs past
 * the time limit is stopped. If the primary reader throws on a file that passed the guard, the
 * package reader takes over and the snapshot carries a warning.
 * @param fileName shown in messages (usually the base name of the path)
 * @throws UserFacingError with a Chinese message naming the file and, when it cannot be read,
 *   what the file is and what to do.
 */
export async function readWorkbookBytes(bytes: Uint8Array, fileName: string, options: ReadWorkbookOptions = {}): Promise<WorkbookSnapshot> {
  const limits = options.limits ?? DEFAULT_ZIP_LIMITS;
  const clock = new ReadClock(fileName, options.timeLimitMs ?? READ_LIMITS.timeLimitMs);
  if (bytes.length > limits.maxArchiveBytes) throw new UserFacingError(`文件“${fileName}”太大，不像是报表模板，未做任何修改。`);
  const detected = detectFileFormat(bytes, fileName, limits);
  let snapshot: WorkbookSnapshot;
  try {
    snapshot = await readDetected(bytes, fileName, detected, options, clock);
  } catch (error) {
    // The zip guard names the broken part; the clerk also needs to hear what kind of file it is.
    if (error instanceof DamagedPartError) throw new UserFacingError(damagedFileMessage(fileName, detected.kind, { name: error.part, why: error.why }));
    throw error;
  }
  // Every workbook Excel, WPS or LibreOffice saves has a sheet: none means the file is cut short
  // or lacks a part, which the clerk must hear as such (not as "no visible sheet, unhide it").
  if (snapshot.sheets.length === 0) throw new UserFacingError(damagedFileMessage(fileName, detected.kind));
  return snapshot;
}

function readDetected(bytes: Uint8Array, fileName: string, detected: DetectedFile, options: ReadWorkbookOptions, clock: ReadClock): Promise<WorkbookSnapshot> {
  const kind = detected.kind;
  switch (kind) {
    case 'xlsx':
    case 'xlsm':
      return readOfficeOpenXml(bytes, fileName, kind, options, clock);
    case 'xls':
    case 'et':
    case 'xlsb':
    case 'ods':
    case 'xml2003':
    case 'html':
      return readSheetJsSnapshot(bytes, fileName, kind, detected.zip, clock);
    default:
      throw new UserFacingError(unreadableMessage(fileName, kind));
  }
}

async function readOfficeOpenXml(bytes: Uint8Array, fileName: string, source: 'xlsx' | 'xlsm', options: ReadWorkbookOptions, clock: ReadClock): Promise<WorkbookSnapshot> {
  const pkg = openXlsxPackage(bytes, fileName, options.limits); // refuses bombs, DTDs, padding, too many cells
  clock.check();
  const primary = options.primaryReader === undefined ? readExcelJsSnapshot : options.primaryReader;
  // ExcelJS holds ~1 KB a cell; large (or padded) files go to the package reader, which stays bounded.
  if (primary === null || !fitsExcelJs(pkg)) return readPackageSnapshot(pkg, source, clock);
  try {
    const snapshot = await primary(bytes, fileName);
    clock.check();
    return { ...snapshot, source };
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    const snapshot = readPackageSnapshot(pkg, source, clock);
    const reason = error instanceof Error ? error.message : String(error);
    snapshot.warnings.push(`ExcelJS 读取“${fileName}”失败（${reason}），已改用内置解析读取。`);
    return snapshot;
  }
}

function fitsExcelJs(pkg: XlsxPackage): boolean {
  return pkg.cellCount <= READ_LIMITS.maxExcelJsCells && pkg.xmlBytes <= READ_LIMITS.maxExcelJsXmlBytes;
}

/**
 * What to tell the clerk about a file that is not a readable spreadsheet: what its bytes say it
 * is, and what to do instead.
 */
export function unreadableMessage(fileName: string, kind: DetectedKind): string {
  const what = FORMAT_LABELS[kind];
  switch (kind) {
    case 'encrypted':
      return `文件“${fileName}”设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中取消密码、另存为 .xlsx 后再试，未做任何修改。`;
    case 'text':
      return `文件“${fileName}”实际是${what}，不是 Excel 工作簿，不能作为报表模板。请在 Excel 或 WPS 中打开、另存为 .xlsx 后再登记；导入报表时可直接选择该文件。`;
    case 'zip':
      return `文件“${fileName}”是${what}，不是 Excel 工作簿。如果里面是各单位的报表，请先解压，再选择解压出的文件或文件夹导入，未做任何修改。`;
    case 'empty':
      return `文件“${fileName}”是空文件（0 字节），不是有效的 Excel 工作簿，可能下载或复制未完成，请重新获取后再试，未做任何修改。`;
    case 'binary':
      return `文件“${fileName}”不是有效的 Excel 工作簿（${what}，可能已损坏，或只是改了扩展名），请用 Excel 或 WPS 打开确认后另存为 .xlsx 再试，未做任何修改。`;
    default:
      return `文件“${fileName}”实际是${what}，不是 Excel 工作簿，无法读取其中的表格。请选择 Excel 或 WPS 的报表文件（或把表格复制到 Excel 中另存为 .xlsx）后再试，未做任何修改。`;
  }
}

/**
 * Reads a workbook file from disk (see {@link readWorkbookBytes}); the size cap is checked
 * before the file is read into memory.
 * @throws UserFacingError for missing, unreadable, oversized or hostile files.
 */
export async function readWorkbookFile(path: string, options: ReadWorkbookOptions = {}): Promise<WorkbookSnapshot> {
  const fileName = basename(path);
  const limits = options.limits ?? DEFAULT_ZIP_LIMITS;
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile()) throw new UserFacingError(`找不到文件“${fileName}”，请确认路径后再试。`);
  if (info.size > limits.maxArchiveBytes) throw new UserFacingError(`文件“${fileName}”太大，不像是报表模板，未做任何修改。`);
  return readWorkbookBytes(await readFile(path), fileName, options);
}
