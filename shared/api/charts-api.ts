import { z } from 'zod';
import { type IndicatorKind } from '../domain/catalog.js';
import { channel } from './channel.js';
import { type ExportResult } from './template-api.js';
import { idSchema, periodSchema } from './schemas.js';

/**
 * One point of a chart series, taken from a cell of the form view model: `value` is the exact
 * decimal string in the shown unit (null for a gap — an empty or unknown month is never 0),
 * `display` what the grid shows for it, `remark` why it is missing or derived.
 */
export interface ChartPoint {
  value: string | null;
  display: string;
  remark?: string;
}

/** A 其中 item of an indicator at the chosen period: its figure and its 占比 of the parent. */
export interface CompositionPart {
  indicatorId: number | null;
  name: string;
  value: ChartPoint;
  /** 占比(%) of the parent, one decimal as in the grid. */
  share: ChartPoint;
}

/** Everything the charts and the dashboard show of one indicator for a unit and month. */
export interface IndicatorSeries {
  indicatorId: number;
  code: string;
  name: string;
  /** The unit amounts are shown in (the form's display unit when it has one). */
  unit: string;
  kind: IndicatorKind;
  decimals: number;
  /** 累计 for a flow, 期末值 for a stock, 比率 for a ratio: what `thisYear`/`lastYear` hold. */
  figureLabel: string;
  /** Months 1…N of the chosen year (N = the chosen month): the period figure of each (1-M月累计 for a flow). */
  thisYear: ChartPoint[];
  /** Months 1…12: 上年同期 of each month as the grid shows it (published figure, or last year's own data). */
  lastYear: ChartPoint[];
  /** Months 1…N: 同比 of each month; % for amounts, 百分点 for a 比率. */
  growth: ChartPoint[];
  growthUnit: '%' | '百分点';
  /** The figures at the chosen month, as the grid shows them (for the dashboard cards). */
  current: { value: ChartPoint; growth: ChartPoint; target: ChartPoint; completion: ChartPoint; progressGap: ChartPoint };
  /**
   * The 其中 items at the chosen month. `rest` is the part no 其中 item names (总数 − Σ其中) when
   * the items are a breakdown (their sum does not exceed the total); null otherwise (overlapping
   * items, a missing figure), then only the 占比 bars are meaningful, not a pie.
   */
  composition: { parts: CompositionPart[]; rest: ChartPoint | null };
}

/** The series of the chosen indicators of one unit and month (`charts:series`). */
export interface ChartSeries {
  unitId: number;
  unitName: string;
  /** `YYYY-MM`. */
  period: string;
  year: number;
  month: number;
  /** "1-11月" (or 1-2月 for forms that start there). */
  cumulativeLabel: string;
  /** 时间进度 of the month, %, one decimal (N/12). */
  timeProgress: ChartPoint;
  indicators: IndicatorSeries[];
  /** True when the figures are the unit's 汇总 (units in use are under it, as for the 工作总结). */
  consolidated: boolean;
  /** For a 汇总: its scope and the units that joined this year (as under the 汇总 view); else empty. */
  notes: string[];
}

/** The charts the dashboard can show (options built in renderer/src/charts/chart-options.ts). */
export const DASHBOARD_CHART_KINDS = ['cumulative', 'growth', 'composition', 'completion', 'ranking'] as const;
/** One of {@link DASHBOARD_CHART_KINDS}. */
export type DashboardChartKind = (typeof DASHBOARD_CHART_KINDS)[number];
/** The two charts of a workbook that never chose: 本年与上年同期对比 and 目标完成与时间进度. */
export const DEFAULT_DASHBOARD_CHART_KINDS: readonly [DashboardChartKind, DashboardChartKind] = ['cumulative', 'completion'];

/** The dashboard's choices saved with the workbook. */
export interface DashboardSettings {
  /** Indicator codes of the key-indicator cards, in order (empty: the form's first indicators). */
  indicatorCodes: string[];
  /** Indicator code of the two charts (null: the first card's indicator). */
  chartCode: string | null;
  /** The kinds of the two charts, left and right. */
  chartKinds: [DashboardChartKind, DashboardChartKind];
}

const codeSchema = z.string().trim().min(1).max(32);
const chartKindSchema = z.enum(DASHBOARD_CHART_KINDS);

/** Runtime schema of {@link DashboardSettings}; `chartKinds` may be left out (settings saved before it existed). */
export const dashboardSettingsSchema = z.object({
  indicatorCodes: z.array(codeSchema).max(12, '看板最多显示 12 个指标'),
  chartCode: codeSchema.nullable(),
  chartKinds: z.tuple([chartKindSchema, chartKindSchema]).optional(),
});

/** Charts of a unit's figures and the dashboard (数据看板). */
export const chartsApi = {
  /**
   * Series of the chosen indicators (by id, in the order given; default: every indicator of
   * `formId`, else of the first form) for one unit and `YYYY-MM`, read from the form view model:
   * this year's and last year's figure by month, 同比 by month, 其中 composition, target completion.
   * Errors: unknown unit, form or indicator.
   */
  'charts:series': channel<ChartSeries>()(
    z.object({ unitId: idSchema, period: periodSchema, formId: idSchema.optional(), indicatorIds: z.array(idSchema).max(40).optional() }),
  ),
  /** The dashboard choices saved with the workbook (empty choices when never saved). */
  'charts:dashboardSettings': channel<DashboardSettings>()(z.undefined()),
  /** Saves the dashboard choices with the workbook. Error: an indicator code the workbook does not have. */
  'charts:saveDashboard': channel<DashboardSettings>()(dashboardSettingsSchema),
  /**
   * Writes a chart picture (a `data:image/png;base64,…` URL from the page) as a .png file;
   * `outputPath` is absolute or relative to the data folder, and an existing file is never replaced.
   */
  'charts:savePng': channel<ExportResult>()(
    z.object({
      dataUrl: z.string().startsWith('data:image/png;base64,', '不是 PNG 图片').max(40_000_000, '图片过大，无法保存'),
      outputPath: z.string().min(1).max(1024),
    }),
  ),
};
