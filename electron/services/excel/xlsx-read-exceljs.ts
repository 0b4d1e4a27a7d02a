import type { Cell, CellValue as ExcelJsValue, Style, Worksheet } from 'exceljs';
import { parseRange } from './cell-ref.js';
import { InternTable } from './intern-table.js';
import {
  DEFAULT_PREVIEW_STYLE,
  type CellValue,
  type PreviewStyle,
  type SheetSnapshot,
  type SnapshotCell,
  type WorkbookSnapshot,
} from './workbook-snapshot.js';

/**
 * Reads a workbook with ExcelJS, which is loaded on first use only (it is large and most
 * sessions never touch Excel files). Call only on bytes that passed `openXlsxPackage`, so
 * ExcelJS's own unzipping never sees a zip bomb or a DTD. May throw on valid files (ExcelJS
 * 4.4.0 fails on some charts); `readWorkbookFile` falls back to the package reader then.
 */
export async function readExcelJsSnapshot(bytes: Uint8Array, fileName: string): Promise<WorkbookSnapshot> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  // ExcelJS's typings want its own Buffer alias; a Node Buffer view of the same bytes is what it reads.
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  const styles = new InternTable<PreviewStyle>({ ...DEFAULT_PREVIEW_STYLE });
  const internStyle = (style: PreviewStyle): number => styles.intern(style);
  const sheets = workbook.worksheets.map((ws) => readSheet(ws, internStyle));
  return { fileName, format: 'xlsx', source: /\.xlsm$/i.test(fileName) ? 'xlsm' : 'xlsx', reader: 'exceljs', sheets, styles: styles.values, warnings: [] };
}

function readSheet(ws: Worksheet, internStyle: (style: PreviewStyle) => number): SheetSnapshot {
  const cells: SnapshotCell[] = [];
  const rows: SheetSnapshot['rows'] = [];
  let rowCount = 0;
  let colCount = 0;
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    if (row.height !== undefined || row.hidden) rows.push({ row: rowNumber - 1, height: row.height ?? null, hidden: row.hidden });
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      // ExcelJS repeats a merge's value in every covered cell; the file (and the grid) has it once.
      const covered = cell.isMerged && cell.master.address !== cell.address;
      const formula = covered ? null : formulaOf(cell);
      // For formula cells, cell.value drops a cached result of 0; cell.result keeps it.
      const value = covered ? null : toValue(formula === null ? cell.value : cell.result);
      cells.push({ row: rowNumber - 1, col: colNumber - 1, value, formula, style: internStyle(toPreviewStyle(cell.style)) });
      if (value !== null || formula !== null) {
        rowCount = Math.max(rowCount, rowNumber);
        colCount = Math.max(colCount, colNumber);
      }
    });
  });
  // ExcelJS keeps merges on its model only; the typings do not declare it.
  const mergeRefs = (ws.model as unknown as { merges?: string[] }).merges ?? [];
  const merges = mergeRefs.flatMap((ref) => {
    const range = parseRange(ref);
    return range === null ? [] : [range];
  });
  for (const m of merges) {
    rowCount = Math.max(rowCount, m.bottom + 1);
    colCount = Math.max(colCount, m.right + 1);
  }
  const columns = (ws.columns ?? []).flatMap((col, i) =>
    col.width === undefined && !col.hidden ? [] : [{ min: i, max: i, width: col.width ?? null, hidden: col.hidden ?? false }],
  );
  return {
    name: ws.name,
    state: ws.state === 'hidden' || ws.state === 'veryHidden' ? ws.state : 'visible',
    rowCount,
    colCount,
    cells: cells.filter((c) => c.row < rowCount && c.col < colCount),
    merges,
    columns,
    rows,
  };
}

function formulaOf(cell: Cell): string | null {
  const v = cell.value;
  if (v !== null && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) return cell.formula || null;
  return null;
}

function toValue(v: ExcelJsValue): CellValue | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return { type: 'number', value: String(v) };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (typeof v === 'boolean') return { type: 'boolean', value: v };
  if (v instanceof Date) return { type: 'text', value: v.toISOString() };
  if ('error' in v) return { type: 'error', value: String(v.error) };
  if ('richText' in v) return { type: 'text', value: v.richText.map((run) => run.text).join('') };
  if ('formula' in v || 'sharedFormula' in v) {
    const result: unknown = v.result;
    if (result === undefined || result === null) return null;
    return toValue(result as ExcelJsValue);
  }
  if ('text' in v) return { type: 'text', value: String(v.text) };
  return null;
}

function toPreviewStyle(style: Partial<Style>): PreviewStyle {
  const fill = style.fill?.type === 'pattern' && style.fill.pattern !== 'none' ? style.fill.fgColor?.argb : undefined;
  return {
    bold: style.font?.bold ?? false,
    italic: style.font?.italic ?? false,
    fontSize: style.font?.size ?? null,
    fontColor: argbToHex(style.font?.color?.argb),
    fillColor: argbToHex(fill),
    horizontal: style.alignment?.horizontal ?? null,
    vertical: style.alignment?.vertical ?? null,
    wrap: style.alignment?.wrapText ?? false,
    border: {
      top: style.border?.top?.style !== undefined,
      right: style.border?.right?.style !== undefined,
      bottom: style.border?.bottom?.style !== undefined,
      left: style.border?.left?.style !== undefined,
    },
    numberFormat: style.numFmt ?? 'General',
  };
}

function argbToHex(argb: string | undefined): string | null {
  return argb !== undefined && /^[0-9A-Fa-f]{8}$/.test(argb) ? `#${argb.slice(2).toUpperCase()}` : null;
}
