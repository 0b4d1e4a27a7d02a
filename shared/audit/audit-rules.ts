import { type FormItem, type Indicator, type IndicatorKind } from '../domain/catalog.js';
import { type FormColumn } from '../domain/grid.js';
import { type IndicatorFigures } from '../figures/indicator-figures.js';
import { formatDecimal, formatGrowth, growthRate, hasReturn, parsePeriod, percentagePointChange, periodWords, toSignedPoints } from '../stats/index.js';
import { type FigureMemo, type MissingPolicy, type RuleEnvironment, type RuleNumber, RuleEvaluator, RuleReferenceError, referencedIndicator } from './rule-evaluate.js';
import { type RuleExpr, type RuleFigure, RuleSyntaxError, parseRule, ruleReferences } from './rule-syntax.js';

/** 强制 (hard: blocks 上报) or 提示 (soft: allowed once explained). */
export type RuleSeverity = 'hard' | 'soft';

/** Chinese names of the severities. */
export const SEVERITY_LABELS: Readonly<Record<RuleSeverity, string>> = { hard: '强制', soft: '提示' };

/**
 * When a rule gives a finding: `violated` — the formula must hold, a row where it is false is a
 * finding (校验式: `A0102.累计 <= A0101.累计`); `matched` — the formula describes what to flag,
 * a row where it is true is a finding (预警式: `abs(同比(A01)) > 30`).
 */
export type RuleTrigger = 'violated' | 'matched';

/** A kind of row a rule applies to: the catalog's kinds, or 计数 (non-ratio indicators counted in 家/个/条/人…). */
export type ScopeKind = IndicatorKind | 'count';

/**
 * The rows a rule applies to, one rule for all of them (本项 is each row in turn, 上级 its parent):
 * - `indicator`: one indicator (本项 is that indicator);
 * - `rows`: every indicator of the form (`all`), every 其中 item (`children`, optionally of one
 *   parent), or every indicator with two or more 其中 items (`parents`); `kinds` narrows them
 *   (empty = any kind).
 */
export type RuleScope =
  | { type: 'indicator'; code: string }
  | { type: 'rows'; of: 'all' | 'children' | 'parents'; kinds: ScopeKind[]; parentCode?: string | null };

/** An audit rule (审核规则): built-in or the workbook's own. */
export interface AuditRule {
  /** `builtin:<name>` for a built-in rule, `custom:<id>` for a workbook rule. */
  key: string;
  name: string;
  expression: string;
  scope: RuleScope;
  severity: RuleSeverity;
  trigger: RuleTrigger;
  missing: MissingPolicy;
  /**
   * Chinese message; placeholders: {指标} {代码} {上级} (names), {值} (the figure of the finding's
   * cell), {左} {右} (the two sides of the comparison that decided), {同比} (本项's growth, worded),
   * {期别} (e.g. 2024年3月).
   */
  message: string;
  builtin: boolean;
  enabled: boolean;
}

/** One finding of an audit: a rule that a cell of a unit's month fails. */
export interface AuditFinding {
  ruleKey: string;
  ruleName: string;
  severity: RuleSeverity;
  indicatorId: number;
  indicatorCode: string;
  indicatorName: string;
  /** The column of the form view the finding is about (the cell to jump to). */
  column: FormColumn;
  /** `YYYY-MM`. */
  period: string;
  message: string;
}

/** A rule that could not be run (a syntax error, an unknown indicator): reported once, never thrown. */
export interface RuleProblem {
  ruleKey: string;
  ruleName: string;
  message: string;
}

/** A rule parsed once, ready to run over many units. */
export interface CompiledRule {
  rule: AuditRule;
  expr: RuleExpr;
}

/** Units of counts (计数): a non-ratio indicator in one of these is a non-negative integer. */
export const COUNT_UNITS: ReadonlySet<string> = new Set(['家', '个', '条', '人', '家次', '人次', '项', '户', '次', '件', '台', '套', '辆', '座', '所', '名', '位', '宗', '起']);

/** The column of the form view each figure of the language is shown in. */
const FIGURE_COLUMNS: Readonly<Record<RuleFigure, FormColumn>> = {
  本月: 'month',
  累计: 'cumulative',
  上年同期: 'prior_cumulative',
  可比基数: 'comparable_base',
  目标: 'target',
  完成进度: 'completion',
  上月累计: 'cumulative',
  同比: 'growth',
};

/** Parses every enabled rule once; a rule that does not parse becomes a problem, not an exception. */
export function compileRules(rules: readonly AuditRule[]): { compiled: CompiledRule[]; problems: RuleProblem[] } {
  const compiled: CompiledRule[] = [];
  const problems: RuleProblem[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    try {
      compiled.push({ rule, expr: parseRule(rule.expression) });
    } catch (error) {
      if (!(error instanceof RuleSyntaxError)) throw error;
      problems.push({ ruleKey: rule.key, ruleName: rule.name, message: `公式有误，${error.message}` });
    }
  }
  return { compiled, problems };
}

/** What {@link auditFigures} checks: one unit's figures on one form for one month. */
export interface FigureAuditInput {
  /** The form's rows in paper order. */
  items: readonly FormItem[];
  /** The whole catalog (parents and referenced indicators need not be on the form). */
  indicators: ReadonlyMap<number, Indicator>;
  /** Lookups of the catalog, shared by every unit of a run (see {@link catalogLookups}). */
  lookups: CatalogLookups;
  figures: IndicatorFigures;
  formFirstReturn: 1 | 2;
  /** `YYYY-MM`. */
  period: string;
  /** The earliest year the unit has figures for, when known: history-reading rules stop there. */
  earliestYear?: number;
}

/** Indexes of the catalog a run uses for every unit: by code, by name, 其中 items per parent. */
export interface CatalogLookups {
  byCode: ReadonlyMap<string, Indicator>;
  byName: ReadonlyMap<string, Indicator>;
  children: ReadonlyMap<number, readonly Indicator[]>;
}

/** Builds the catalog indexes once per audit run. */
export function catalogLookups(indicators: ReadonlyMap<number, Indicator>): CatalogLookups {
  const byCode = new Map<string, Indicator>();
  const byName = new Map<string, Indicator>();
  const children = new Map<number, Indicator[]>();
  for (const indicator of indicators.values()) {
    byCode.set(indicator.code, indicator);
    if (!byName.has(indicator.name)) byName.set(indicator.name, indicator);
    if (indicator.parentId !== null) {
      const list = children.get(indicator.parentId) ?? [];
      list.push(indicator);
      children.set(indicator.parentId, list);
    }
  }
  return { byCode, byName, children };
}

function inKinds(indicator: Indicator, kinds: readonly ScopeKind[]): boolean {
  if (kinds.length === 0) return true;
  return kinds.some((k) => (k === 'count' ? indicator.kind !== 'ratio' && COUNT_UNITS.has(indicator.unit) : indicator.kind === k));
}

/** The rows of the form a rule applies to (本项 for each), or a problem in Chinese. */
function scopeRows(scope: RuleScope, rows: readonly Indicator[], lookups: CatalogLookups): Indicator[] | string {
  if (scope.type === 'indicator') {
    const indicator = lookups.byCode.get(scope.code);
    if (!indicator) return `适用的指标“${scope.code}”不存在`;
    return rows.some((r) => r.id === indicator.id) ? [indicator] : [];
  }
  let chosen = rows;
  if (scope.of === 'children') {
    const parent = scope.parentCode ? lookups.byCode.get(scope.parentCode) : undefined;
    if (scope.parentCode && !parent) return `上级指标“${scope.parentCode}”不存在`;
    chosen = rows.filter((r) => r.parentId !== null && (parent === undefined || r.parentId === parent.id));
  } else if (scope.of === 'parents') {
    chosen = rows.filter((r) => (lookups.children.get(r.id)?.length ?? 0) >= 2);
  }
  return chosen.filter((r) => inKinds(r, scope.kinds));
}

function shown(number: RuleNumber | undefined): string {
  if (!number || number.value === null) return '（空）';
  return `${formatDecimal(number.value, number.decimals, { thousands: true })}${number.unit ?? ''}`;
}

/**
 * Runs compiled rules over one unit's figures of a form for one month. Every figure comes from
 * the figure model (`IndicatorFigures`), every comparison is exact (shared/stats). A rule whose
 * outcome is unknown (a figure missing under the `skip` policy) gives no finding. A month
 * without a return of its own (January of a 1-2月 form) has nothing to audit.
 */
export function auditFigures(compiled: readonly CompiledRule[], input: FigureAuditInput): { findings: AuditFinding[]; problems: RuleProblem[] } {
  const { year, month } = parsePeriod(input.period);
  const findings: AuditFinding[] = [];
  const problems: RuleProblem[] = [];
  if (!hasReturn(month, input.formFirstReturn)) return { findings, problems };
  const rows = input.items.flatMap((item) => (item.type === 'indicator' ? [item.indicator] : []));
  const { lookups, figures } = input;
  const resolve = (target: string, quoted: boolean): Indicator | undefined => lookups.byCode.get(target) ?? (quoted ? lookups.byName.get(target) : undefined);
  const children = (id: number): readonly Indicator[] => lookups.children.get(id) ?? [];
  const parentOf = (i: Indicator): Indicator | undefined => (i.parentId === null ? undefined : input.indicators.get(i.parentId));
  // Every rule reads the same figures of this unit again (累计, 上年同期, 同比): read each once.
  const memo: FigureMemo = new Map();

  for (const { rule, expr } of compiled) {
    const selves = scopeRows(rule.scope, rows, lookups);
    if (typeof selves === 'string') {
      problems.push({ ruleKey: rule.key, ruleName: rule.name, message: selves });
      continue;
    }
    const self0 = rule.scope.type === 'indicator';
    const refs = referencesOf(expr);
    const refsNow = refs.filter((r) => r.offset === 0);
    const readsParent = refs.some((r) => !r.quoted && r.target === '上级');
    // One environment and evaluator per rule, moved from row to row (a run visits 10⁵–10⁶ rows).
    const env: RuleEnvironment = { figures, resolve, children, year, month, self: null, formFirstReturn: input.formFirstReturn, missing: rule.missing, memo };
    if (input.earliestYear !== undefined) env.earliestYear = input.earliestYear;
    const evaluator = new RuleEvaluator(env);
    try {
      for (const self of selves) {
        if (!hasReturn(month, figures.firstReturn(self))) continue;
        // A 其中 rule on a top-level row, or 上级 of one: not applicable to this row.
        if (!self0 && readsParent && self.parentId === null) continue;
        env.self = self;
        evaluator.deciding = null;
        const outcome = evaluator.condition(expr);
        if (outcome === null || outcome === (rule.trigger === 'matched' ? false : true)) continue;
        const cell = findingCell(refsNow, self, (ref) => referencedIndicator(env, ref, parentOf));
        // Only the placeholders the message uses are worked out (an audit may give thousands of findings).
        const words: Record<string, () => string> = {
          指标: () => cell.indicator.name,
          代码: () => cell.indicator.code,
          上级: () => parentOf(self)?.name ?? '',
          值: () => shown(cell.via === '同比' || cell.via === '变号' ? growthNumber(evaluator, cell.ref) : evaluator.number(cell.ref)),
          左: () => shown(evaluator.deciding?.left),
          右: () => shown(evaluator.deciding?.right),
          同比: () => growthWords(figures, self, year, month),
          期别: () => periodWords(input.period),
        };
        findings.push({
          ruleKey: rule.key,
          ruleName: rule.name,
          severity: rule.severity,
          indicatorId: cell.indicator.id,
          indicatorCode: cell.indicator.code,
          indicatorName: cell.indicator.name,
          column: cell.column,
          period: input.period,
          message: rule.message.replace(/\{(指标|代码|上级|值|左|右|同比|期别)\}/g, (_m, name: string) => words[name]?.() ?? ''),
        });
      }
    } catch (error) {
      if (!(error instanceof RuleReferenceError)) throw error;
      problems.push({ ruleKey: rule.key, ruleName: rule.name, message: error.detail });
    }
  }
  return { findings, problems };
}

type RefExpr = Extract<RuleExpr, { type: 'ref' }>;

// The references of each parsed rule, listed once: a run asks for them for every row of every unit.
type FoundRef = ReturnType<typeof ruleReferences>[number];
const referenceLists = new WeakMap<RuleExpr, readonly FoundRef[]>();
function referencesOf(expr: RuleExpr): readonly FoundRef[] {
  let refs = referenceLists.get(expr);
  if (refs === undefined) referenceLists.set(expr, (refs = ruleReferences(expr)));
  return refs;
}

/**
 * The cell a finding is about (`refs`: the rule's references in this period): the first reference to 本项 in this period (else the first
 * reference in this period) — its figure's column, or the 同比 column when it is read through
 * 同比/变号.
 */
function findingCell(refs: readonly FoundRef[], self: Indicator, indicatorOf: (ref: RefExpr) => Indicator): { indicator: Indicator; column: FormColumn; ref: RefExpr; via: string | null } {
  const resolved = refs.map((ref) => ({ ref, indicator: indicatorOf(ref) }));
  const chosen = resolved.find((r) => r.indicator.id === self.id) ?? resolved[0];
  const fallback: RefExpr = { type: 'ref', target: '本项', quoted: false, figure: '累计', explicitFigure: false, offset: 0, pos: 1 };
  if (!chosen) return { indicator: self, column: 'cumulative', ref: fallback, via: null };
  const via = chosen.ref.via?.name ?? null;
  const column: FormColumn = via === '同比' || via === '变号' ? 'growth' : via === '环比' && !chosen.ref.explicitFigure ? 'month' : FIGURE_COLUMNS[chosen.ref.figure];
  return { indicator: chosen.indicator, column, ref: chosen.ref, via };
}

function growthNumber(evaluator: RuleEvaluator, ref: RefExpr): RuleNumber {
  const call: RuleExpr = { type: 'ref', target: ref.target, quoted: ref.quoted, figure: '同比', explicitFigure: true, offset: 0, pos: ref.pos };
  const number = evaluator.number(call);
  return { ...number, unit: number.value === null ? null : '%' };
}

/** 本项's 同比 in words: 增长35.1%, 增长5.07倍, 扭亏为盈（…）, +4.8个百分点 for a 比率. */
function growthWords(figures: IndicatorFigures, self: Indicator, year: number, month: number): string {
  const current = figures.periodFigure(self, year, month).value;
  const base = figures.growthBase(self, year, month).value;
  if (self.kind === 'ratio') {
    const points = percentagePointChange(current, base);
    return points === null ? '—' : `${toSignedPoints(points, 1)}个百分点`;
  }
  return formatGrowth(growthRate(current, base), { decimals: 1, mode: 'phrase', valueDecimals: self.decimals });
}
