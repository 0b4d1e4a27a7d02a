/** Excel's sheet limits: 1,048,576 rows × 16,384 columns (XFD). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** A 0-based cell position. */
export interface CellPosition {
  row: number;
  col: number;
}

/** A rectangular 0-based range, inclusive on both ends. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Column letters of a 0-based column index: 0 → "A", 27 → "AB". */
export function columnName(col: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** "B5" of a 0-based position. */
export function cellAddress(pos: CellPosition): string {
  return `${columnName(pos.col)}${pos.row + 1}`;
}

/**
 * Parses "B5" or "$B$5" into a 0-based position. Returns null for anything else, including
 * addresses beyond Excel's limits (a hostile file may claim "A1:ZZZZ99999999").
 */
export function parseCellAddress(address: string): CellPosition | null {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address.trim());
  if (match?.[1] === undefined || match[2] === undefined) return null;
  let col = 0;
  for (const ch of match[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(match[2]);
  if (row < 1 || row > MAX_ROWS || col > MAX_COLS) return null;
  return { row: row - 1, col: col - 1 };
}

/** Parses "A1:C3" (or a single "B2") into a range; null when malformed or out of limits. */
export function parseRange(ref: string): CellRange | null {
  const [first, second = first] = ref.split(':');
  if (first === undefined || second === undefined) return null;
  const a = parseCellAddress(first);
  const b = parseCellAddress(second);
  if (a === null || b === null) return null;
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}
