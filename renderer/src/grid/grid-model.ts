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
}

export interface GridModel {
  columns: GridColumnSpec[];
  rows: GridCellSpec[][];
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
  undo(): void;
  redo(): void;
}
