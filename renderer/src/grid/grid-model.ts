/**
 * What a view hands the grid adapter: plain data, no Handsontable types, so
 * views stay independent of the grid library.
 */

/**
 * How a cell looks. Figure cells follow the view model's state: `typed` (plain), `derived`
 * (italic), `comparable` (tinted, 可比口径), `computed` (grey, read-only), `missing` (blank with
 * a red corner marker: 缺2月数据), `mismatch` (red marker: 本月 and 累计 disagree).
 */
export type GridCellStyle =
  | 'label'
  | 'code'
  | 'section'
  | 'typed'
  | 'derived'
  | 'comparable'
  | 'computed'
  | 'missing'
  | 'mismatch'
  | 'empty'
  | 'note';

export interface GridColumnSpec {
  title: string;
  width: number;
  numeric: boolean;
}

export interface GridCellSpec {
  text: string;
  editable: boolean;
  style: GridCellStyle;
  /** 其中 depth of an indicator name. */
  indent?: number;
  /** Tooltip: why a figure is derived, missing, mismatched or not computed. */
  remark?: string;
  /** The exact decimal behind a figure (in the unit shown), for the status bar's 求和 and for 向下填充. */
  value?: string | null;
  /** The unit of `value` (万元, %, 个 …): the status bar names it when a selection's units agree. */
  unit?: string;
  /** Decimal places the figure is shown with; the selection's sum is shown with the most of them. */
  decimals?: number;
  /** An audit finding stands on this cell: 强制 (`hard`, red marker) or 提示 (`soft`, orange); its message is in `remark`. */
  finding?: 'hard' | 'soft';
}

export interface GridModel {
  columns: GridColumnSpec[];
  rows: GridCellSpec[][];
  /** Names the layout for remembered column widths and frozen columns (`form:3`, `year:3`). */
  key?: string;
  /** Columns frozen at the left unless the clerk chose otherwise (名称 · 代码 · 计量单位). */
  frozen?: number;
}

/** A rectangle of selected cells, inclusive, in grid coordinates. */
export interface GridRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A cell the clerk typed into or pasted onto, with the raw text. */
export interface GridEdit {
  row: number;
  col: number;
  text: string;
}

export type GridEditSource = 'edit' | 'paste' | 'clear';

export interface StatGridHandlers {
  edit(edits: GridEdit[], source: GridEditSource): void;
  /**
   * A paste from Excel/WPS; `outside` counts the pasted values that fall beyond the last row or
   * column of the table (the view asks before pasting only the part that fits).
   */
  paste?(edits: GridEdit[], outside: number): void;
  undo(): void;
  redo(): void;
  /** The selection changed (for the status bar's 求和 / 平均 / 计数). */
  selection?(ranges: GridRange[]): void;
  /** A message for the status bar (e.g. the clipboard cannot be read). */
  notice?(text: string): void;
  /** 查看历史 (right-click): the selected cell's change history; the item is absent without it. */
  history?(): void;
  /** 填写说明 (right-click): the audit finding of the selected cell; the item is absent without it. */
  explain?(): void;
}

/** What the entry grid component lets its view do (its template ref). */
export interface EntryGridHandle {
  flash(row: number, col: number): void;
  focus(): void;
  release(): void;
  select(row: number, col: number): void;
  selected(): { row: number; col: number } | null;
  ranges(): GridRange[];
  editing(): boolean;
  fillDown(): void;
  freezeThrough(col: number): void;
}
