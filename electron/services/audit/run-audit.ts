import { type Database } from 'better-sqlite3';
import { type AuditFindingView, type AuditReport } from '../../../shared/api/audit-api.js';
import { type AuditFinding, type CatalogLookups, type CompiledRule, type FigureAuditInput, type RuleProblem, auditFigures, catalogLookups, compileRules } from '../../../shared/audit/audit-rules.js';
import { type Form, type FormItem, type Indicator } from '../../../shared/domain/catalog.js';
import { type StoredField } from '../../../shared/domain/grid.js';
import { type FigureLookup, IndicatorFigures } from '../../../shared/figures/indicator-figures.js';
import { parsePeriod, previousPeriod } from '../../../shared/stats/index.js';
import { formItems, getForm } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { type WorkbookSession } from '../context.js';
import { sessionIndicators } from '../grid/save-changes.js';
import { YearByYearFigures } from '../grid/form-view.js';
import { type IndicatorSet, indicatorSet, StoredFigures } from '../grid/stored-figures.js';
import { cachedStatement } from '../mutation/statement-cache.js';
import { explanationOf, explanations, loadRules } from './audit-repo.js';

/** What every unit of one audit run shares: the form, its rows, the catalog and the parsed rules. */
export interface AuditPlan {
  form: Form;
  items: FormItem[];
  indicators: ReadonlyMap<number, Indicator>;
  /**
   * Every indicator of the catalog: a rule may read any of them (a custom rule names codes off the
   * form), so the unit's figures are read for all of them — by primary-key seeks, which cost the
   * rows read, not the years the file holds.
   */
  read: IndicatorSet;
  lookups: CatalogLookups;
  compiled: CompiledRule[];
  problems: RuleProblem[];
}

/**
 * Reads the form, the catalog and the rules once and parses every enabled rule; kept for the
 * session until a mutation touches one of those tables (an overview audits every unit in a row).
 */
export function auditPlan(session: WorkbookSession, formId: number): AuditPlan {
  return session.caches.get(`auditPlan:${formId}`, ['forms', 'form_items', 'indicators', 'audit_rules', 'audit_builtin_switches'], () => {
    const form = getForm(session.db, formId);
    const indicators = sessionIndicators(session);
    const { compiled, problems } = compileRules(loadRules(session));
    return { form, items: formItems(session.db, formId), indicators, lookups: catalogLookups(indicators), compiled, problems, read: indicatorSet(indicators.keys()) };
  });
}

/**
 * One unit's stored figures for auditing `period`: the months the built-in rules read (this
 * year's target and months up to `period`, last year up to the same month — all of last year
 * for January, whose 上月 is December) in one query per span; any other year a rule reaches for
 * (history of the outlier score, a custom rule's [-24]) is read whole on first use.
 */
class AuditFigures implements FigureLookup {
  private readonly near: StoredFigures;
  private readonly far: YearByYearFigures;
  private readonly year: string;
  private readonly lastYear: string;
  private readonly lastYearTo: string;

  constructor(
    db: Database,
    unitId: number,
    private readonly period: string,
    /** Values that replace the stored ones (an import preview's incoming figures), by indicator then `period|field`. */
    private readonly incoming: ReadonlyMap<number, ReadonlyMap<string, string | null>> | undefined,
    read: IndicatorSet,
  ) {
    const { year, month } = parsePeriod(period);
    this.year = String(year);
    this.lastYear = String(year - 1);
    this.lastYearTo = `${year - 1}-${month === 1 ? '12' : period.slice(5)}`;
    this.near = StoredFigures.loadSpans(db, unitId, [
      [this.year, `${period}~`],
      [`${this.lastYear}-`, `${this.lastYearTo}~`],
    ], read);
    this.far = new YearByYearFigures(db, unitId);
  }

  get(indicatorId: number, period: string, field: StoredField): string | null {
    const replaced = this.incoming?.get(indicatorId)?.get(`${period}|${field}`);
    if (replaced !== undefined) return replaced;
    // Periods compare as text: 'YYYY' (the target) < 'YYYY-01' < … < 'YYYY-12' < 'YYYY+1', so this
    // year's target and months up to the audited one, and last year's months (not its target) up
    // to `lastYearTo` are two ranges — tested without cutting a string on every read.
    const near = (period >= this.year && period <= this.period) || (period > this.lastYear && period <= this.lastYearTo);
    return near ? this.near.get(indicatorId, period, field) : this.far.get(indicatorId, period, field);
  }

  derivedFrom(indicatorId: number): string | null {
    return this.near.derivedFrom(indicatorId);
  }
}

/** A stored figure replaced for an audit (see {@link auditUnit}): `period` is `YYYY-MM`, or `YYYY` for a target. */
export interface IncomingFigure {
  indicatorId: number;
  period: string;
  field: StoredField;
  value: string | null;
}

/**
 * The findings of one unit's month under a plan (no explanations); `incoming` figures, when
 * given, are audited in place of the stored ones (an import before it is committed).
 */
export function auditUnit(db: Database, plan: AuditPlan, unitId: number, period: string, incoming?: readonly IncomingFigure[]): { findings: AuditFinding[]; problems: RuleProblem[] } {
  let replaced: Map<number, Map<string, string | null>> | undefined;
  if (incoming !== undefined) {
    replaced = new Map();
    for (const f of incoming) {
      let byCell = replaced.get(f.indicatorId);
      if (!byCell) replaced.set(f.indicatorId, (byCell = new Map<string, string | null>()));
      byCell.set(`${f.period}|${f.field}`, f.value);
    }
  }
  const figures = new IndicatorFigures(new AuditFigures(db, unitId, period, replaced, plan.read), plan.indicators, plan.form.firstReturnMonth);
  // Rules reading history (the outlier score) stop at the unit's first figures instead of reading empty years.
  const first = (cachedStatement(db, 'SELECT min(period) AS period FROM cell_values WHERE unit_id = ?').get(unitId) as { period: string | null }).period;
  const input: FigureAuditInput = { items: plan.items, indicators: plan.indicators, lookups: plan.lookups, figures, formFirstReturn: plan.form.firstReturnMonth, period };
  if (first !== null) input.earliestYear = Number(first.slice(0, 4));
  return auditFigures(plan.compiled, input);
}

/**
 * The audit report of a unit's form for a month: every enabled rule run on the figure model,
 * findings grouped by severity with the clerk's explanations (and last month's explanation of
 * the same finding, offered when this month has none).
 * @throws UserFacingError for a vanished unit or form.
 */
export function auditReport(session: WorkbookSession, unitId: number, formId: number, period: string): AuditReport {
  getUnit(session.db, unitId);
  const plan = auditPlan(session, formId);
  const { findings, problems } = auditUnit(session.db, plan, unitId, period);
  const explained = explanations(session, unitId, period);
  const before = explanations(session, unitId, previousPeriod(period));
  const views: AuditFindingView[] = findings.map((f) => ({
    ...f,
    explanation: explanationOf(explained, f.ruleKey, f.indicatorId),
    previousExplanation: explanationOf(before, f.ruleKey, f.indicatorId),
  }));
  const hard = views.filter((f) => f.severity === 'hard');
  const soft = views.filter((f) => f.severity === 'soft');
  const unexplained = soft.filter((f) => f.explanation === null).length;
  return { unitId, formId, period, hard, soft, unexplained, problems: [...plan.problems, ...problems], passed: hard.length === 0 && unexplained === 0 };
}
