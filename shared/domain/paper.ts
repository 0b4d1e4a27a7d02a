import { type DecimalString } from '../stats/index.js';

/**
 * What one figure cell of the form view becomes in a file or on a terminal. Every output (CSV,
 * .xlsx, CLI) renders the model's `display` string and nothing else:
 * - `number`: the display is a plain figure ("863,300.0", "-3.2"); `value` is that figure as an
 *   exact decimal string without grouping commas — the rounded, 舍位平衡-adjusted figure the grid
 *   shows, never the unrounded `CellView.value`;
 * - `text`: a word or phrase ("扭亏为盈", "+4.8个百分点", "—", 推算方法, 备注);
 * - `empty`: nothing shown.
 */
export type ShownFigure =
  | { kind: 'empty' }
  | { kind: 'text'; display: string }
  | {
      kind: 'number';
      display: string;
      value: DecimalString;
      /** Decimal places of the display. */
      decimals: number;
      /** True when the display groups thousands ("863,300.0"). */
      grouped: boolean;
    };

/** One line of a table on paper: a section title across the table, or one cell per column. */
export type PaperRow =
  | { kind: 'section'; title: string }
  | {
      kind: 'line';
      /** One per header column; the first is the row's label. */
      cells: ShownFigure[];
      /** Indentation of the label (其中 items). */
      depth: number;
      /** Shown in red (e.g. 本月 and 累计 disagree). */
      alert: boolean;
    };

/** A table laid out for submission on paper (see {@link paperSheetXlsx}). */
export interface PaperTable {
  title: string;
  /** The line between title and table: 填报单位, 期别, 计量单位 (left, centre, right). */
  info: [string, string, string];
  header: string[];
  /** How each column's words are aligned (figures are always right-aligned). */
  align: Array<'left' | 'center' | 'right'>;
  /** Columns kept on screen while scrolling right (the label, and 代码/单位 if any). */
  frozenColumns: number;
  rows: PaperRow[];
  /** Lines under the table (notes, 核对提示); the signature line follows them. */
  foot: string[];
}

/**
 * The signature line under a submitted table, as the statistical report system prints it; the
 * blanks are filled in by hand on paper.
 */
export const SIGNATURE_LINE = ['单位负责人：', '统计负责人：', '制表人：', '报出日期：\u3000\u3000年\u3000\u3000月\u3000\u3000日'].join('\u3000'.repeat(6));
