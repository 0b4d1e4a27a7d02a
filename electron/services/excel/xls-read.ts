import type { CellObject, WorkSheet } from '@e965/xlsx';
import { MAX_COLS, MAX_ROWS } from './cell-ref.js';
import { UserFacingError } from './user-facing-error.js';
import { DEFAULT_PREVIEW_STYLE, type CellValue, type SheetSnapshot, type SnapshotCell, type WorkbookSnapshot } from './workbook-snapshot.js';
import iconv from 'iconv-lite';
import { detectCsvEncoding } from './csv-read.js';
import { damagedFileMessage, FORMAT_LABELS, type SpreadsheetFormat } from './file-format.js';
import { megabytes, READ_LIMITS, type ReadClock } from './read-limits.js';
import { isEncryptedCompoundFile } from './xlsx-package.js';
import { MAX_CELLS } from './sheet-bounds-guard.js';
import { findElements } from './xml-scan.js';
import { inflateEntry, type ZipEntry } from './zip-archive.js';

/** The formats SheetJS reads for us: everything but .xlsx/.xlsm (ExcelJS/package reader) and CSV. */
export type SheetJsFormat = 'xls' | 'et' | 'xlsb' | 'ods' | 'xml2003' | 'html';

/**
 * Reads a workbook with SheetJS (loaded on first use): legacy .xls (BIFF5/8), WPS .et, .xlsb,
 * .ods (and flat .fods), SpreadsheetML 2003 and HTML tables (what web report platforms save as
 * ".xls"). Values (formula cells give their cached result), formulas, merges, column widths and
 * row heights. SheetJS's community build keeps number formats but not fonts/fills, so the
 * preview shows the layout without colours. Sizes are checked before SheetJS sees the bytes
 * (it parses a file whole), the cell count after. Password-protected files are refused.
 * @param zip the checked zip directory for .xlsb/.ods, else null
 * @throws UserFacingError naming the file and its format.
 */
export async function readSheetJsSnapshot(bytes: Uint8Array, fileName: string, source: SheetJsFormat, zip: readonly ZipEntry[] | null, clock: ReadClock): Promise<WorkbookSnapshot> {
  if (isEncryptedCompoundFile(bytes)) throw encrypted(fileName);
  assertSheetJsBounds(bytes, fileName, source, zip);
  const XLSX = await import('@e965/xlsx');
  clock.check();
  let workbook;
  try {
    const options = { dense: true, cellFormula: true, cellNF: true, cellStyles: true, cellDates: false } as const;
    workbook =
      source === 'html' || source === 'xml2003'
        ? XLSX.read(decodeMarkup(bytes), { ...options, type: 'string' })
        : XLSX.read(bytes, { ...options, type: 'buffer' });
  } catch (error) {
    if (error instanceof Error && /password|encrypt/i.test(error.message)) throw encrypted(fileName);
    throw new UserFacingError(damagedFileMessage(fileName, source));
  }
  clock.check();
  const budget = { cells: MAX_CELLS };
  const sheets = workbook.SheetNames.map((name, i): SheetSnapshot => {
    clock.check();
    const hidden = workbook.Workbook?.Sheets?.[i]?.Hidden ?? 0;
    const sheet = workbook.Sheets[name];
    return readSheet(sheet, name, hidden === 1 ? 'hidden' : hidden === 2 ? 'veryHidden' : 'visible', budget, fileName);
  });
  return { fileName, format: storedFormat(source), source, reader: 'sheetjs', sheets, styles: [{ ...DEFAULT_PREVIEW_STYLE }], warnings: [] };
}

/**
 * SheetJS parses a file whole and holds every cell, so what it is given is bounded first: the
 * file size for .xls/.et/HTML/SpreadsheetML, the inflated sheet parts for .xlsb, and for .ods
 * the cells its rows and cells claim after their repeat counts.
 */
function assertSheetJsBounds(bytes: Uint8Array, fileName: string, source: SheetJsFormat, zip: readonly ZipEntry[] | null): void {
  const label = FORMAT_LABELS[source];
  const refuse = (what: string): never => {
    throw new UserFacingError(`文件“${fileName}”（${label}）${what}，远超报表模板应有的大小，已拒绝读取，未做任何修改。请在 Excel 或 WPS 中删除多余的行列和工作表、另存为 .xlsx 后再试。`);
  };
  if (zip === null) {
    if (bytes.length > READ_LIMITS.maxSheetJsFileBytes) refuse(`有 ${megabytes(bytes.length)}`);
    return;
  }
  if (source === 'xlsb') {
    const sheetBytes = zip.filter((e) => /worksheets\/[^/]+\.bin$/i.test(e.name)).reduce((n, e) => n + e.uncompressedSize, 0);
    if (sheetBytes > READ_LIMITS.maxBinarySheetBytes) refuse(`的工作表解压后达 ${megabytes(sheetBytes)}`);
    const strings = zip.find((e) => /sharedStrings\.bin$/i.test(e.name));
    if (strings !== undefined && strings.uncompressedSize > READ_LIMITS.maxSharedStringBytes) refuse(`的共享字符串表解压后达 ${megabytes(strings.uncompressedSize)}`);
    return;
  }
  const content = zip.find((e) => e.name === 'content.xml');
  if (content === undefined) return;
  if (content.uncompressedSize > READ_LIMITS.maxXmlPartBytes) refuse(`的表格内容解压后达 ${megabytes(content.uncompressedSize)}`);
  const xml = Buffer.from(inflateEntry(content, fileName)).toString('utf8');
  if (/<!(?:DOCTYPE|ENTITY)/i.test(xml)) refuse('含有 DOCTYPE/ENTITY 声明，疑似恶意文件');
  if (odsCellCount(xml) > MAX_CELLS) refuse(`声明的单元格超过 ${MAX_CELLS} 个`);
}

/** Non-empty cells an ODS table claims: each cell × its column repeat × its row's repeat. */
function odsCellCount(xml: string): number {
  let total = 0;
  for (const row of findElements(xml, 'table-row')) {
    const rows = Number(row.attrs['number-rows-repeated'] ?? 1);
    for (const cell of findElements(row.inner ?? '', 'table-cell')) {
      if (cell.inner === null || cell.inner.trim() === '') continue; // empty cells are not materialised
      total += rows * Number(cell.attrs['number-columns-repeated'] ?? 1);
      if (total > MAX_CELLS) return total;
    }
  }
  return total;
}

/** HTML and SpreadsheetML text as the page declares it (web platforms often save GBK). */
function decodeMarkup(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const declared = /charset\s*=\s*["']?([\w-]+)|encoding\s*=\s*["']([\w-]+)/i.exec(head);
  const name = (declared?.[1] ?? declared?.[2] ?? '').toLowerCase();
  const encoding = /^(?:gb2312|gbk|gb18030)$/.test(name) ? 'gb18030' : name === 'big5' ? 'big5' : name === 'utf-8' ? 'utf-8' : detectCsvEncoding(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: true });
}

/** How a template of this format is stored: .xls/.et as such, the other non-OOXML formats like .xls (exported through a conversion). */
export function storedFormat(source: SpreadsheetFormat): WorkbookSnapshot['format'] {
  return source === 'xlsx' || source === 'xlsm' ? 'xlsx' : source === 'et' ? 'et' : 'xls';
}

function encrypted(fileName: string): UserFacingError {
  return new UserFacingError(`文件“${fileName}”设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中取消密码后再试，未做任何修改。`);
}

function readSheet(
  sheet: WorkSheet | undefined,
  name: string,
  state: SheetSnapshot['state'],
  budget: { cells: number },
  fileName: string,
): SheetSnapshot {
  const cells: SnapshotCell[] = [];
  let rowCount = 0;
  let colCount = 0;
  const data: ReadonlyArray<ReadonlyArray<CellObject | undefined> | undefined> = sheet?.['!data'] ?? [];
  if (data.length > MAX_ROWS) throw tooLarge(fileName, name);
  data.forEach((row, r) => {
    row?.forEach((cell, c) => {
      if (cell === undefined) return;
      if (c >= MAX_COLS || --budget.cells < 0) throw tooLarge(fileName, name);
      const value = toValue(cell);
      const formula = cell.f ?? null;
      if (value === null && formula === null) return;
      cells.push({ row: r, col: c, value, formula, style: 0 });
      rowCount = Math.max(rowCount, r + 1);
      colCount = Math.max(colCount, c + 1);
    });
  });
  const merges = (sheet?.['!merges'] ?? []).map((m) => ({ top: m.s.r, left: m.s.c, bottom: m.e.r, right: m.e.c }));
  for (const m of merges) {
    rowCount = Math.max(rowCount, m.bottom + 1);
    colCount = Math.max(colCount, m.right + 1);
  }
  return {
    name,
    state,
    rowCount,
    colCount,
    cells,
    merges,
    // SheetJS lists all 256 BIFF columns; the preview needs the used ones.
    columns: (sheet?.['!cols'] ?? []).flatMap((col, i) =>
      col === undefined || i >= colCount ? [] : [{ min: i, max: i, width: col.wch ?? (col.width === undefined ? null : col.width), hidden: col.hidden ?? false }],
    ),
    rows: (sheet?.['!rows'] ?? []).flatMap((row, i) => (row === undefined || i >= rowCount ? [] : [{ row: i, height: row.hpt ?? null, hidden: row.hidden ?? false }])),
  };
}

function tooLarge(fileName: string, sheet: string): UserFacingError {
  return new UserFacingError(`文件“${fileName}”的工作表“${sheet}”单元格过多或超出 Excel 的范围，不像是报表模板，未做任何修改。`);
}

function toValue(cell: CellObject): CellValue | null {
  switch (cell.t) {
    case 'n':
      // BIFF stores IEEE doubles, so the shortest round-trip text is exactly what the file holds.
      return typeof cell.v === 'number' ? { type: 'number', value: String(cell.v) } : null;
    case 's':
      return { type: 'text', value: String(cell.v ?? '') };
    case 'b':
      return { type: 'boolean', value: cell.v === true };
    case 'e':
      return { type: 'error', value: cell.w ?? '#N/A' };
    case 'd':
      return { type: 'text', value: cell.v instanceof Date ? cell.v.toISOString() : String(cell.v) };
    default:
      return null;
  }
}
