import { type Indicator } from '../../../shared/domain/catalog.js';
import { type CellOrigin } from '../../../shared/domain/grid.js';
import { addDecimals, cumulativeFromMonthly, formatPeriod, monthlyFromCumulative } from '../../../shared/stats/index.js';
import { type StoredFigures } from './stored-figures.js';

export interface SeriesPoint {
  value: string | null;
  origin: CellOrigin;
  remark?: string;
}

export interface YearSeries {
  /** Index 0 = 1月. */
  month: SeriesPoint[];
  /** 1-N月累计 (period-end value for stocks and ratios). */
  cumulative: SeriesPoint[];
}

const empty: SeriesPoint = { value: null, origin: 'empty' };
const typed = (value: string | null): SeriesPoint => (value === null ? empty : { value, origin: 'typed' });
const derived = (value: string | null): SeriesPoint => (value === null ? empty : { value, origin: 'derived' });

/**
 * 本月 and 1-N月累计 of one indicator for the twelve months of `year`: what the
 * clerk typed on the indicator's entry basis, the other derived through the
 * statistics engine (上月止累计 + 本月 = 本月止累计). Stocks and ratios are not
 * summed: their 累计 column is the period-end value.
 */
export function yearSeries(indicator: Indicator, figures: StoredFigures, year: number): YearSeries {
  const stored = (month: number, field: 'month' | 'cumulative'): string | null =>
    figures.get(indicator.id, formatPeriod(year, month), field);
  const months = Array.from({ length: 12 }, (_, i) => i + 1);

  if (indicator.kind !== 'flow') {
    const values = months.map((m) => stored(m, 'month'));
    return { month: values.map(typed), cumulative: values.map(derived) };
  }
  if (indicator.entryBasis === 'month') {
    const monthly = months.map((m) => stored(m, 'month'));
    // A running sum: the same as cumulativeFromMonthly(monthly, m) for each m, in 12 additions not 78.
    let running: string | null = null;
    const cumulative = monthly.map((value): SeriesPoint => {
      if (value === null) return empty; // a month not yet entered has no 累计 of its own
      running = addDecimals([running, value]);
      return derived(running);
    });
    return { month: monthly.map(typed), cumulative };
  }
  const cumulative = months.map((m) => stored(m, 'cumulative'));
  const monthly = months.map((m): SeriesPoint => {
    const current = cumulative[m - 1] ?? null;
    if (current === null) return empty;
    const firstOfYear = cumulative.slice(0, m - 1).every((c) => c === null);
    if (m === 1 || firstOfYear) return derived(monthlyFromCumulative(current, null));
    const previous = cumulative[m - 2] ?? null;
    if (previous === null) return { value: null, origin: 'empty', remark: '上月累计未填，无法推算本月' };
    return derived(monthlyFromCumulative(current, previous));
  });
  return { month: monthly, cumulative: cumulative.map(typed) };
}

/**
 * The cumulative up to the month before `month`, as the basis for turning a typed
 * figure of the other kind into the stored one. Null means "nothing before this
 * month this year", i.e. this is the first return of the year.
 */
export function cumulativeBefore(series: YearSeries, indicator: Indicator, month: number, storedMonthly: (string | null)[]): string | null {
  if (month <= 1) return null;
  if (indicator.entryBasis === 'month') return cumulativeFromMonthly(storedMonthly, month - 1);
  return series.cumulative[month - 2]?.value ?? null;
}
