/**
 * View models of the entry grid, computed by the services and painted by the renderer.
 * Amounts are exact decimal strings in the indicator's unit, never JS numbers.
 */

/** Figures a clerk can type; the others (同比, 完成进度) are computed. */
export type StoredField = 'month' | 'cumulative' | 'prior_cumulative' | 'target' | 'note';

/** How messages and headers name each typed figure. */
export const STORED_FIELD_LABELS: Readonly<Record<StoredField, string>> = {
  month: '本月',
  cumulative: '累计',
  prior_cumulative: '上年同期累计',
  target: '年度目标',
  note: '备注',
};

/** Every column of the form view that carries a figure. */
export type FormColumn = StoredField | 'growth' | 'completion';

/**
 * How a cell's value came about: typed by the clerk, derived from other stored
 * figures (累计 from 本月, 上年同期 from last year's figures), or computed (同比, 完成进度).
 */
export type CellOrigin = 'typed' | 'derived' | 'computed' | 'empty';

export interface CellView {
  /** Exact decimal string (or note text); null when empty. */
  value: string | null;
  /** What the grid shows, already rounded to the indicator's decimals. */
  display: string;
  origin: CellOrigin;
  editable: boolean;
  /** A Chinese remark shown on the cell (e.g. why 同比 is not computed). */
  remark?: string;
}

export interface FormViewRow {
  itemId: number;
  type: 'section' | 'indicator';
  title: string;
  indicatorId: number | null;
  code: string;
  unit: string;
  depth: number;
  decimals: number;
  cells: Partial<Record<FormColumn, CellView>>;
}

export interface FormView {
  formId: number;
  unitId: number;
  /** `YYYY-MM`. */
  period: string;
  /** e.g. "1-11月". */
  cumulativeLabel: string;
  /** False when the month has no return of its own (January of a form that starts at 1-2月). */
  periodOpen: boolean;
  periodMessage: string | null;
  rows: FormViewRow[];
}

export interface YearViewRow {
  itemId: number;
  type: 'section' | 'indicator';
  title: string;
  indicatorId: number | null;
  code: string;
  unit: string;
  depth: number;
  /** Index 0 = 1月 … 11 = 12月. */
  months: CellView[];
}

export interface YearView {
  formId: number;
  unitId: number;
  year: number;
  mode: 'month' | 'cumulative';
  rows: YearViewRow[];
}
