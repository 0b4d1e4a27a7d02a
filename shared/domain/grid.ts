/**
 * View models of the entry grid, computed by the services and painted by the renderer.
 * Amounts are exact decimal strings, never JS numbers.
 */

/**
 * Figures a clerk can type. 本月 and 累计 are both typeable (whichever is not typed is derived);
 * `comparable_base` is the 可比口径 上年同期; `growth` is a 同比 supplied by the bureau for an
 * indicator whose growth basis is 可比价. The others (完成进度, analysis columns) are computed.
 */
export type StoredField = 'month' | 'cumulative' | 'prior_cumulative' | 'comparable_base' | 'growth' | 'target' | 'note';

/** How messages and headers name each typed figure. */
export const STORED_FIELD_LABELS: Readonly<Record<StoredField, string>> = {
  month: '本月',
  cumulative: '累计',
  prior_cumulative: '上年同期累计',
  comparable_base: '可比口径上年同期',
  growth: '同比',
  target: '年度目标',
  note: '备注',
};

/**
 * Optional analysis columns of a form (switched on per form, saved with it):
 * 占比 (of the parent), 拉动 (百分点, to the parent's growth), 两年平均增长, 环比, 上月累计,
 * 时间进度 (with 超/慢于时间进度), 预计全年 (with its method).
 */
export type AnalysisColumn = 'share' | 'contribution' | 'twoYearAverage' | 'monthOnMonth' | 'previousCumulative' | 'timeProgress' | 'projection';

/** Every analysis column, in the order the form shows them. */
export const ANALYSIS_COLUMNS: readonly AnalysisColumn[] = ['previousCumulative', 'monthOnMonth', 'share', 'contribution', 'twoYearAverage', 'timeProgress', 'projection'];

/** Every column of the form view that carries a figure. */
export type FormColumn =
  | StoredField
  | 'completion'
  | 'share'
  | 'contribution'
  | 'twoYearAverage'
  | 'monthOnMonth'
  | 'previousCumulative'
  | 'timeProgress'
  | 'progressGap'
  | 'projection'
  | 'projectionMethod';

/**
 * How a cell's value came about:
 * - `typed`: as the clerk typed (or imported) it;
 * - `derived`: from other stored figures (累计 from 本月 and 上月止累计, 上年同期 from last year's figures);
 * - `comparable`: the typed comparable base (可比口径), which growth uses when present;
 * - `computed`: a rate or analysis figure (同比, 完成进度, 占比 …);
 * - `missing`: depends on a month without data, so blank and marked (缺2月数据);
 * - `mismatch`: typed, but 上月止累计 + 本月 ≠ 累计 on this row (both typed figures are kept);
 * - `empty`: nothing to show.
 */
export type FigureState = 'typed' | 'derived' | 'comparable' | 'computed' | 'missing' | 'mismatch' | 'empty';

export interface CellView {
  /** Exact decimal string in the unit the form shows (or note text); null when empty. */
  value: string | null;
  /** What the grid and every export show, already rounded (and 舍位平衡-adjusted when on). */
  display: string;
  state: FigureState;
  editable: boolean;
  /** Decimal places of `display`, for number formats in exports. */
  decimals?: number;
  /** A Chinese remark shown on the cell (why it is derived, missing, mismatched …). */
  remark?: string;
}

export interface FormViewRow {
  itemId: number;
  type: 'section' | 'indicator';
  title: string;
  indicatorId: number | null;
  code: string;
  /** The unit the row's amounts are shown in (the form's display unit when it applies). */
  unit: string;
  /** The unit the indicator is stored in; typed figures are converted from `unit` to this. */
  storedUnit: string;
  depth: number;
  decimals: number;
  kind: 'flow' | 'stock' | 'ratio' | null;
  cells: Partial<Record<FormColumn, CellView>>;
  /** When 本月 and 累计 are both typed and disagree: the three figures, in Chinese. */
  mismatch?: string;
}

/** A column of the form view, as the grid and every export head it. */
export interface FormViewColumn {
  key: FormColumn;
  title: string;
  /** True for rates and analysis figures the clerk never types. */
  computed: boolean;
}

export interface FormView {
  formId: number;
  unitId: number;
  /** `YYYY-MM`. */
  period: string;
  /** e.g. "1-11月". */
  cumulativeLabel: string;
  /** 本月 column title: "本月", or "1-2月" for the merged first return. */
  monthLabel: string;
  /** False when the month has no return of its own (January of a form that starts at 1-2月). */
  periodOpen: boolean;
  periodMessage: string | null;
  /** The figure columns, in order (after 指标名称 · 代码 · 计量单位). */
  columns: FormViewColumn[];
  /** Notes for the foot of the table and exports (e.g. 舍位平衡). */
  notes: string[];
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
