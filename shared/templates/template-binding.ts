import { type FormColumn } from '../domain/grid.js';

/**
 * Which figure of an indicator a template cell holds: 本月 (month), 1-N月累计 (cumulative),
 * 上年同期 (prior_cumulative), 同比% (growth), 年度目标 (target), 完成进度 (completion), 备注 (note).
 * The same names as the form view's columns.
 */
export type TemplateFigure = Extract<FormColumn, 'month' | 'cumulative' | 'prior_cumulative' | 'growth' | 'target' | 'completion' | 'note'>;

/**
 * One mapped cell of a registered template: the value of `indicatorId`'s `figure` goes into
 * `sheet`!`cell` (A1 address, the top-left cell of a merge), expressed in `unit` (e.g. 万元 when
 * the indicator is stored in 元; null = the indicator's own unit). `periodOffset` shifts the
 * period relative to the exported one in months (0 = same month, −1 = previous month, −12 =
 * same month last year).
 */
export interface TemplateBinding {
  sheet: string;
  cell: string;
  indicatorId: number;
  figure: TemplateFigure;
  unit: string | null;
  periodOffset: number;
}
