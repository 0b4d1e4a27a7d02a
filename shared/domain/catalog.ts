/**
 * Catalog (指标体系) domain types shared by the services, the renderer and the contract.
 */

/** 流量 (summed over months) · 存量 (taken at period end) · 比率 (recomputed from components). */
export type IndicatorKind = 'flow' | 'stock' | 'ratio';

/** What the clerk types for a flow indicator: 本月 (month) or 1-N月累计 (cumulative). */
export type EntryBasis = 'month' | 'cumulative';

/** Whether 同比 is nominal or at comparable prices/scope (可比口径). */
export type GrowthBasis = 'nominal' | 'comparable';

/** One indicator of the catalog. Values of it are stored in `unit`, with `decimals` shown. */
export interface Indicator {
  id: number;
  code: string;
  name: string;
  /** 计量单位, e.g. 万元, 亿元, 家, 个, %, 人次. */
  unit: string;
  /** Decimals shown and exported (0–6). */
  decimals: number;
  kind: IndicatorKind;
  entryBasis: EntryBasis;
  /** Parent for 其中 items; null for top-level indicators. */
  parentId: number | null;
  growthBasis: GrowthBasis;
  /** For a 比率 defined by two indicators (整改率 = 已整改数 / 隐患数 × 100): recomputed, never averaged. */
  numeratorId: number | null;
  denominatorId: number | null;
  /** How 预计全年 is made for this indicator. */
  projectionMethod: ProjectionMethodName;
  /** 2 when this indicator's first return of the year is 1-2月; null to follow the form. */
  firstReturnMonth: 1 | 2 | null;
}

/** 预计全年 methods: 按时间进度 (linear), 按上年同期进度 (seasonal), 按目标 (target). */
export type ProjectionMethodName = 'linear' | 'seasonal' | 'target';

/** Chinese names of the 预计全年 methods, as shown beside the projection. */
export const PROJECTION_METHOD_LABELS: Readonly<Record<ProjectionMethodName, string>> = {
  linear: '按时间进度',
  seasonal: '按上年同期进度',
  target: '按目标',
};

/** A row of a form (表式): either a section title or an indicator, in paper order. */
export type FormItem =
  | { itemId: number; type: 'section'; title: string }
  | { itemId: number; type: 'indicator'; indicator: Indicator; depth: number };

/** A form (表式) such as 园区主要经济指标月报. */
export interface Form {
  id: number;
  code: string;
  name: string;
  /** 1 normally; 2 when the form's first return of the year is the merged 1-2月 return. */
  firstReturnMonth: 1 | 2;
  options: FormOptions;
}

/**
 * Display options of a form, saved with it.
 * - `analysisColumns`: the analysis columns switched on (see `AnalysisColumn` in grid.ts);
 * - `moneyDisplayUnit`: show amounts in this unit (e.g. 亿元) while they are stored in the
 *   indicator's unit (e.g. 万元); only indicators whose unit converts exactly are affected;
 * - `displayDecimals`: decimals of amounts shown in the display unit (default: the indicator's);
 * - `balanceRounding`: 舍位平衡 — adjust rounded 其中 parts that make up their total exactly;
 * - `zeroBase`: base 0 with a positive current shows "—" or "新增".
 */
export interface FormOptions {
  analysisColumns: Array<'share' | 'contribution' | 'twoYearAverage' | 'monthOnMonth' | 'previousCumulative' | 'timeProgress' | 'projection'>;
  moneyDisplayUnit: '元' | '千元' | '万元' | '亿元' | null;
  displayDecimals: number | null;
  balanceRounding: boolean;
  zeroBase: 'dash' | 'new';
}

/** Options of a form that never had any set. */
export const DEFAULT_FORM_OPTIONS: Readonly<FormOptions> = {
  analysisColumns: [],
  moneyDisplayUnit: null,
  displayDecimals: null,
  balanceRounding: false,
  zeroBase: 'dash',
};

/** A reporting unit (填报单位) in the 县 → 园区/乡镇 hierarchy. */
export interface ReportingUnit {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  /** First `YYYY-MM` the unit reports (joined mid-year); null when it has always been there. */
  joinedPeriod: string | null;
  /** First `YYYY-MM` the unit no longer appears in (retired, history kept); null while in use. */
  retiredPeriod: string | null;
}
