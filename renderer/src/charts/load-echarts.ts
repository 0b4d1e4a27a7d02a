/**
 * ECharts, loaded on first use: the dynamic imports make Vite put it in its own chunk, fetched
 * when the first chart is drawn and never at start-up (tests/perf/startup-bench.ts checks the
 * start-up chunks). Only the chart types and components StatBench draws are registered (echarts-setup.ts).
 */
import type * as EChartsCore from 'echarts/core';

export type ECharts = typeof EChartsCore;

let loading: Promise<ECharts> | null = null;

/** The echarts core with bar, line and pie charts on the canvas renderer; loaded once. */
export function loadECharts(): Promise<ECharts> {
  loading ??= import('./echarts-setup.js')
    .then((module) => module.echarts)
    .catch((error: unknown) => {
      // A failed load (a broken install) may be retried by the next chart.
      loading = null;
      throw error;
    });
  return loading;
}
