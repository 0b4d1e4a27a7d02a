import { parseCellAddress, parseRange, type CellRange } from './cell-ref.js';
import { type ReadClock } from './read-limits.js';
import { MAX_CELLS } from './sheet-bounds-guard.js';
import { UserFacingError } from './user-facing-error.js';
import { locateWorkbookParts, type WorkbookSheetRef } from './workbook-parts.js';
import { type CellValue, type SheetSnapshot, type SnapshotCell, type WorkbookSnapshot } from './workbook-snapshot.js';
import { partText, type XlsxPackage } from './xlsx-package.js';
import { readPreviewStyles } from './xlsx-styles.js';
import { decodeXml, findElements, firstElement, stringItemText } from './xml-scan.js';


/**
 * Reads a workbook straight from its package XML: values (formula cells give their cached
 * result), formulas, merges, column widths, row heights and preview styles. This is the reader
 * that cannot be broken by parts it does not understand (charts, drawings, extLst), so it is the
 * fallback whenever ExcelJS throws.
 * @throws UserFacingError naming the file for impossible addresses or too many cells.
 */
export function readPackageSnapshot(pkg: XlsxPackage, source: 'xlsx' | 'xlsm' = 'xlsx', clock: ReadClock | null = null): WorkbookSnapshot {
  const parts = locateWorkbookParts(pkg);
  const sharedStrings = readSharedStrings(parts.sharedStrings === null ? null : partText(pkg, parts.sharedStrings));
  const budget = { cells: MAX_CELLS };
  const sheets = parts.sheets
    .filter((ref): ref is WorkbookSheetRef & { part: string } => ref.part !== null)
    .map((ref) => readSheet(pkg, ref, sharedStrings, budget, clock));
  return {
    fileName: pkg.fileName,
    format: 'xlsx',
    source,
    reader: 'package',
    sheets,
    styles: readPreviewStyles(parts.styles === null ? null : partText(pkg, parts.styles)),
    warnings: [],
  };
}

/** Texts of the shared string table, by index. */
export function readSharedStrings(xml: string | null): string[] {
  return xml === null ? [] : findElements(xml, 'si').map((si) => stringItemText(si.inner ?? ''));
}

function readSheet(pkg: XlsxPackage, ref: WorkbookSheetRef & { part: string }, sharedStrings: readonly string[], budget: { cells: number }, clock: ReadClock | null): SheetSnapshot {
  const xml = partText(pkg, ref.part) ?? '';
  const impossible = (what: string): never => {
    throw new UserFacingError(`文件“${pkg.fileName}”的工作表“${ref.name}”中${what}超出 Excel 的范围，疑似恶意或损坏的文件，未做任何修改。`);
  };
  const dimension = firstElement(xml, 'dimension')?.attrs.ref;
  if (dimension !== undefined && parseRange(dimension) === null) impossible(`声明的区域“${dimension}”`);

  const cells: SnapshotCell[] = [];
  const rows: SheetSnapshot['rows'] = [];
  let extentRows = 0;
  let extentCols = 0;
  const sheetData = firstElement(xml, 'sheetData');
  let nextRow = 0;
  for (const row of sheetData?.inner ? findElements(sheetData.inner, 'row') : []) {
    const rowIndex = row.attrs.r === undefined ? nextRow : Number(row.attrs.r) - 1;
    if (!Number.isInteger(rowIndex) || rowIndex < 0 || rowIndex >= 1_048_576) impossible(`行号“${row.attrs.r ?? ''}”`);
    nextRow = rowIndex + 1;
    if (rowIndex % 1024 === 0) clock?.check();
    if (row.attrs.ht !== undefined || row.attrs.hidden === '1') {
      rows.push({ row: rowIndex, height: row.attrs.ht === undefined ? null : Number(row.attrs.ht), hidden: row.attrs.hidden === '1' });
    }
    let nextCol = 0;
    for (const c of row.inner ? findElements(row.inner, 'c') : []) {
      const pos = c.attrs.r === undefined ? { row: rowIndex, col: nextCol } : parseCellAddress(c.attrs.r);
      if (pos === null) return impossible(`单元格地址“${c.attrs.r ?? ''}”`);
      nextCol = pos.col + 1;
      if (--budget.cells < 0) {
        throw new UserFacingError(`文件“${pkg.fileName}”的单元格超过 ${MAX_CELLS} 个，不像是报表模板，未做任何修改。`);
      }
      const inner = c.inner ?? '';
      const formulaElement = inner.includes('<') ? firstElement(inner, 'f') : null;
      const cell: SnapshotCell = {
        row: pos.row,
        col: pos.col,
        value: cellValue(c.attrs.t, inner, sharedStrings),
        formula: formulaElement === null ? null : decodeXml(formulaElement.inner ?? ''),
        style: Number(c.attrs.s ?? 0),
      };
      cells.push(cell);
      if (cell.value !== null || cell.formula !== null) {
        extentRows = Math.max(extentRows, pos.row + 1);
        extentCols = Math.max(extentCols, pos.col + 1);
      }
    }
  }
  const merges: CellRange[] = [];
  for (const m of findElements(xml, 'mergeCell')) {
    const range = parseRange(m.attrs.ref ?? '') ?? impossible(`合并区域“${m.attrs.ref ?? ''}”`);
    merges.push(range);
    extentRows = Math.max(extentRows, range.bottom + 1);
    extentCols = Math.max(extentCols, range.right + 1);
  }
  return {
    name: ref.name,
    state: ref.state,
    rowCount: extentRows,
    colCount: extentCols,
    // Styled empty cells far outside the used area (WPS writes whole styled rows) are dropped so
    // the preview grid is sized by content, not by formatting.
    cells: cells.filter((c) => c.row < extentRows && c.col < extentCols),
    merges,
    columns: findElements(xml, 'col').map(({ attrs }) => ({
      min: Number(attrs.min) - 1,
      max: Math.min(Number(attrs.max), 16_384) - 1,
      width: attrs.width === undefined ? null : Number(attrs.width),
      hidden: attrs.hidden === '1' || attrs.hidden === 'true',
    })),
    rows,
  };
}

function cellValue(type: string | undefined, inner: string, sharedStrings: readonly string[]): CellValue | null {
  if (type === 'inlineStr') {
    const is = firstElement(inner, 'is');
    return is === null ? null : { type: 'text', value: stringItemText(is.inner ?? '') };
  }
  const v = firstElement(inner, 'v');
  if (v === null || v.inner === null) return null;
  const raw = decodeXml(v.inner);
  switch (type) {
    case 's':
      return { type: 'text', value: sharedStrings[Number(raw)] ?? '' };
    case 'str':
      return { type: 'text', value: raw };
    case 'b':
      return { type: 'boolean', value: raw === '1' || raw === 'true' };
    case 'e':
      return { type: 'error', value: raw };
    case 'd':
      return { type: 'text', value: raw }; // ISO 8601 date text (strict OOXML); templates rarely use it
    default:
      return raw.trim() === '' ? null : { type: 'number', value: raw.trim() };
  }
}
