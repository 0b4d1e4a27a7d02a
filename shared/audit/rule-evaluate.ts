import { type Indicator } from '../domain/catalog.js';
import { type IndicatorFigures } from '../figures/indicator-figures.js';
import {
  type DecimalString,
  addDecimals,
  compareDecimals,
  completionRate,
  convertUnit,
  growthRate,
  hasReturn,
  percentagePointChange,
  previousReturnMonth,
  shiftYearMonth,
  subtractDecimal,
  unitExponent,
} from '../stats/index.js';
import { absDecimal, divideDecimals, isWholeDecimal, magnitudeOfRatio, modifiedZScore, multiplyDecimals } from './rule-arithmetic.js';
import { type RuleExpr, type RuleFigure } from './rule-syntax.js';

/** What a rule does with a figure that is not there: the rule does not apply (skip), or it counts as 0. */
export type MissingPolicy = 'skip' | 'zero';

/** A number while a rule is evaluated: exact value (null = unknown), its unit and the decimals to show it with. */
export interface RuleNumber {
  value: DecimalString | null;
  unit: string | null;
  decimals: number;
}

/** The values of the comparison that decided a rule (for the {左}/{右} placeholders). */
export interface DecidingComparison {
  left: RuleNumber;
  right: RuleNumber;
}

/** Where a rule is evaluated: one unit's figures, one month, the row the rule is applied to. */
export interface RuleEnvironment {
  figures: IndicatorFigures;
  /** An indicator by code (or, for a 「…」 reference, by code or name). */
  resolve(target: string, quoted: boolean): Indicator | undefined;
  /** The 其中 items of an indicator. */
  children(indicatorId: number): readonly Indicator[];
  year: number;
  month: number;
  /** 本项: the row the rule is applied to (null for a rule without a row). */
  self: Indicator | null;
  /** The earliest year the unit has figures for (the outlier score looks no further back); omit when unknown. */
  earliestYear?: number;
  /** The form's first return (1月 or 1-2月), for 首期 when there is no row. */
  formFirstReturn: 1 | 2;
  missing: MissingPolicy;
  /**
   * Figures already read for this unit and month (see {@link FigureMemo}): every rule of a run
   * reads the same 累计, 上年同期 and 同比 again, so one memo per unit serves all of them.
   */
  memo?: FigureMemo;
}

/** The figures a unit's audit has read, by indicator, figure and period offset (values as the figure model has them). */
export type FigureMemo = Map<number, DecimalString | null>;

/** Position of each figure of the language in a {@link FigureMemo} key. */
const FIGURE_INDEX: Readonly<Record<RuleFigure, number>> = { 本月: 0, 累计: 1, 上年同期: 2, 可比基数: 3, 目标: 4, 完成进度: 5, 上月累计: 6, 同比: 7 };
/** Offsets back to this many months are memoised (a custom rule reaching further is simply read again). */
const MEMO_OFFSETS = 1024;

/** A rule that names something the workbook does not have (an indicator code, 上级 of a top-level row). */
export class RuleReferenceError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'RuleReferenceError';
  }
}

/** Rates (同比, 环比, 完成进度) are shown with one decimal, as NBS publishes them. */
const RATE_DECIMALS = 1;
/** Years of history the outlier score looks back over (the same month each year). */
const OUTLIER_YEARS = 10;

const decimalsOf = (literal: string): number => (literal.includes('.') ? literal.length - literal.indexOf('.') - 1 : 0);

/** Resolves the indicator a reference names, or throws a RuleReferenceError in Chinese. */
export function referencedIndicator(env: Pick<RuleEnvironment, 'resolve' | 'self'>, ref: Extract<RuleExpr, { type: 'ref' }>, parentOf: (i: Indicator) => Indicator | undefined): Indicator {
  if (!ref.quoted && ref.target === '本项') {
    if (!env.self) throw new RuleReferenceError('“本项”只能用在按行适用的规则里（适用范围不是单个指标时）');
    return env.self;
  }
  if (!ref.quoted && ref.target === '上级') {
    if (!env.self) throw new RuleReferenceError('“上级”只能用在按行适用的规则里');
    const parent = parentOf(env.self);
    if (!parent) throw new RuleReferenceError(`“${env.self.name}”不是其中项，没有上级指标`);
    return parent;
  }
  const found = env.resolve(ref.target, ref.quoted);
  if (!found) throw new RuleReferenceError(`找不到指标“${ref.target}”，请检查指标代码`);
  return found;
}

/**
 * Evaluates a parsed rule on one unit's figures (the figure model: typed, derived, mismatch…)
 * for one month and row. Three-valued: `true`, `false`, or `null` when a figure it needs is
 * unknown (with the `skip` policy) — `且`/`或`/`=>` follow Kleene's logic, so `假 且 未知` is 假.
 * Amounts in different money units (万元 vs 亿元) are converted before they are added or compared.
 * @throws RuleReferenceError when the rule names an indicator the workbook lacks.
 */
export class RuleEvaluator {
  /** The last comparison evaluated: the one that decided the rule, for its message. */
  deciding: DecidingComparison | null = null;

  constructor(private readonly env: RuleEnvironment) {}

  /** 上级 of a row, from the catalog (made once: every reference of every row asks). */
  private readonly parentOf = (i: Indicator): Indicator | undefined => (i.parentId === null ? undefined : this.env.figures.indicator(i.parentId));

  condition(expr: RuleExpr): boolean | null {
    switch (expr.type) {
      case 'var':
        return expr.name === '首期' ? previousReturnMonth(this.env.month, this.firstReturn()) === null : null;
      case 'not': {
        const inner = this.condition(expr.operand);
        return inner === null ? null : !inner;
      }
      case 'logic':
        return this.logic(expr);
      case 'compare':
        return this.compare(expr);
      case 'call':
        return this.predicate(expr);
      default:
        return null;
    }
  }

  private logic(expr: Extract<RuleExpr, { type: 'logic' }>): boolean | null {
    const left = this.condition(expr.left);
    if (expr.op === '且') {
      if (left === false) return false;
      const right = this.condition(expr.right);
      if (right === false) return false;
      return left === null || right === null ? null : true;
    }
    if (expr.op === '或') {
      if (left === true) return true;
      const right = this.condition(expr.right);
      if (right === true) return true;
      return left === null || right === null ? null : false;
    }
    // a => b  ≡  非 a 或 b
    if (left === false) return true;
    const right = this.condition(expr.right);
    if (right === true) return true;
    return left === null || right === null ? null : false;
  }

  private compare(expr: Extract<RuleExpr, { type: 'compare' }>): boolean | null {
    const left = this.number(expr.left);
    const right = this.inUnitOf(this.number(expr.right), left);
    this.deciding = { left, right };
    if (left.value === null || right.value === null) return null;
    const order = compareDecimals(left.value, right.value);
    switch (expr.op) {
      case '<':
        return order < 0;
      case '<=':
        return order <= 0;
      case '>':
        return order > 0;
      case '>=':
        return order >= 0;
      case '=':
        return order === 0;
      case '!=':
        return order !== 0;
    }
  }

  private predicate(expr: Extract<RuleExpr, { type: 'call' }>): boolean | null {
    const [first, second] = expr.args;
    switch (expr.fn.name) {
      case '非空':
      case '为空': {
        const ref = this.asRef(first);
        const filled = this.rawFigure(ref) !== null;
        return expr.fn.name === '非空' ? filled : !filled;
      }
      case '整数': {
        const value = first ? this.number(first).value : null;
        return value === null ? null : isWholeDecimal(value);
      }
      case '变号': {
        const { current, base } = this.withBase(this.asRef(first));
        if (current === null || base === null) return null;
        const growth = growthRate(current, base);
        return growth.kind === 'turnaround' || growth.kind === 'profit-to-loss';
      }
      default:
        void second;
        return null;
    }
  }

  /** A number-valued expression. */
  number(expr: RuleExpr): RuleNumber {
    switch (expr.type) {
      case 'number':
        return { value: expr.value, unit: null, decimals: decimalsOf(expr.value) };
      case 'var':
        return { value: String(this.env.month), unit: null, decimals: 0 };
      case 'ref': {
        const ref = this.refAt(expr);
        const value = this.rawFigure(ref);
        return { value: value ?? (this.env.missing === 'zero' ? '0' : null), unit: this.unitOf(ref), decimals: this.decimalsOfRef(ref) };
      }
      case 'neg': {
        const inner = this.number(expr.operand);
        return { ...inner, value: inner.value === null ? null : subtractDecimal('0', inner.value) };
      }
      case 'arith':
        return this.arithmetic(expr);
      case 'call':
        return this.numericCall(expr);
      default:
        return { value: null, unit: null, decimals: 0 };
    }
  }

  private arithmetic(expr: Extract<RuleExpr, { type: 'arith' }>): RuleNumber {
    const left = this.number(expr.left);
    const right = expr.op === '+' || expr.op === '-' ? this.inUnitOf(this.number(expr.right), left) : this.number(expr.right);
    if (left.value === null || right.value === null) return { value: null, unit: left.unit, decimals: left.decimals };
    switch (expr.op) {
      case '+':
        return { value: addDecimals([left.value, right.value]), unit: left.unit ?? right.unit, decimals: Math.max(left.decimals, right.decimals) };
      case '-':
        return { value: subtractDecimal(left.value, right.value), unit: left.unit ?? right.unit, decimals: Math.max(left.decimals, right.decimals) };
      case '*':
        return { value: multiplyDecimals(left.value, right.value), unit: left.unit === null ? right.unit : right.unit === null ? left.unit : null, decimals: 2 };
      case '/':
        return { value: divideDecimals(left.value, right.value), unit: right.unit === null ? left.unit : null, decimals: 2 };
    }
  }

  private numericCall(expr: Extract<RuleExpr, { type: 'call' }>): RuleNumber {
    const args = expr.args;
    const rate = (value: DecimalString | null): RuleNumber => ({ value, unit: null, decimals: RATE_DECIMALS });
    switch (expr.fn.name) {
      case 'abs': {
        const inner = this.number(args[0] as RuleExpr);
        return { ...inner, value: inner.value === null ? null : absDecimal(inner.value) };
      }
      case '最大':
      case '最小': {
        const values = args.map((a, i) => (i === 0 ? this.number(a) : this.inUnitOf(this.number(a), this.number(args[0] as RuleExpr))));
        if (values.some((v) => v.value === null)) return { value: null, unit: values[0]?.unit ?? null, decimals: 0 };
        const pick = values.reduce((best, v) => {
          const order = compareDecimals(v.value as string, best.value as string);
          return (expr.fn.name === '最大' ? order > 0 : order < 0) ? v : best;
        });
        return { ...pick, decimals: Math.max(...values.map((v) => v.decimals)) };
      }
      case '同比':
        return rate(this.growth(this.asRef(args[0])));
      case '环比': {
        const ref = this.asRef(args[0]);
        const figure = ref.explicitFigure ? ref.figure : '本月';
        const current = this.rawFigure({ ...ref, figure });
        const previous = this.rawFigure({ ...ref, figure, offset: ref.offset - 1 });
        return rate(this.change(ref.indicator, current, previous));
      }
      case '其中合计': {
        const ref = this.asRef(args[0]);
        const parts = this.env.children(ref.indicator.id).map((child) => this.rawFigure({ ...ref, indicator: child }, this.unitOf(ref)));
        const sum = addDecimals(parts);
        return { value: sum ?? (this.env.missing === 'zero' ? '0' : null), unit: this.unitOf(ref), decimals: this.decimalsOfRef(ref) };
      }
      case '量级': {
        const a = this.number(args[0] as RuleExpr);
        const b = this.inUnitOf(this.number(args[1] as RuleExpr), a);
        const magnitude = a.value === null || b.value === null ? null : magnitudeOfRatio(a.value, b.value);
        return { value: magnitude === null ? null : String(magnitude), unit: null, decimals: 0 };
      }
      case '偏离度': {
        const ref = this.asRef(args[0]);
        const value = this.rawFigure(ref);
        if (value === null) return { value: null, unit: null, decimals: 2 };
        const history: DecimalString[] = [];
        const floor = this.env.earliestYear ?? this.env.year - OUTLIER_YEARS;
        for (let back = 1; back <= OUTLIER_YEARS && this.shifted(ref.offset - 12 * back).year >= floor; back++) {
          const past = this.rawFigure({ ...ref, offset: ref.offset - 12 * back });
          if (past !== null) history.push(past);
        }
        return { value: modifiedZScore(value, history), unit: null, decimals: 2 };
      }
      default:
        return { value: null, unit: null, decimals: 0 };
    }
  }

  /** Year and month `offset` months from the audited month (offsets are ≤ 0; −1 of January is last December). */
  private shifted(offset: number): { year: number; month: number } {
    return shiftYearMonth(this.env.year, this.env.month, offset);
  }

  /** The first return of the year of the row (its own setting, else the form's). */
  private firstReturn(): 1 | 2 {
    return this.env.self ? this.env.figures.firstReturn(this.env.self) : this.env.formFirstReturn;
  }

  /** A reference resolved to its indicator. */
  private refAt(expr: Extract<RuleExpr, { type: 'ref' }>): ResolvedRef {
    const indicator = referencedIndicator(this.env, expr, this.parentOf);
    return { indicator, figure: expr.figure, explicitFigure: expr.explicitFigure, offset: expr.offset };
  }

  private asRef(expr: RuleExpr | undefined): ResolvedRef {
    if (expr?.type !== 'ref') throw new RuleReferenceError('函数的参数应为指标');
    return this.refAt(expr);
  }

  private unitOf(ref: ResolvedRef): string | null {
    return ref.figure === '同比' || ref.figure === '完成进度' ? null : ref.indicator.unit || null;
  }

  private decimalsOfRef(ref: ResolvedRef): number {
    return ref.figure === '同比' || ref.figure === '完成进度' ? RATE_DECIMALS : ref.indicator.decimals;
  }

  /** Converts an amount into the unit of `like` when both are convertible money units (万元 ↔ 亿元). */
  private inUnitOf(value: RuleNumber, like: RuleNumber): RuleNumber {
    if (value.value === null || value.unit === null || like.unit === null || value.unit === like.unit) return value;
    if (unitExponent(value.unit, like.unit) === null) return value;
    const converted = convertUnit(value.value, value.unit, like.unit);
    return converted.ok ? { value: converted.value, unit: like.unit, decimals: like.decimals } : value;
  }

  /** The figure a reference reads, as the figure model has it (null when empty or unknown), optionally in another unit. */
  private rawFigure(ref: ResolvedRef, inUnit?: string | null): DecimalString | null {
    const { memo } = this.env;
    const indicator = ref.indicator;
    let value: DecimalString | null | undefined;
    if (memo !== undefined && ref.offset > -MEMO_OFFSETS) {
      // A number key (no string built per read): indicator, figure, months back.
      const key = (indicator.id * 8 + FIGURE_INDEX[ref.figure]) * MEMO_OFFSETS - ref.offset;
      value = memo.get(key);
      if (value === undefined) memo.set(key, (value = this.modelFigure(ref)));
    } else {
      value = this.modelFigure(ref);
    }
    if (value === null || inUnit === undefined || inUnit === null || !indicator.unit || inUnit === indicator.unit) return value;
    const converted = convertUnit(value, indicator.unit, inUnit);
    return converted.ok ? converted.value : value;
  }

  /** The figure a reference reads, from the figure model (in the indicator's own unit). */
  private modelFigure(ref: ResolvedRef): DecimalString | null {
    const { figures } = this.env;
    const { year, month } = this.shifted(ref.offset);
    const indicator = ref.indicator;
    let value: DecimalString | null;
    switch (ref.figure) {
      case '本月':
        value = figures.monthFigure(indicator, year, month).value;
        break;
      case '累计':
        value = figures.periodFigure(indicator, year, month).value;
        break;
      case '上年同期':
        value = figures.priorFigure(indicator, year, month).figure.value;
        break;
      case '可比基数':
        value = figures.comparableBase(indicator, year, month);
        break;
      case '目标':
        value = figures.typed(indicator, year, month, 'target');
        break;
      case '完成进度':
        value = completionRate(figures.periodFigure(indicator, year, month).value, figures.typed(indicator, year, month, 'target'));
        break;
      case '上月累计':
        value = this.previousCumulative(indicator, year, month);
        break;
      case '同比':
        value = this.growth({ ...ref, figure: '累计' });
        break;
    }
    return value;
  }

  /** 上月止累计 of a flow: 0 on the first return of the year, unknown when a month is missing. */
  private previousCumulative(indicator: Indicator, year: number, month: number): DecimalString | null {
    if (indicator.kind !== 'flow') return null;
    const firstReturn = this.env.figures.firstReturn(indicator);
    if (!hasReturn(month, firstReturn)) return null;
    if (previousReturnMonth(month, firstReturn) === null) return '0';
    return this.env.figures.flowYear(indicator, year, month).previousCumulative[month - 1]?.value ?? null;
  }

  /** The figure and the base its 同比 is computed on: the growth base for 累计, else the same figure a year earlier. */
  private withBase(ref: ResolvedRef): { current: DecimalString | null; base: DecimalString | null } {
    if (!ref.explicitFigure || ref.figure === '累计' || ref.figure === '同比') {
      const { year, month } = this.shifted(ref.offset);
      return { current: this.rawFigure({ ...ref, figure: '累计' }), base: this.env.figures.growthBase(ref.indicator, year, month).value };
    }
    return { current: this.rawFigure(ref), base: this.rawFigure({ ...ref, offset: ref.offset - 12 }) };
  }

  /** 同比 as the form shows it: the bureau's rate for 可比价 indicators, 百分点 for a 比率, else a percent (null when no percent applies). */
  private growth(ref: ResolvedRef): DecimalString | null {
    const { indicator } = ref;
    if (indicator.growthBasis === 'comparable' && (!ref.explicitFigure || ref.figure === '累计' || ref.figure === '同比')) {
      const { year, month } = this.shifted(ref.offset);
      return this.env.figures.typed(indicator, year, month, 'growth');
    }
    const { current, base } = this.withBase(ref);
    return this.change(indicator, current, base);
  }

  private change(indicator: Indicator, current: DecimalString | null, base: DecimalString | null): DecimalString | null {
    if (indicator.kind === 'ratio') return percentagePointChange(current, base);
    const growth = growthRate(current, base);
    return growth.kind === 'percent' ? growth.value : null;
  }
}

interface ResolvedRef {
  indicator: Indicator;
  figure: RuleFigure;
  explicitFigure: boolean;
  offset: number;
}
