import { type CellRange } from './cell-ref.js';
import { type SpreadsheetFormat } from './file-format.js';

/**
 * A cell's value as the file stores it. Numbers stay text ("1234.5", "1.2E-3") exactly as
 * written in the file, so no binary float is introduced by reading; parse them with
 * `normalizeDecimal`/`parseCellNumber`. For a formula cell this is the cached result.
 */
export type CellValue =
  | { type: 'number'; value: string }
  | { type: 'text'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'error'; value: string };

/** One non-empty (value, formula or styled) cell; positions are 0-based. */
export interface SnapshotCell {
  row: number;
  col: number;
  value: CellValue | null;
  /** Formula text without the leading "=", or null. */
  formula: string | null;
  /** Index into {@link WorkbookSnapshot.styles}; 0 is the default style. */
  style: number;
}

/** The look of a cell, reduced to what a read-only preview grid paints. */
export interface PreviewStyle {
  bold: boolean;
  italic: boolean;
  fontSize: number | null;
  /** "#RRGGBB" or null for automatic. */
  fontColor: string | null;
  fillColor: string | null;
  horizontal: string | null;
  vertical: string | null;
  wrap: boolean;
  border: { top: boolean; right: boolean; bottom: boolean; left: boolean };
  /** Excel number format code, e.g. "#,##0.00" or "0.0%"; "General" when none. */
  numberFormat: string;
}

/** One worksheet: cells, merges, column widths (Excel character units) and row heights (points). */
export interface SheetSnapshot {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Extent of the used cells (not the file's own dimension claim, which can lie). */
  rowCount: number;
  colCount: number;
  cells: SnapshotCell[];
  merges: CellRange[];
  columns: Array<{ min: number; max: number; width: number | null; hidden: boolean }>;
  rows: Array<{ row: number; height: number | null; hidden: boolean }>;
}

/** Which reader produced a snapshot: ExcelJS, our own package parser, or SheetJS for .xls/.et. */
export type SnapshotReader = 'exceljs' | 'package' | 'sheetjs';

/** Everything the preview grid and the importer need from a workbook file. */
export interface WorkbookSnapshot {
  fileName: string;
  /** How a template of this file is stored: 'xlsx' is filled as is, the others through a conversion. */
  format: 'xlsx' | 'xls' | 'et';
  /** What the file is, from its bytes (an HTML table named .xls is 'html'). */
  source: SpreadsheetFormat;
  reader: SnapshotReader;
  sheets: SheetSnapshot[];
  styles: PreviewStyle[];
  /** Notes for the log, e.g. "ExcelJS 读取失败，已改用内置解析". */
  warnings: string[];
}

/** The style with nothing set, used for index 0 and for unknown style indexes. */
export const DEFAULT_PREVIEW_STYLE: Readonly<PreviewStyle> = {
  bold: false,
  italic: false,
  fontSize: null,
  fontColor: null,
  fillColor: null,
  horizontal: null,
  vertical: null,
  wrap: false,
  border: { top: false, right: false, bottom: false, left: false },
  numberFormat: 'General',
};
