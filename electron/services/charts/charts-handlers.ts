import { requireSession } from '../context.js';
import { type HandlerMap, mutation } from '../handler-map.js';
import { resolvePath } from '../templates/template-handlers.js';
import { saveChartPng } from './chart-png.js';
import { buildChartSeries } from './chart-series.js';
import { readDashboardSettings, saveDashboardSettings } from './dashboard-settings.js';

/**
 * Handlers of the charts:* channels: chart series read from the form view model (`YYYY-MM`
 * periods, amounts in the form's display unit), the dashboard choices saved per workbook, and
 * chart pictures saved as .png.
 */
export const chartsHandlers = {
  /** Series of a unit's indicators for a month. Errors: unknown unit, form or indicator. */
  'charts:series': (ctx, request) => buildChartSeries(requireSession(ctx).db, request),
  /** The workbook's dashboard choices (none saved: empty). */
  'charts:dashboardSettings': (ctx) => readDashboardSettings(requireSession(ctx).db),
  /** Saves the dashboard choices. Error: an indicator code the workbook does not have. */
  'charts:saveDashboard': mutation({
    describe: () => '修改数据看板指标',
    run: (ctx, settings) => saveDashboardSettings(requireSession(ctx).db, settings),
  }),
  /** Writes a chart picture as .png. Errors: not a PNG; the file cannot be written (Chinese message naming it). */
  'charts:savePng': (ctx, { dataUrl, outputPath }) => saveChartPng(dataUrl, resolvePath(ctx, outputPath)),
} satisfies HandlerMap<'charts:'>;
