import { basename } from 'node:path';
import { UserFacingError } from '../user-facing-error.js';
import { readWorkbookFile } from './read-workbook.js';
import { type SheetSnapshot } from './workbook-snapshot.js';

/** A sheet's cells as a grid of text (numbers as the file writes them, booleans as 是/否, errors empty). */
export function sheetText(sheet: SheetSnapshot): string[][] {
  const grid = Array.from({ length: sheet.rowCount }, () => Array<string>(sheet.colCount).fill(''));
  for (const cell of sheet.cells) {
    const row = grid[cell.row];
    if (!row || cell.value === null) continue;
    row[cell.col] = cell.value.type === 'boolean' ? (cell.value.value ? '是' : '否') : cell.value.type === 'error' ? '' : cell.value.value;
  }
  return grid;
}

/**
 * The first visible sheet of a list kept in Excel/WPS (.xlsx, .xls, .et) as text, for the ledgers'
 * imports. @throws UserFacingError for a missing, unreadable or hostile file, or one without a visible sheet.
 */
export async function readFirstSheetText(path: string): Promise<{ fileName: string; sheet: string; rows: string[][] }> {
  const snapshot = await readWorkbookFile(path);
  const sheet = snapshot.sheets.find((s) => s.state === 'visible');
  if (!sheet) throw new UserFacingError(`文件“${basename(path)}”没有可见的工作表。`);
  return { fileName: basename(path), sheet: sheet.name, rows: sheetText(sheet) };
}
