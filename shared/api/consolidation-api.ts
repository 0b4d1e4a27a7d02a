import { z } from 'zod';
import { type CellView, type FormView } from '../domain/grid.js';
import { type ExportResult } from './template-api.js';
import { channel } from './channel.js';
import { idSchema, periodSchema, yearSchema } from './schemas.js';

/** Who a 汇总 covers, said in Chinese under the table. */
export interface ConsolidationScopeInfo {
  /** The units whose own figures make up the total (the leaves under the node in the period). */
  unitIds: number[];
  /** Units that joined this year: whether their last-year figures exist and so count in 上年同期. */
  joinedThisYear: Array<{ unitId: number; name: string; joinedPeriod: string; inLastYearBase: boolean }>;
}

/** The consolidated form view of a node: the form view model of its 汇总, read-only. */
export interface ConsolidatedFormView extends FormView {
  scope: ConsolidationScopeInfo;
}

/** The figures the comparison view can show per indicator. */
export const COMPARISON_FIGURES = ['month', 'cumulative', 'growth', 'share', 'target', 'completion', 'progressGap', 'rank'] as const;
export type ComparisonFigure = (typeof COMPARISON_FIGURES)[number];

/** Column titles of the comparison figures (本月/累计 are retitled per period). */
export const COMPARISON_FIGURE_LABELS: Readonly<Record<ComparisonFigure, string>> = {
  month: '本月',
  cumulative: '累计',
  growth: '同比(%)',
  share: '占全县比重(%)',
  target: '年度目标',
  completion: '完成率(%)',
  progressGap: '与时间进度比',
  rank: '排名',
};

/** One indicator's figures in one row of the comparison view. */
export interface ComparisonCells {
  month: CellView;
  cumulative: CellView;
  growth: CellView;
  /** Share of the row's period figure in the 合计 (占全县比重), %. */
  share: CellView;
  target: CellView;
  completion: CellView;
  /** 完成率 − 时间进度, in 百分点 ("超时间进度3.2个百分点"). */
  progressGap: CellView;
  /** Rank of the period figure among the unit's siblings (1 = largest); null when it has none. */
  rank: number | null;
}

/** A row of the comparison view: one unit, its own figures (a leaf) or its 汇总 (a node with units under it). */
export interface ComparisonRow {
  unitId: number;
  code: string;
  name: string;
  parentId: number | null;
  /** 0 for the units directly under the chosen node. */
  depth: number;
  /** True when the row is the 汇总 of units under it. */
  consolidated: boolean;
  /** Number of sibling rows ranked with it. */
  siblings: number;
  cells: Record<number, ComparisonCells>;
}

/** An indicator column group of the comparison view. */
export interface ComparisonIndicator {
  indicatorId: number;
  code: string;
  name: string;
  unit: string;
  kind: 'flow' | 'stock' | 'ratio';
  decimals: number;
}

/** The unit comparison view (单位对比): units × chosen indicators, with the 合计 (the node's 汇总). */
export interface ComparisonView {
  formId: number;
  unitId: number;
  /** `YYYY-MM`. */
  period: string;
  monthLabel: string;
  cumulativeLabel: string;
  /** 时间进度 of the period, % (N/12). */
  timeProgress: string;
  indicators: ComparisonIndicator[];
  rows: ComparisonRow[];
  /** The 合计 row: the chosen node's 汇总. */
  total: ComparisonRow;
  notes: string[];
}

/** One 年度目标 of a unit typed or pasted in the comparison view; `value` a decimal string, null to clear. */
export const targetChangeSchema = z.object({ unitId: idSchema, indicatorId: idSchema, value: z.string().max(100).nullable() });

/** 汇总 (consolidation) of reporting units, the unit comparison view (单位对比) and targets across units. */
export const consolidationApi = {
  /**
   * The form view of a unit's 汇总 for `YYYY-MM`: the units under it summed by each indicator's
   * rule (flows and stocks summed, ratios recomputed from their components), 上年同期 on the same
   * scope. Read-only. Refused for an unknown or retired unit, or a malformed period.
   */
  'consolidation:formView': channel<ConsolidatedFormView>()(z.object({ formId: idSchema, unitId: idSchema, period: periodSchema })),
  /**
   * The comparison of the units under `unitId` for `YYYY-MM`, for the indicators chosen (the
   * form's first ones when absent): 本月, 累计, 同比, 占全县比重, 目标, 完成率, 与时间进度比, 排名, and a 合计 row.
   */
  'consolidation:compare': channel<ComparisonView>()(
    z.object({ formId: idSchema, unitId: idSchema, period: periodSchema, indicatorIds: z.array(idSchema).max(40).optional() }),
  ),
  /**
   * Exports the comparison view as shown (合计 first; the chosen figures per indicator) to .xlsx or
   * CSV; `outputPath` absolute or relative to the data folder; an existing file is never replaced.
   */
  'consolidation:export': channel<ExportResult>()(
    z.object({
      formId: idSchema,
      unitId: idSchema,
      period: periodSchema,
      indicatorIds: z.array(idSchema).max(40).optional(),
      figures: z.array(z.enum(COMPARISON_FIGURES)).min(1),
      format: z.enum(['xlsx', 'csv']),
      encoding: z.enum(['utf-8-bom', 'gbk']).default('utf-8-bom'),
      outputPath: z.string().trim().min(1, '请填写文件名').max(1024),
    }),
  ),
  /**
   * Saves 年度目标 of several units × indicators for `year` as one undo step (typed or pasted in the
   * comparison view); all or nothing, a bad value refused in Chinese naming the cell.
   * Answers with how many stored targets changed.
   */
  'targets:set': channel<{ written: number }>()(
    z.object({ year: yearSchema, changes: z.array(targetChangeSchema).min(1).max(10_000), source: z.enum(['edit', 'paste', 'clear']) }),
  ),
};
