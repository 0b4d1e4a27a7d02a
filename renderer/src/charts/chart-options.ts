/**
 * ECharts options of the StatBench charts, built from the `charts:series` answer (itself read
 * from the form view model). Pure: no DOM and no echarts import (types only), so the options
 * are unit-tested and echarts itself is loaded only when a chart is first drawn.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { type ChartPoint, type ChartSeries, type DashboardChartKind, type IndicatorSeries } from '../../../shared/api/charts-api.js';
import { type ComparisonView } from '../../../shared/api/consolidation-api.js';
import { formatDecimal, monthName, periodWords, yearMonthWords } from '../../../shared/stats/index.js';

/** The charts a clerk can pick. */
export type ChartKind = DashboardChartKind;

/** Chinese names of the chart kinds, as the chart picker lists them. */
export const CHART_KIND_LABELS: Readonly<Record<ChartKind, string>> = {
  cumulative: '本年与上年同期对比',
  growth: '同比增速走势',
  composition: '其中项构成',
  completion: '目标完成与时间进度',
  ranking: '各单位排名',
};

/** Series colours: this year, last year, growth, completion, 时间进度 (and pie slices after them). */
export const CHART_COLORS = { thisYear: '#1f6fb2', lastYear: '#a3adb8', growth: '#d9534f', completion: '#2e8b57', progress: '#e6a23c' } as const;
const PIE_COLORS = ['#1f6fb2', '#2e8b57', '#e6a23c', '#8e5ea2', '#3cb4c4', '#d9534f', '#a3adb8'];

const FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif';
const MONTHS = Array.from({ length: 12 }, (_, i) => monthName(i + 1));

/** A chart value: the exact decimal as a number for plotting, or `null` for a gap (never 0). */
export function plotted(point: ChartPoint): number | null {
  return point.value === null ? null : Number(point.value);
}

/**
 * An axis tick in the grid's number format: thousands separators, and the indicator's decimals
 * only where the tick is not whole (ticks are round numbers chosen by the chart).
 */
export function axisLabel(value: number, decimals: number): string {
  const text = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  return formatDecimal(text, Number.isInteger(value) ? 0 : decimals, { thousands: true });
}

const base = (title: string, subtitle: string): EChartsCoreOption => ({
  animation: false,
  backgroundColor: '#ffffff',
  textStyle: { fontFamily: FONT },
  title: { text: title, subtext: subtitle, left: 'center', top: 4, textStyle: { fontSize: 14, fontWeight: 'bold' }, subtextStyle: { fontSize: 11, color: '#666' } },
  tooltip: { trigger: 'axis', confine: true },
  legend: { bottom: 2, itemWidth: 14, itemHeight: 9, textStyle: { fontSize: 11 } },
  grid: { left: 12, right: 18, top: 58, bottom: 34, containLabel: true },
});

/** "2023年1-11月" for flows, "2023年11月" for stocks and rates. */
function periodName(data: ChartSeries, indicator: IndicatorSeries): string {
  return indicator.kind === 'flow' ? `${data.year}年${data.cumulativeLabel}` : yearMonthWords(data.year, data.month);
}

/** Tooltip lines from the cells' own display strings (so a tooltip reads exactly as the grid). */
function tooltipOf(rows: { name: string; points: ChartPoint[]; suffix: string }[]): (params: unknown) => string {
  return (params: unknown) => {
    const list = Array.isArray(params) ? (params as { dataIndex: number; axisValueLabel?: string; marker?: string; seriesIndex: number }[]) : [];
    const index = list[0]?.dataIndex ?? 0;
    const lines = rows.map((row, i) => {
      const point = row.points[index];
      const shown = point === undefined || point.display === '' ? (point?.remark ?? '无数据') : `${point.display}${row.suffix}`;
      return `${list.find((p) => p.seriesIndex === i)?.marker ?? ''}${row.name}：${shown}`;
    });
    return [`${list[0]?.axisValueLabel ?? ''}`, ...lines].join('<br/>');
  };
}

/** 本年 (bars) against 上年同期 (line) by month, in the indicator's unit; missing months are gaps. */
export function cumulativeOption(data: ChartSeries, indicator: IndicatorSeries): EChartsCoreOption {
  const label = indicator.kind === 'flow' ? '累计' : indicator.figureLabel;
  const suffix = indicator.unit === '%' ? '%' : indicator.unit;
  const thisYear = `${data.year}年${label}`;
  const lastYear = `${data.year - 1}年同期`;
  return {
    ...base(`${indicator.name}${label}（${indicator.unit}）`, `${data.unitName} · ${periodName(data, indicator)}`),
    tooltip: { trigger: 'axis', confine: true, formatter: tooltipOf([{ name: thisYear, points: indicator.thisYear, suffix }, { name: lastYear, points: indicator.lastYear, suffix }]) },
    xAxis: { type: 'category', data: MONTHS, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', name: indicator.unit, nameTextStyle: { align: 'right' }, axisLabel: { formatter: (v: number) => axisLabel(v, indicator.decimals) } },
    series: [
      { name: thisYear, type: 'bar', barMaxWidth: 22, itemStyle: { color: CHART_COLORS.thisYear }, data: indicator.thisYear.map(plotted) },
      { name: lastYear, type: 'line', symbolSize: 5, connectNulls: false, itemStyle: { color: CHART_COLORS.lastYear }, lineStyle: { width: 2 }, data: indicator.lastYear.map(plotted) },
    ],
  };
}

/** 同比 by month as a line, in % (百分点 for a 比率), with the zero line; unknown months are gaps. */
export function growthOption(data: ChartSeries, indicator: IndicatorSeries): EChartsCoreOption {
  const unit = indicator.growthUnit;
  const name = unit === '百分点' ? '同比增减' : '同比增长';
  return {
    ...base(`${indicator.name}${name}（${unit}）`, `${data.unitName} · ${data.year}年各月${indicator.kind === 'flow' ? '累计' : ''}同比`),
    tooltip: { trigger: 'axis', confine: true, formatter: tooltipOf([{ name, points: indicator.growth, suffix: unit === '%' ? '%' : '' }]) },
    xAxis: { type: 'category', data: MONTHS.slice(0, data.month), boundaryGap: false },
    yAxis: { type: 'value', name: unit, nameTextStyle: { align: 'right' }, axisLabel: { formatter: (v: number) => axisLabel(v, 1) } },
    series: [
      {
        name,
        type: 'line',
        symbolSize: 6,
        connectNulls: false,
        itemStyle: { color: CHART_COLORS.growth },
        lineStyle: { width: 2 },
        label: { show: true, fontSize: 10, formatter: (p: { dataIndex: number }) => indicator.growth[p.dataIndex]?.display ?? '' },
        data: indicator.growth.map(plotted),
        markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#888', type: 'solid', width: 1 }, data: [{ yAxis: 0 }] },
      },
    ],
  };
}

/**
 * The 其中 items of a total at the month: a pie when they are a breakdown (with the unnamed
 * rest as 其他), else bars of each item's 占比 of the total. `null` when it has no 其中 item.
 */
export function compositionOption(data: ChartSeries, indicator: IndicatorSeries): EChartsCoreOption | null {
  const { parts, rest } = indicator.composition;
  if (parts.length === 0) return null;
  const title = `${indicator.name}构成（${indicator.unit}）`;
  const subtitle = `${data.unitName} · ${periodName(data, indicator)} · 合计 ${indicator.current.value.display}${indicator.unit}`;
  if (rest !== null) {
    const slices = [...parts.map((p) => ({ name: p.name, point: p.value, share: p.share.display })), { name: '其他', point: rest, share: '' }];
    // The 占比 is the grid's own (one decimal); the unnamed rest has none there, so it shows its amount only.
    const labelOf = (s: (typeof slices)[number] | undefined): string => (s ? `${s.name}\n${s.point.display}${indicator.unit}${s.share ? `（占${s.share}%）` : ''}` : '');
    return {
      ...base(title, subtitle),
      color: PIE_COLORS,
      tooltip: { trigger: 'item', confine: true, formatter: (p: { dataIndex: number; marker: string }) => `${p.marker}${slices[p.dataIndex]?.name ?? ''}：${slices[p.dataIndex]?.point.display ?? ''}${indicator.unit}` },
      series: [
        {
          name: indicator.name,
          type: 'pie',
          radius: ['0%', '58%'],
          center: ['50%', '56%'],
          label: { fontSize: 11, formatter: (p: { dataIndex: number }) => labelOf(slices[p.dataIndex]) },
          data: slices.map((s) => ({ name: s.name, value: plotted(s.point) })),
        },
      ],
    };
  }
  return {
    ...base(`${indicator.name}其中项占比（%）`, subtitle),
    tooltip: { trigger: 'axis', confine: true, formatter: tooltipOf([{ name: '占比', points: parts.map((p) => p.share), suffix: '%' }]) },
    xAxis: { type: 'value', name: '%', max: 100, axisLabel: { formatter: (v: number) => axisLabel(v, 1) } },
    yAxis: { type: 'category', data: parts.map((p) => p.name), inverse: true },
    series: [
      {
        name: '占比',
        type: 'bar',
        barMaxWidth: 22,
        itemStyle: { color: CHART_COLORS.thisYear },
        label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => `${parts[p.dataIndex]?.share.display ?? ''}%` },
        data: parts.map((p) => plotted(p.share)),
      },
    ],
  };
}

/**
 * 年度目标完成率 of the indicators that have a target, as bars against the 时间进度 line.
 * `null` when none of them has a target.
 */
export function completionOption(data: ChartSeries, indicators: readonly IndicatorSeries[]): EChartsCoreOption | null {
  const withTarget = indicators.filter((i) => i.current.completion.value !== null);
  if (withTarget.length === 0) return null;
  const progress = plotted(data.timeProgress) ?? 0;
  const top = Math.max(100, progress, ...withTarget.map((i) => plotted(i.current.completion) ?? 0));
  return {
    ...base('年度目标完成率（%）', `${data.unitName} · ${data.year}年${data.cumulativeLabel} · 时间进度 ${data.timeProgress.display}%`),
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const index = Array.isArray(params) ? ((params[0] as { dataIndex?: number } | undefined)?.dataIndex ?? 0) : 0;
        const i = withTarget[index];
        if (!i) return '';
        return `${i.name}<br/>完成率：${i.current.completion.display}%<br/>年度目标：${i.current.target.display}${i.unit}<br/>与时间进度比：${i.current.progressGap.display}`;
      },
    },
    grid: { left: 12, right: 40, top: 58, bottom: 34, containLabel: true },
    xAxis: { type: 'value', name: '%', max: Math.ceil(top / 10) * 10, axisLabel: { formatter: (v: number) => axisLabel(v, 1) } },
    yAxis: { type: 'category', data: withTarget.map((i) => i.name), inverse: true, axisLabel: { width: 110, overflow: 'truncate' } },
    series: [
      {
        name: '完成率',
        type: 'bar',
        barMaxWidth: 20,
        itemStyle: { color: CHART_COLORS.completion },
        label: { show: true, position: 'right', fontSize: 11, formatter: (p: { dataIndex: number }) => `${withTarget[p.dataIndex]?.current.completion.display ?? ''}%` },
        data: withTarget.map((i) => plotted(i.current.completion)),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: CHART_COLORS.progress, type: 'dashed', width: 2 },
          label: { formatter: `时间进度 ${data.timeProgress.display}%`, color: CHART_COLORS.progress, position: 'start' },
          data: [{ xAxis: progress }],
        },
      },
      { name: '时间进度', type: 'line', data: [], itemStyle: { color: CHART_COLORS.progress }, lineStyle: { type: 'dashed' } },
    ],
  };
}

/**
 * The units directly under the chosen node ranked by the indicator's period figure (the
 * comparison view's own 排名 and figures, `consolidation:compare`), largest on top. `null` when
 * no unit has the figure.
 */
export function rankingOption(view: ComparisonView, indicatorId: number): EChartsCoreOption | null {
  const indicator = view.indicators.find((i) => i.indicatorId === indicatorId);
  const ranked = view.rows
    .filter((row) => row.depth === 0)
    .flatMap((row) => {
      const cells = row.cells[indicatorId];
      return cells && cells.cumulative.value !== null && cells.rank !== null ? [{ name: row.name, cells, rank: cells.rank }] : [];
    })
    .sort((a, b) => a.rank - b.rank);
  if (!indicator || ranked.length === 0) return null;
  const label = indicator.kind === 'flow' ? `${view.period.slice(0, 4)}年${view.cumulativeLabel}` : periodWords(view.period);
  return {
    ...base(`${indicator.name}各单位排名（${indicator.unit}）`, `${view.total.name} · ${label}`),
    tooltip: { trigger: 'axis', confine: true, formatter: tooltipOf([{ name: indicator.name, points: ranked.map((r) => ({ value: r.cells.cumulative.value, display: r.cells.cumulative.display })), suffix: indicator.unit }]) },
    grid: { left: 12, right: 60, top: 58, bottom: 34, containLabel: true },
    xAxis: { type: 'value', name: indicator.unit, axisLabel: { formatter: (v: number) => axisLabel(v, indicator.decimals) } },
    yAxis: { type: 'category', data: ranked.map((r) => `${r.rank}. ${r.name}`), inverse: true, axisLabel: { width: 120, overflow: 'truncate' } },
    series: [
      {
        name: indicator.name,
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { color: CHART_COLORS.thisYear },
        label: { show: true, position: 'right', fontSize: 11, formatter: (p: { dataIndex: number }) => ranked[p.dataIndex]?.cells.cumulative.display ?? '' },
        data: ranked.map((r) => plotted({ value: r.cells.cumulative.value, display: '' })),
      },
    ],
  };
}

/** The option of `kind` for the indicator (completion covers every indicator of `data`); null when there is nothing to draw. */
export function chartOption(kind: ChartKind, data: ChartSeries, indicator: IndicatorSeries | undefined): EChartsCoreOption | null {
  if (kind === 'completion') return completionOption(data, data.indicators);
  if (!indicator || kind === 'ranking') return null;
  if (kind === 'cumulative') return cumulativeOption(data, indicator);
  if (kind === 'growth') return growthOption(data, indicator);
  return compositionOption(data, indicator);
}

/** Why a chart of `kind` is empty, in Chinese, for the place where it would be. */
export function emptyChartText(kind: ChartKind, indicator: IndicatorSeries | undefined): string {
  if (kind === 'completion') return '所选指标都没有填写年度目标，无法比较完成进度。';
  if (!indicator) return '请先选择指标。';
  if (kind === 'composition') return `“${indicator.name}”没有其中项，无法显示构成。`;
  if (kind === 'ranking') return `本单位下没有填报单位，或各单位都没有“${indicator.name}”的数据，无法排名。`;
  return '没有可显示的数据。';
}
