/**
 * What a view hands the grid adapter: plain data, no Handsontable types, so
 * views stay independent of the grid library.
 */

export type GridCellStyle = 'label' | 'code' | 'section' | 'typed' | 'derived' | 'computed' | 'empty' | 'note';

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
  /** Tooltip: why a figure is derived or not computed. */
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
