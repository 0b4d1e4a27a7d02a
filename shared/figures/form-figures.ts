import { type Form, type FormItem, type Indicator, PROJECTION_METHOD_LABELS } from '../domain/catalog.js';
import {
  type AnalysisColumn,
  ANALYSIS_COLUMNS,
  type CellView,
  type FormColumn,
  type FormView,
  type FormViewColumn,
  type FormViewRow,
} from '../domain/grid.js';
import {
  type DecimalString,
  type SeriesFigure,
  addDecimals,
  balanceRounding,
  compareDecimals,
  completionRate,
  contribution,
  convertUnit,
  cumulativeLabel,
  formatDecimal,
  formatGrowth,
  formatTimeProgressGap,
  growthRate,
  hasReturn,
  missingMonthRemark,
  monthlyLabel,
  parsePeriod,
  percentagePointChange,
  previousReturnMonth,
  projectFullYear,
  share,
  shiftYearMonth,
  timeProgress,
  timeProgressGap,
  twoYearAverageFromRates,
  twoYearAverageGrowth,
  unitExponent,
  shiftDecimalPoint,
  toSignedPoints,
} from '../stats/index.js';
import { type FigureLookup, IndicatorFigures } from './indicator-figures.js';

/** Decimals of 同比, 完成进度 and other rates: NBS publishes rates with one decimal. */
export const RATE_DECIMALS = 1;

/** Inputs of {@link buildFormFigures}: one unit's stored figures and the form's layout. */
export interface FormFiguresInput {
  form: Form;
  items: readonly FormItem[];
  /** The whole catalog: parents and ratio components need not be on the form. */
  indicators: ReadonlyMap<number, Indicator>;
  unitId: number;
  /** `YYYY-MM`. */
  period: string;
  /** The unit's stored figures for this year and the two before it. */
  figures: FigureLookup;
}

const AMOUNT_COLUMNS: readonly FormColumn[] = ['month', 'cumulative', 'prior_cumulative', 'comparable_base', 'target', 'previousCumulative', 'projection'];

/** Titles of the figure columns; 本月/累计 depend on the period. */
function columnsOf(form: Form, monthLabel: string, cumulative: string): FormViewColumn[] {
  const on = new Set<AnalysisColumn>(form.options.analysisColumns);
  const columns: FormViewColumn[] = [
    { key: 'month', title: monthLabel, computed: false },
    { key: 'cumulative', title: `${cumulative}累计`, computed: false },
    { key: 'prior_cumulative', title: '上年同期累计', computed: false },
    { key: 'comparable_base', title: '上年同期(可比口径)', computed: false },
    { key: 'growth', title: '同比增长(%)', computed: true },
    { key: 'target', title: '年度目标', computed: false },
    { key: 'completion', title: '完成进度(%)', computed: true },
  ];
  for (const column of ANALYSIS_COLUMNS) {
    if (!on.has(column)) continue;
    switch (column) {
      case 'previousCumulative':
        columns.push({ key: 'previousCumulative', title: '上月止累计', computed: true });
        break;
      case 'monthOnMonth':
        columns.push({ key: 'monthOnMonth', title: '环比(%)', computed: true });
        break;
      case 'share':
        columns.push({ key: 'share', title: '占比(%)', computed: true });
        break;
      case 'contribution':
        columns.push({ key: 'contribution', title: '拉动(百分点)', computed: true });
        break;
      case 'twoYearAverage':
        columns.push({ key: 'twoYearAverage', title: '两年平均增长(%)', computed: true });
        break;
      case 'timeProgress':
        columns.push({ key: 'timeProgress', title: '时间进度(%)', computed: true }, { key: 'progressGap', title: '与时间进度比', computed: true });
        break;
      case 'projection':
        columns.push({ key: 'projection', title: '预计全年', computed: true }, { key: 'projectionMethod', title: '推算方法', computed: true });
        break;
    }
  }
  columns.push({ key: 'note', title: '备注', computed: false });
  return columns;
}

const empty = (editable = false, remark?: string): CellView => (remark ? { value: null, display: '', state: 'empty', editable, remark } : { value: null, display: '', state: 'empty', editable });

/** A rate cell (percent or 百分点), rounded to one decimal. */
function rateCell(value: DecimalString | null, remark?: string): CellView {
  if (value === null) return empty(false, remark);
  const cell: CellView = { value, display: formatDecimal(value, RATE_DECIMALS), state: 'computed', editable: false, decimals: RATE_DECIMALS };
  if (remark) cell.remark = remark;
  return cell;
}

/** "+4.8个百分点" — how a change of a rate reads in the 同比 column of a 比率 row. */
function pointsText(points: DecimalString): string {
  return `${toSignedPoints(points, RATE_DECIMALS)}个百分点`;
}

interface RowContext {
  indicator: Indicator;
  year: number;
  month: number;
  open: boolean;
  /** Power of ten from the stored unit to the shown unit (0 when shown as stored). */
  shift: number;
  shownUnit: string;
  decimals: number;
}

/** A figure of the series as a cell in the shown unit. */
function amountCell(figure: SeriesFigure, ctx: RowContext, editable: boolean, remark?: string, firstReturn: 1 | 2 = 1): CellView {
  if (figure.state === 'missing') {
    return { value: null, display: '', state: 'missing', editable, remark: remark ?? missingMonthRemark(figure.gapMonth, firstReturn) };
  }
  if (figure.value === null) return empty(editable, remark);
  const value = ctx.shift === 0 ? figure.value : shiftDecimalPoint(figure.value, ctx.shift);
  const cell: CellView = {
    value,
    display: formatDecimal(value, ctx.decimals, { thousands: true }),
    state: figure.state,
    editable,
    decimals: ctx.decimals,
  };
  if (remark) cell.remark = remark;
  return cell;
}

/**
 * The form view model of one unit and month: per indicator and column the exact value, its state
 * (typed / derived / comparable / computed / missing / mismatch) and the display string. Built
 * once, here, from the statistics engine; the grid, the CSV and .xlsx exports, the template
 * export and the CLI all render this model, so what is exported is what is shown.
 * @throws RangeError on a malformed period.
 */
export function buildFormFigures(input: FormFiguresInput): Omit<FormView, 'formId' | 'unitId'> {
  const { form, items, period } = input;
  const { year, month } = parsePeriod(period);
  const figures = new IndicatorFigures(input.figures, input.indicators, form.firstReturnMonth);
  const open = hasReturn(month, form.firstReturnMonth);
  const monthLabel = monthlyLabel(month, form.firstReturnMonth) === '1-2月' ? '1-2月' : '本月';
  const cumLabel = form.firstReturnMonth === 2 && month === 2 ? '1-2月' : cumulativeLabel(month, { quarterNames: false });
  const columns = columnsOf(form, monthLabel, cumLabel);
  const wanted = new Set(columns.map((c) => c.key));

  const rows = items.map((item): FormViewRow => {
    if (item.type === 'section') {
      return { itemId: item.itemId, type: 'section', title: item.title, indicatorId: null, code: '', unit: '', storedUnit: '', depth: 0, decimals: 0, kind: null, cells: {} };
    }
    const { indicator } = item;
    const display = form.options.moneyDisplayUnit;
    const shift = display === null ? null : unitExponent(indicator.unit, display);
    const ctx: RowContext = {
      indicator,
      year,
      month,
      open: open && hasReturn(month, figures.firstReturn(indicator)),
      shift: shift ?? 0,
      shownUnit: shift === null || display === null ? indicator.unit : display,
      decimals: shift !== null && shift !== 0 && form.options.displayDecimals !== null ? form.options.displayDecimals : indicator.decimals,
    };
    const row: FormViewRow = {
      itemId: item.itemId,
      type: 'indicator',
      title: indicator.name,
      indicatorId: indicator.id,
      code: indicator.code,
      unit: ctx.shownUnit,
      storedUnit: indicator.unit,
      depth: item.depth,
      decimals: ctx.decimals,
      kind: indicator.kind,
      cells: indicatorCells(figures, ctx, form, wanted),
    };
    const mismatch = mismatchText(figures, ctx);
    if (mismatch) row.mismatch = mismatch;
    return row;
  });

  const notes: string[] = [];
  if (form.options.moneyDisplayUnit !== null) {
    if (form.options.balanceRounding) {
      const adjusted = balanceParts(rows, input.indicators);
      if (adjusted > 0) notes.push('已作舍位平衡：其中各项经调整后之和等于合计。');
    } else {
      notes.push('因四舍五入，总计与分项合计可能不等。');
    }
  }
  return {
    period,
    cumulativeLabel: cumLabel,
    monthLabel,
    periodOpen: open,
    periodMessage: open ? null : `“${form.name}”从1-2月开始填报，1月不单独填报。请选择2月（1-2月）。`,
    columns,
    notes,
    rows,
  };
}

function mismatchText(figures: IndicatorFigures, ctx: RowContext): string | undefined {
  if (ctx.indicator.kind !== 'flow') return undefined;
  const flow = figures.flowYear(ctx.indicator, ctx.year, ctx.month);
  const check = flow.checks[ctx.month - 1];
  if (check?.status !== 'mismatch') return undefined;
  const before = flow.previousCumulative[ctx.month - 1]?.value ?? null;
  const monthly = flow.month[ctx.month - 1]?.value ?? '';
  const cumulative = flow.cumulative[ctx.month - 1]?.value ?? '';
  const unit = ctx.indicator.unit;
  const lhs = before === null ? `本月 ${monthly}` : `上月止累计 ${before} + 本月 ${monthly}`;
  return `${lhs} = ${check.expectedCumulative}${unit}，与填报的累计 ${cumulative}${unit} 不一致（相差 ${check.difference}），请核对。`;
}

function indicatorCells(figures: IndicatorFigures, ctx: RowContext, form: Form, wanted: ReadonlySet<FormColumn>): FormViewRow['cells'] {
  const { indicator, year, month, open } = ctx;
  const firstReturn = figures.firstReturn(indicator);
  const isFlow = indicator.kind === 'flow';
  const computedRatio = figures.isComputedRatio(indicator);
  // Read from a ledger (企业名录, 项目台账): shown as derived, never typed over.
  const ledger = figures.derivedFrom(indicator);
  const typable = open && !computedRatio && ledger === null;
  const cells: FormViewRow['cells'] = {};

  const monthFigure = figures.monthFigure(indicator, year, month);
  const periodFigure = figures.periodFigure(indicator, year, month);
  const mismatch = monthFigure.state === 'mismatch' ? '本月与累计不一致，见本行提示' : undefined;
  const ledgerRemark = ledger === null ? undefined : `取自${ledger}${indicator.kind === 'stock' ? '（期末数）' : ''}`;
  cells.month = amountCell(monthFigure, ctx, typable, mismatch ?? ledgerRemark ?? remarkOf(monthFigure, firstReturn), firstReturn);
  cells.cumulative = amountCell(
    periodFigure,
    ctx,
    typable && isFlow,
    mismatch ?? ledgerRemark ?? (isFlow ? remarkOf(periodFigure, firstReturn) : indicator.kind === 'stock' ? '存量指标取期末数，不按月累加' : '比率按分子、分母重新计算，不累加'),
    firstReturn,
  );

  const prior = figures.priorFigure(indicator, year, month);
  const priorRemark =
    prior.figure.state === 'missing' ? `上年${missingMonthRemark(prior.figure.gapMonth, firstReturn)}` : prior.fromLastYear && prior.figure.value !== null ? `取自${year - 1}年已录数据` : undefined;
  cells.prior_cumulative = amountCell(prior.figure, ctx, open, priorRemark, firstReturn);
  const comparable = figures.comparableBase(indicator, year, month);
  cells.comparable_base = comparable === null ? empty(open) : { ...amountCell({ value: comparable, state: 'typed' }, ctx, open), state: 'comparable', remark: '可比口径：同比按此基数计算' };

  const base = figures.growthBase(indicator, year, month);
  cells.growth = growthCell(figures, ctx, periodFigure, base, form, firstReturn);

  const target = figures.typed(indicator, year, month, 'target');
  cells.target = amountCell(target === null ? { value: null, state: 'empty' } : { value: target, state: 'typed' }, ctx, true);
  const completion = completionRate(periodFigure.value, target);
  cells.completion = rateCell(completion);

  if (wanted.has('previousCumulative')) {
    const previous = isFlow ? (figures.flowYear(indicator, year, month).previousCumulative[month - 1] ?? null) : null;
    const first = previousReturnMonth(month, firstReturn) === null;
    cells.previousCumulative =
      previous === null ? empty() : first ? empty(false, '本年首期，无上月累计') : { ...amountCell(previous, ctx, false, remarkOf(previous, firstReturn), firstReturn), state: previous.state === 'missing' ? 'missing' : 'computed' };
  }
  if (wanted.has('monthOnMonth')) cells.monthOnMonth = monthOnMonthCell(figures, ctx, monthFigure, firstReturn);
  if (wanted.has('share') || wanted.has('contribution')) {
    const parent = figures.indicator(indicator.parentId);
    const inParentUnit = (value: DecimalString | null): DecimalString | null => {
      if (value === null || !parent) return null;
      const converted = convertUnit(value, indicator.unit, parent.unit);
      return converted.ok ? converted.value : null;
    };
    const parentFigure = parent ? figures.periodFigure(parent, year, month) : null;
    const usable = parent !== undefined && indicator.kind !== 'ratio' && parent.kind !== 'ratio';
    if (wanted.has('share')) {
      cells.share = usable ? rateCell(share(inParentUnit(periodFigure.value), parentFigure?.value ?? null)) : empty();
    }
    if (wanted.has('contribution')) {
      const parentBase = parent ? figures.growthBase(parent, year, month).value : null;
      cells.contribution = usable ? rateCell(contribution(inParentUnit(periodFigure.value), inParentUnit(base.value), parentBase)) : empty();
    }
  }
  if (wanted.has('twoYearAverage')) {
    let average: DecimalString | null = null;
    if (indicator.growthBasis === 'comparable') {
      average = twoYearAverageFromRates(figures.typed(indicator, year, month, 'growth'), figures.typed(indicator, year - 1, month, 'growth'));
    } else if (indicator.kind !== 'ratio') {
      average = twoYearAverageGrowth(periodFigure.value, figures.periodFigure(indicator, year - 2, month).value);
    }
    cells.twoYearAverage = rateCell(average);
  }
  if (wanted.has('timeProgress')) {
    cells.timeProgress = rateCell(target === null ? null : timeProgress(month));
    const gap = timeProgressGap(completion, month);
    cells.progressGap = gap === null ? empty() : { value: gap, display: formatTimeProgressGap(gap, RATE_DECIMALS) ?? '', state: 'computed', editable: false, decimals: RATE_DECIMALS };
  }
  if (wanted.has('projection')) {
    const method = indicator.projectionMethod;
    let projected: DecimalString | null = null;
    if (isFlow && periodFigure.value !== null) {
      projected =
        method === 'linear'
          ? projectFullYear({ method, cumulative: periodFigure.value, month }).value
          : method === 'seasonal'
            ? projectFullYear({ method, cumulative: periodFigure.value, month, lastYearCumulative: figures.periodFigure(indicator, year - 1, month).value, lastYearTotal: figures.periodFigure(indicator, year - 1, 12).value }).value
            : projectFullYear({ method, cumulative: periodFigure.value, target }).value;
    }
    cells.projection = projected === null ? empty(false, isFlow ? undefined : '仅流量指标推算全年') : { ...amountCell({ value: projected, state: 'derived' }, ctx, false), state: 'computed', remark: `${PROJECTION_METHOD_LABELS[method]}推算` };
    cells.projectionMethod = projected === null ? empty() : { value: method, display: PROJECTION_METHOD_LABELS[method], state: 'computed', editable: false };
  }

  const note = figures.typed(indicator, year, month, 'note');
  cells.note = { value: note, display: note ?? '', state: note === null ? 'empty' : 'typed', editable: open };
  return cells;
}

function remarkOf(figure: SeriesFigure, firstReturn: 1 | 2): string | undefined {
  if (figure.state === 'missing') return missingMonthRemark(figure.gapMonth, firstReturn);
  if (figure.state === 'derived') return '由本月与上月止累计推算';
  return undefined;
}

function growthCell(
  figures: IndicatorFigures,
  ctx: RowContext,
  current: SeriesFigure,
  base: { value: DecimalString | null; kind: 'comparable' | 'published' },
  form: Form,
  firstReturn: 1 | 2,
): CellView {
  const { indicator, year, month, open } = ctx;
  if (indicator.growthBasis === 'comparable') {
    // 规上工业增加值 and the like: real growth at comparable prices, supplied by the bureau.
    const supplied = figures.typed(indicator, year, month, 'growth');
    if (supplied === null) return empty(open, '可比价增速：请填写统计局提供的同比');
    return { value: supplied, display: formatDecimal(supplied, RATE_DECIMALS), state: 'typed', editable: open, decimals: RATE_DECIMALS, remark: '可比价增速，按统计局提供值' };
  }
  if (current.state === 'missing') return { value: null, display: '', state: 'missing', editable: false, remark: missingMonthRemark(current.gapMonth, firstReturn) };
  const basedOn = base.kind === 'comparable' ? '按可比口径计算' : undefined;
  if (indicator.kind === 'ratio') {
    const points = percentagePointChange(current.value, base.value);
    if (points === null) return empty();
    const cell: CellView = { value: points, display: pointsText(points), state: 'computed', editable: false, decimals: RATE_DECIMALS, remark: '比率指标按百分点比较' };
    return cell;
  }
  const growth = growthRate(current.value, base.value);
  if (growth.kind === 'no-base') return empty();
  const display = formatGrowth(growth, { decimals: RATE_DECIMALS, mode: 'percent', zeroBase: form.options.zeroBase });
  const phrase = growth.kind === 'percent' ? basedOn : formatGrowth(growth, { decimals: RATE_DECIMALS, mode: 'phrase', valueDecimals: indicator.decimals });
  const cell: CellView = { value: growth.kind === 'percent' ? growth.value : null, display, state: 'computed', editable: false, decimals: RATE_DECIMALS };
  if (phrase) cell.remark = phrase;
  return cell;
}

function monthOnMonthCell(figures: IndicatorFigures, ctx: RowContext, current: SeriesFigure, firstReturn: 1 | 2): CellView {
  const { indicator, year, month } = ctx;
  if (firstReturn === 2 && month === 2 && indicator.kind === 'flow') return empty(false, '1-2月合并填报，无环比');
  // 环比 compares with the calendar month before (January with last December), not the previous return.
  const prev = shiftYearMonth(year, month, -1);
  const previous = hasReturn(prev.month, firstReturn) ? figures.monthFigure(indicator, prev.year, prev.month) : { value: null, state: 'empty' as const };
  if (indicator.kind === 'ratio') {
    const points = percentagePointChange(current.value, previous.value);
    return points === null ? empty() : { value: points, display: pointsText(points), state: 'computed', editable: false, decimals: RATE_DECIMALS };
  }
  const growth = growthRate(current.value, previous.value);
  return growth.kind === 'percent' ? rateCell(growth.value) : empty();
}

/**
 * 舍位平衡 on the shown figures: where the 其中 items of a total make it up exactly (their exact
 * sum equals the total), their rounded displays are adjusted so they add up to the rounded total.
 * Values stay exact; only display strings move, each by one unit of the last place at most.
 * @returns the number of adjusted cells.
 */
function balanceParts(rows: FormViewRow[], indicators: ReadonlyMap<number, Indicator>): number {
  let adjusted = 0;
  const byIndicator = new Map(rows.filter((r) => r.indicatorId !== null).map((r) => [r.indicatorId as number, r]));
  for (const parent of rows) {
    if (parent.indicatorId === null) continue;
    const children = rows.filter((r) => r.indicatorId !== null && indicators.get(r.indicatorId)?.parentId === parent.indicatorId && byIndicator.has(r.indicatorId));
    if (children.length < 2 || children.some((c) => c.decimals !== parent.decimals || c.unit !== parent.unit)) continue;
    for (const column of AMOUNT_COLUMNS) {
      const total = parent.cells[column]?.value ?? null;
      const parts = children.map((c) => c.cells[column]?.value ?? null);
      if (total === null || parts.some((p) => p === null)) continue;
      const sum = addDecimals(parts);
      if (sum === null || compareDecimals(sum, total) !== 0) continue; // not a complete breakdown
      const balanced = balanceRounding(parts, parent.decimals, total);
      if (!balanced.ok) continue;
      for (const index of balanced.adjusted) {
        const child = children[index];
        const cell = child?.cells[column];
        const part = balanced.parts[index];
        if (!child || !cell || part === null || part === undefined) continue;
        cell.display = formatDecimal(part, parent.decimals, { thousands: true });
        cell.remark = `舍位平衡：由 ${formatDecimal(cell.value, parent.decimals, { thousands: true })} 调整为 ${cell.display}`;
        adjusted++;
      }
    }
  }
  return adjusted;
}
