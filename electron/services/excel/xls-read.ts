import type { CellObject, WorkSheet } from '@e965/xlsx';
import { MAX_COLS, MAX_ROWS } from './cell-ref.js';
import { UserFacingError } from './user-facing-error.js';
import { DEFAULT_PREVIEW_STYLE, type CellValue, type SheetSnapshot, type SnapshotCell, type WorkbookSnapshot } from './workbook-snapshot.js';
import { isEncryptedCompoundFile } from './xlsx-package.js';
import { MAX_CELLS } from './sheet-bounds-guard.js';

/**
 * Reads a legacy .xls (BIFF) or WPS .et workbook with SheetJS (loaded on first use): values
 * (formula cells give their cached result), formulas, merges, column widths and row heights.
 * SheetJS's community build keeps number formats but not fonts/fills, so the preview shows the
 * layout without colours. Password-protected files are refused with a Chinese message.
 * @throws UserFacingError naming the file.
 */
export async function readXlsSnapshot(bytes: Uint8Array, fileName: string, format: 'xls' | 'et'): Promise<WorkbookSnapshot> {
  if (isEncryptedCompoundFile(bytes)) throw encrypted(fileName);
  const XLSX = await import('@e965/xlsx');
  let workbook;
  try {
    workbook = XLSX.read(bytes, { type: 'buffer', dense: true, cellFormula: true, cellNF: true, cellStyles: true, cellDates: false });
  } catch (error) {
    if (error instanceof Error && /password|encrypt/i.test(error.message)) throw encrypted(fileName);
    throw new UserFacingError(`文件“${fileName}”无法按旧版 .xls/.et 格式读取（可能已损坏），请用 Excel 或 WPS 另存为 .xlsx 后再试，未做任何修改。`);
  }
  const budget = { cells: MAX_CELLS };
  const sheets = workbook.SheetNames.map((name, i): SheetSnapshot => {
    const hidden = workbook.Workbook?.Sheets?.[i]?.Hidden ?? 0;
    const sheet = workbook.Sheets[name];
    return readSheet(sheet, name, hidden === 1 ? 'hidden' : hidden === 2 ? 'veryHidden' : 'visible', budget, fileName);
  });
  return { fileName, format, reader: 'sheetjs', sheets, styles: [{ ...DEFAULT_PREVIEW_STYLE }], warnings: [] };
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
