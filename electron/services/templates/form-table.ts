import { type CellView, type FormColumn, type FormView } from '../../../shared/domain/grid.js';
import { type ShownFigure } from '../../../shared/domain/paper.js';
import { periodWords } from '../../../shared/stats/index.js';

// One definition for the host and the page (the print view renders it too).
export type { ShownFigure } from '../../../shared/domain/paper.js';

/** One line of the form table: a section title, or an indicator with one figure per view column. */
export type FormTableRow =
  | { kind: 'section'; title: string }
  | {
      kind: 'indicator';
      title: string;
      /** Nesting of 其中 items (0 for a top-level indicator). */
      depth: number;
      code: string;
      /** The unit the figures are shown in. */
      unit: string;
      /** One per `FormTable.columns`, in order. */
      figures: ShownFigure[];
      /** When 本月 and 累计 are both typed and disagree: the three figures, in Chinese. */
      mismatch?: string;
    };

/** The form view laid out as every plain output shows it. */
export interface FormTable {
  /** The form's name. */
  title: string;
  /** The unit and period line, e.g. "填报单位：本园区\u3000\u3000期别：2023年11月（1-11月）". */
  subtitle: string;
  /** The parts of the lines above and below the table on paper: "填报单位：本园区", "期别：2023年11月（1-11月）", "计量单位：万元". */
  reportingUnit: string;
  period: string;
  measureUnit: string;
  /** 指标名称 · 代码 · 计量单位, then the view's figure columns. */
  header: string[];
  /** The view's figure columns (keys), in the order of `header` after the leading three. */
  columns: FormColumn[];
  rows: FormTableRow[];
  /** Lines under the table: why the period has no return (if so), the view's notes, then one 核对提示 per mismatched row. */
  foot: string[];
}

/** Headers of the columns before the figures, as the grid heads them. */
export const LEADING_HEADERS: readonly string[] = ['指标名称', '代码', '计量单位'];

/** Chinese documents separate and indent with the full-width space U+3000. */
const IDEOGRAPHIC_SPACE = '\u3000';

/** Columns that hold words even when a clerk types digits into them. */
const TEXT_COLUMNS: ReadonlySet<FormColumn> = new Set<FormColumn>(['note', 'projectionMethod']);

/** A display that is a plain figure: digits with optional sign, grouping commas and decimals. */
const PLAIN_FIGURE = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Reads a cell of the form view as an output shows it: a plain figure becomes a number (its
 * grouping commas stripped, so "1,234.50" is `1234.50` at 2 decimals), anything else is text.
 * The figure is taken from `display`, so a 舍位平衡-adjusted display wins over the exact value.
 */
export function shownFigure(column: FormColumn, cell: CellView | undefined): ShownFigure {
  if (cell === undefined || cell.display === '') return { kind: 'empty' };
  const match = TEXT_COLUMNS.has(column) ? null : PLAIN_FIGURE.exec(cell.display);
  if (match === null) return { kind: 'text', display: cell.display };
  return { kind: 'number', display: cell.display, value: cell.display.replace(/,/g, ''), decimals: match[1]?.length ?? 0, grouped: cell.display.includes(',') };
}

/**
 * The number format that shows a figure exactly as the grid does: `#,##0.0` for a grouped
 * display with one decimal, `0.0` for a rate, `#,##0` for a grouped integer.
 */
export function numberFormatOf(figure: Extract<ShownFigure, { kind: 'number' }>): string {
  const integer = figure.grouped ? '#,##0' : '0';
  return figure.decimals === 0 ? integer : `${integer}.${'0'.repeat(figure.decimals)}`;
}

/**
 * The text of a figure in a text output: the grid's display, or without grouping commas for a
 * CSV (readers would split or misread "1,234.5").
 */
export function figureText(figure: ShownFigure, grouping: boolean): string {
  if (figure.kind === 'empty') return '';
  if (figure.kind === 'text') return figure.display;
  return grouping ? figure.display : figure.value;
}

/**
 * Lays out the form view of `unitName` (the view's period, `YYYY-MM`) as the plain exports and
 * the CLI show it: title, subtitle, header from `view.columns`, one row per item and the foot
 * lines (the view's period message and notes, and a 核对提示 per row whose 本月 and 累计 disagree).
 */
export function formTable(view: FormView, formName: string, unitName: string): FormTable {
  const columns = view.columns.map((c) => c.key);
  const rows = view.rows.map((row): FormTableRow => {
    if (row.type === 'section') return { kind: 'section', title: row.title };
    const line: FormTableRow = {
      kind: 'indicator',
      title: row.title,
      depth: row.depth,
      code: row.code,
      unit: row.unit,
      figures: columns.map((key) => shownFigure(key, row.cells[key])),
    };
    if (row.mismatch !== undefined) line.mismatch = row.mismatch;
    return line;
  });
  const units = [...new Set(rows.flatMap((row) => (row.kind === 'indicator' && row.unit !== '' ? [row.unit] : [])))];
  const reportingUnit = `填报单位：${unitName}`;
  const period = `期别：${periodWords(view.period)}（${view.cumulativeLabel}）`;
  const mismatches = rows.flatMap((row) => (row.kind === 'indicator' && row.mismatch !== undefined ? [`核对提示：${row.title}：${row.mismatch}`] : []));
  return {
    title: formName,
    subtitle: `${reportingUnit}${IDEOGRAPHIC_SPACE.repeat(2)}${period}`,
    reportingUnit,
    period,
    // One unit for the whole table is named; mixed units are shown per row.
    measureUnit: `计量单位：${units.length === 1 ? units[0] : '见各行“计量单位”栏'}`,
    header: [...LEADING_HEADERS, ...view.columns.map((c) => c.title)],
    columns,
    rows,
    foot: [...(view.periodMessage === null ? [] : [view.periodMessage]), ...view.notes, ...mismatches],
  };
}

export { SIGNATURE_LINE } from '../../../shared/domain/paper.js';

/** The 其中 label of an item nested `depth` deep, without the indentation: "其中：工业投资". */
export function itemLabel(title: string, depth: number): string {
  return `${depth > 0 ? '其中：' : ''}${title}`;
}

/** The label of an indicator row in a text output: indented with U+3000 and "其中：" for 其中 items. */
export function rowLabel(row: Extract<FormTableRow, { kind: 'indicator' }>): string {
  return `${IDEOGRAPHIC_SPACE.repeat(row.depth)}${itemLabel(row.title, row.depth)}`;
}

/**
 * The table as lines of text cells (title, subtitle, header, rows, a blank line and the foot),
 * for the CSV (`grouping: false`) and the CLI (`grouping: true`, as the grid shows figures).
 */
export function formTableLines(table: FormTable, grouping: boolean): string[][] {
  const lines: string[][] = [[table.title], [table.subtitle], table.header];
  for (const row of table.rows) {
    lines.push(row.kind === 'section' ? [row.title] : [rowLabel(row), row.code, row.unit, ...row.figures.map((f) => figureText(f, grouping))]);
  }
  if (table.foot.length > 0) lines.push([], ...table.foot.map((line) => [line]));
  return lines;
}
