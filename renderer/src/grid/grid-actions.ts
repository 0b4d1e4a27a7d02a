import { aggregateOverTime, formatDecimal } from '../../../shared/stats/index.js';
import { type GridEdit, type GridModel, type GridRange } from './grid-model.js';

/**
 * The grid's Excel/WPS habits as plain functions over the GridModel (no Handsontable), so they
 * are tested without a browser: paste placement, 向下填充, 查找, the status bar's 求和/平均/计数.
 */

/**
 * Places a pasted block with its top-left corner at (`row`, `col`). Values that fall beyond the
 * table's last row or column are not placed; `outside` counts the non-blank ones so the clerk
 * can be asked before they are dropped.
 */
export function placeBlock(block: readonly (readonly string[])[], row: number, col: number, model: GridModel): { edits: GridEdit[]; outside: number } {
  const edits: GridEdit[] = [];
  let outside = 0;
  block.forEach((cells, r) =>
    cells.forEach((text, c) => {
      const at = { row: row + r, col: col + c };
      if (at.row < model.rows.length && at.col < model.columns.length) edits.push({ ...at, text });
      else if (text.trim() !== '') outside += 1;
    }),
  );
  return { edits, outside };
}

/** The text a cell hands on when copied down: its exact value when it has one, else what it shows. */
function sourceText(model: GridModel, row: number, col: number): string {
  const cell = model.rows[row]?.[col];
  if (!cell) return '';
  return cell.value ?? cell.text;
}

/**
 * 向下填充 (Ctrl+D) as in Excel/WPS: each column of the range takes the value of its top cell;
 * a one-row range takes the values of the row above. Cells that cannot be typed into are left
 * to the caller (the edit pipeline skips and counts them).
 */
export function fillDownEdits(model: GridModel, range: GridRange): GridEdit[] {
  const sourceRow = range.bottom > range.top ? range.top : range.top - 1;
  if (sourceRow < 0) return [];
  const edits: GridEdit[] = [];
  for (let col = range.left; col <= range.right; col++) {
    const text = sourceText(model, sourceRow, col);
    for (let row = sourceRow + 1; row <= range.bottom; row++) {
      if (model.rows[row]?.[col]?.editable) edits.push({ row, col, text });
    }
  }
  return edits;
}

/** Edits that empty every editable cell of the ranges (清除). */
export function clearEdits(model: GridModel, ranges: readonly GridRange[]): GridEdit[] {
  const edits: GridEdit[] = [];
  for (const range of ranges) {
    for (let row = range.top; row <= range.bottom; row++) {
      for (let col = range.left; col <= range.right; col++) {
        const cell = model.rows[row]?.[col];
        if (cell?.editable && cell.text !== '') edits.push({ row, col, text: '' });
      }
    }
  }
  return edits;
}

/**
 * The next row after `after` (wrapping round) whose name or code contains `query`, ignoring case
 * and spaces; the label columns are those that are not numeric. Null when no row matches.
 */
export function findRow(model: GridModel, query: string, after: number): number | null {
  const needle = query.replace(/\s+/g, '').toLowerCase();
  if (needle === '') return null;
  const labelCols = model.columns.flatMap((c, i) => (c.numeric || c.title === '备注' ? [] : [i]));
  const count = model.rows.length;
  for (let step = 1; step <= count; step++) {
    const row = (((after + step) % count) + count) % count;
    const cells = model.rows[row] ?? [];
    if (labelCols.some((i) => (cells[i]?.text ?? '').replace(/\s+/g, '').toLowerCase().includes(needle))) return row;
  }
  return null;
}

/** What the status bar shows for a selection: figures formatted as the grid shows them. */
export interface SelectionStats {
  /** Cells of the selection that hold a figure. */
  count: number;
  sum: string;
  average: string;
  /** The figures' unit when they all share one (万元, %), else ''. */
  unit: string;
}

/**
 * 求和 / 平均 / 计数 of the selected figures, exact (decimal strings added by the stats library,
 * never floats), shown with the most decimal places among them. Null when the selection holds
 * fewer than two figures (a single figure is already on screen), as in WPS.
 */
export function selectionStats(model: GridModel, ranges: readonly GridRange[]): SelectionStats | null {
  const values: string[] = [];
  const units = new Set<string>();
  let decimals = 0;
  const seen = new Set<number>();
  const width = model.columns.length;
  for (const range of ranges) {
    for (let row = Math.max(0, range.top); row <= range.bottom; row++) {
      for (let col = Math.max(0, range.left); col <= range.right; col++) {
        // Overlapping ranges (Ctrl+click) count a cell once.
        const key = row * width + col;
        if (seen.has(key)) continue;
        seen.add(key);
        const cell = model.rows[row]?.[col];
        if (!cell?.value || !model.columns[col]?.numeric) continue;
        values.push(cell.value);
        units.add(cell.unit ?? '');
        decimals = Math.max(decimals, cell.decimals ?? 0);
      }
    }
  }
  if (values.length < 2) return null;
  const unit = units.size === 1 ? ([...units][0] ?? '') : '';
  return {
    count: values.length,
    sum: formatDecimal(aggregateOverTime(values, 'sum'), decimals, { thousands: true }),
    average: formatDecimal(aggregateOverTime(values, 'average'), decimals + 1, { thousands: true }),
    unit,
  };
}

/** Today as a clerk writes it in a 备注 (Ctrl+;): 2024-03-05. */
export function todayText(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
