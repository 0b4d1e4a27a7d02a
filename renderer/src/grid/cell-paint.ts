import { type GridCellSpec, type GridModel } from './grid-model.js';

/** Styles of text cells (names, codes, section titles): they may wrap, figure cells never do. */
const TEXT_STYLES: ReadonlySet<GridCellSpec['style']> = new Set(['label', 'code', 'section']);

/**
 * The classes of a painted cell (app.css draws them): its style, `sb-fig` for figure cells,
 * `sb-readonly` for cells the clerk cannot type into (grey), `sb-marked` for the red or amber
 * corner marker of missing, mismatched and comparable figures, `sb-neg` for a negative figure
 * (red when the clerk switched 负数显示为红色 on).
 */
export function cellClassName(cell: GridCellSpec, numeric: boolean): string {
  let classes = `sb-${cell.style}`;
  if (!TEXT_STYLES.has(cell.style)) classes += ' sb-fig';
  if (numeric && cell.style !== 'section') classes += ' htRight';
  if (cell.indent) classes += ` sb-indent-${Math.min(cell.indent, 4)}`;
  if (!cell.editable) classes += ' sb-readonly';
  if (cell.style === 'missing' || cell.style === 'mismatch' || cell.style === 'comparable') classes += ' sb-marked';
  if (cell.finding) classes += ` sb-finding-${cell.finding}`;
  if (numeric && cell.text.startsWith('-')) classes += ' sb-neg';
  return classes;
}

/** The tooltip of a cell: its remark, or a note's whole text (a note is kept on one line). */
export function cellTitle(cell: GridCellSpec): string {
  return cell.remark ?? (cell.style === 'note' ? cell.text : '');
}

/** Whether two cells look the same: the same text, classes and tooltip. */
function samePaint(a: GridCellSpec, b: GridCellSpec): boolean {
  return a.text === b.text && a.style === b.style && a.editable === b.editable && a.indent === b.indent && a.finding === b.finding && a.remark === b.remark;
}

/** A cell whose look differs between two models of the same shape. */
export interface ChangedCell {
  row: number;
  col: number;
  /** Its text changed in a name, code or section cell, which may wrap: the row's height may change. */
  reflows: boolean;
}

/**
 * The cells painted differently in `next` than in `prev` (text, classes or tooltip), or null when
 * the two are not the same table (another form, other rows or columns): then everything repaints.
 * After a save this is the saved cell and whatever follows from it — 累计, 同比, 完成进度, 占比 of
 * the rows under a parent, a 比率 row, 舍位平衡 of the parts — found by comparing, not predicted.
 */
export function changedCells(prev: GridModel, next: GridModel): ChangedCell[] | null {
  if (prev.key !== next.key || prev.rows.length !== next.rows.length || prev.columns.length !== next.columns.length) return null;
  if (prev.columns.some((c, i) => c.title !== next.columns[i]?.title || c.numeric !== next.columns[i]?.numeric)) return null;
  const changed: ChangedCell[] = [];
  for (let row = 0; row < next.rows.length; row++) {
    const before = prev.rows[row] ?? [];
    const after = next.rows[row] ?? [];
    if (before.length !== after.length) return null;
    for (let col = 0; col < after.length; col++) {
      const a = before[col];
      const b = after[col];
      if (!a || !b || samePaint(a, b)) continue;
      const text = TEXT_STYLES.has(a.style) || TEXT_STYLES.has(b.style);
      changed.push({ row, col, reflows: text && (a.text !== b.text || a.indent !== b.indent || a.style !== b.style) });
    }
  }
  return changed;
}
