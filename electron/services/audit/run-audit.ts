import { type Database } from 'better-sqlite3';
import { type AuditFindingView, type AuditReport } from '../../../shared/api/audit-api.js';
import { type AuditFinding, type CatalogLookups, type CompiledRule, type FigureAuditInput, type RuleProblem, auditFigures, catalogLookups, compileRules } from '../../../shared/audit/audit-rules.js';
import { type Form, type FormItem, type Indicator } from '../../../shared/domain/catalog.js';
import { IndicatorFigures } from '../../../shared/figures/indicator-figures.js';
import { previousPeriod } from '../../../shared/stats/index.js';
import { formItems, getForm } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { type WorkbookSession } from '../context.js';
import { sessionIndicators } from '../grid/save-changes.js';
import { YearByYearFigures } from '../grid/form-view.js';
import { cachedStatement } from '../mutation/statement-cache.js';
import { explanationOf, explanations, loadRules } from './audit-repo.js';

/** What every unit of one audit run shares: the form, its rows, the catalog and the parsed rules. */
export interface AuditPlan {
  form: Form;
  items: FormItem[];
  indicators: ReadonlyMap<number, Indicator>;
  lookups: CatalogLookups;
  compiled: CompiledRule[];
  problems: RuleProblem[];
}

/** Reads the form, the catalog and the rules once and parses every enabled rule. */
export function auditPlan(session: WorkbookSession, formId: number): AuditPlan {
  const form = getForm(session.db, formId);
  const indicators = sessionIndicators(session);
  const { compiled, problems } = session.caches.get('auditCompiled', ['audit_rules', 'audit_builtin_switches'], () => compileRules(loadRules(session)));
  return { form, items: formItems(session.db, formId), indicators, lookups: catalogLookups(indicators), compiled, problems };
}

/** The findings of one unit's month under a plan (no explanations). */
export function auditUnit(db: Database, plan: AuditPlan, unitId: number, period: string): { findings: AuditFinding[]; problems: RuleProblem[] } {
  const figures = new IndicatorFigures(new YearByYearFigures(db, unitId), plan.indicators, plan.form.firstReturnMonth);
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
