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
}

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
}

/** A reporting unit (填报单位) in the 县 → 园区/乡镇 hierarchy. */
export interface ReportingUnit {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
}
