import { type Database } from 'better-sqlite3';
import { narrativeSettingsSchema, type NarrativeResult } from '../../../shared/api/narrative-api.js';
import { DEFAULT_FORM_OPTIONS, type Form, type FormItem, type Indicator } from '../../../shared/domain/catalog.js';
import { type FormView } from '../../../shared/domain/grid.js';
import { buildFormFigures } from '../../../shared/figures/form-figures.js';
import { type FigureLookup } from '../../../shared/figures/indicator-figures.js';
import {
  DEFAULT_NARRATIVE_SETTINGS,
  type LedgerCounts,
  type NarrativeSettings,
  TemplateSyntaxError,
  countsStatedBy,
  enterpriseCounts,
  generateNarrative,
  narrativeModel,
  parseNarrativeTemplates,
  projectCounts,
} from '../../../shared/narrative/index.js';
import { formatPeriod, parsePeriod, previousReturnMonth } from '../../../shared/stats/index.js';
import { unitAndBelow } from '../../../shared/units/unit-tree.js';
import { formItems, getForm, indicatorsById, listForms } from '../catalog/indicator-repo.js';
import { getUnit, listUnits } from '../catalog/unit-repo.js';
import { hasUnitsUnder, joinedThisYear, markConsolidated, nodeConsolidation, scopeNotes } from '../consolidation/consolidation-view.js';
import { StoredFigures } from '../grid/stored-figures.js';
import { projectSources } from '../projects/project-feed.js';
import { listProjects } from '../projects/project-repo.js';
import { rosterSources } from '../roster/roster-feed.js';
import { listEnterprises } from '../roster/roster-repo.js';
import { UserFacingError } from '../user-facing-error.js';

/** app_meta key of the workbook's paragraph settings (JSON). */
const SETTINGS_KEY = 'narrative.settings';

/** The workbook's paragraph settings; the defaults when none were saved (or what was saved no longer fits). */
export function readNarrativeSettings(db: Database): NarrativeSettings {
  const row = db.prepare('SELECT value FROM app_meta WHERE key = ?').get(SETTINGS_KEY) as { value: string } | undefined;
  if (!row) return structuredClone(DEFAULT_NARRATIVE_SETTINGS);
  try {
    const parsed = narrativeSettingsSchema.safeParse(JSON.parse(row.value));
    if (parsed.success) return parsed.data;
  } catch {
    // Damaged JSON falls through to the defaults: the paragraph can still be written.
  }
  return structuredClone(DEFAULT_NARRATIVE_SETTINGS);
}

/**
 * Saves the paragraph settings in the workbook (app_meta: settings, not figures, so not an undo
 * step). Call inside a mutation.
 * @throws UserFacingError naming the template that cannot be used; nothing is saved then.
 */
export function saveNarrativeSettings(db: Database, settings: NarrativeSettings): NarrativeSettings {
  checkTemplates(settings);
  db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SETTINGS_KEY, JSON.stringify(settings));
  return settings;
}

function checkTemplates(settings: NarrativeSettings): void {
  try {
    parseNarrativeTemplates(settings);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw new UserFacingError(`${error.message}请修改模板后重试。`);
    throw error;
  }
}

/** What to write about: a unit, a month, and optionally a form and indicator codes. */
export interface NarrativeRequest {
  unitId: number;
  /** `YYYY-MM`. */
  period: string;
  formId?: number | undefined;
  indicatorCodes?: string[] | undefined;
  settings?: NarrativeSettings | undefined;
  /**
   * Write from the node's 汇总 (true) or its own typed figures (false). Default: the 汇总 when
   * units in use are under it in the period, else its own figures.
   */
  consolidated?: boolean | undefined;
  /** Speak of the 项目台账 and 企业名录 counts (default true; only when the ledgers hold entries). */
  ledgers?: boolean | undefined;
}

/** The indicators to speak of, in order, and the form whose first return and 新增 setting apply. */
function selection(db: Database, request: NarrativeRequest, indicators: ReadonlyMap<number, Indicator>): { form: Form; chosen: Indicator[] } {
  const forms = listForms(db);
  const fallback = request.formId === undefined ? forms[0] : getForm(db, request.formId);
  if (!fallback) throw new UserFacingError('该工作簿还没有任何表式，无法生成工作总结。');
  const onForm = (form: Form): Indicator[] => formItems(db, form.id).flatMap((item: FormItem) => (item.type === 'indicator' ? [item.indicator] : []));
  if (request.indicatorCodes === undefined || request.indicatorCodes.length === 0) return { form: fallback, chosen: onForm(fallback) };

  const byCode = new Map([...indicators.values()].map((i) => [i.code, i]));
  const unknown = request.indicatorCodes.filter((code) => !byCode.has(code));
  if (unknown.length > 0) {
    const known = [...byCode.values()].map((i) => `${i.code} ${i.name}`).join('，');
    throw new UserFacingError(`找不到指标代码“${unknown.join('”“')}”。请检查代码，可用的指标：${known}。`);
  }
  const wanted = new Set(request.indicatorCodes);
  // In form order where the form has them (so 其中 items follow their parent), the rest as listed.
  const ordered = onForm(fallback).filter((i) => wanted.has(i.code));
  const taken = new Set(ordered.map((i) => i.id));
  const rest = [...wanted].map((code) => byCode.get(code) as Indicator).filter((i) => !taken.has(i.id));
  return { form: fallback, chosen: [...ordered, ...rest] };
}

/**
 * The 工作总结 paragraph of one unit and month, written from the form view model of the chosen
 * indicators (built by `buildFormFigures` with the 占比, 时间进度 and 预计全年 columns on, amounts
 * in each indicator's own unit) for the month, the previous return and last December. For a node
 * with units under it the figures are its 汇总 (the consolidation service's lookup, so the text
 * says what the 汇总 view shows; a total left unknown by a unit's gap is left out, never guessed).
 * The 项目台账 and 企业名录 counts of the unit and the units under it follow the indicators.
 * @throws UserFacingError for an unknown unit, form or indicator code, an unusable template, or a
 * 汇总 asked of a unit not in use in the period.
 */
export function buildNarrative(db: Database, request: NarrativeRequest): NarrativeResult {
  const unit = getUnit(db, request.unitId);
  const indicators = indicatorsById(db);
  const { form, chosen } = selection(db, request, indicators);
  const settings = request.settings ?? readNarrativeSettings(db);
  checkTemplates(settings);

  const { year, month } = parsePeriod(request.period);
  const analysisForm: Form = {
    ...form,
    options: { ...DEFAULT_FORM_OPTIONS, zeroBase: form.options.zeroBase, analysisColumns: ['share', 'timeProgress', 'projection'] },
  };
  const items: FormItem[] = chosen.map((indicator, index) => ({ itemId: index + 1, type: 'indicator', indicator, depth: 0 }));
  const consolidated = request.consolidated ?? hasUnitsUnder(db, unit.id, request.period);
  let figures: FigureLookup;
  let notes: string[] = [];
  let finish: ((view: FormView, current: boolean) => void) | null = null;
  if (consolidated) {
    const total = nodeConsolidation(db, analysisForm, unit.id, request.period, indicators);
    figures = total.figures;
    notes = scopeNotes(total.node, total.leaves, joinedThisYear(db, total.leaves, year), request.period);
    // Gaps are known for the period itself: its unknown totals are left out of the text.
    finish = (view, current) => {
      for (const row of view.rows) if (row.indicatorId !== null) markConsolidated(row, current ? total.gaps.get(row.indicatorId) : undefined, indicators.get(row.indicatorId));
    };
  } else {
    figures = StoredFigures.load(db, request.unitId, year - 1, year);
  }
  const view = (period: string): FormView => {
    const built: FormView = { formId: form.id, unitId: unit.id, ...buildFormFigures({ form: analysisForm, items, indicators, unitId: unit.id, period, figures }) };
    finish?.(built, period === request.period);
    return built;
  };
  const previousMonth = previousReturnMonth(month, form.firstReturnMonth);
  const model = narrativeModel(
    { current: view(request.period), previous: previousMonth === null ? null : view(formatPeriod(year, previousMonth)), lastYearEnd: view(formatPeriod(year - 1, 12)) },
    indicators,
    unit.name,
    form.firstReturnMonth,
    previousMonth,
  );
  if (request.ledgers !== false) model.ledger = ledgerCounts(db, unit.id, request.period, chosen);
  return { ...generateNarrative(model, settings), unitName: unit.name, period: request.period, settings, consolidated, notes };
}

/**
 * The ledger counts of the unit and the units under it for the paragraph. What an indicator of
 * the paragraph already reads from a ledger is not said twice: a chosen indicator fed by the
 * 项目台账 drops the project sentence, one counting a designation drops that designation.
 */
function ledgerCounts(db: Database, unitId: number, period: string, chosen: readonly Indicator[]): LedgerCounts {
  const ids = unitAndBelow(listUnits(db), unitId);
  const fromProjects = projectSources(db);
  const fromRoster = rosterSources(db);
  const projectsSaid = chosen.some((i) => fromProjects.has(i.id));
  const designationsSaid = new Set(chosen.flatMap((i) => fromRoster.get(i.id) ?? []));
  // Counts the form types itself (not fed from a ledger) but names like a ledger count.
  const stated = countsStatedBy(chosen.map((i) => i.name));
  const enterprises = enterpriseCounts(listEnterprises(db, ids), period);
  const projects = projectsSaid ? null : projectCounts(listProjects(db, ids), period);
  return {
    projects: projects && stated.signed ? { ...projects, signed: 0, signedLarge: 0, signedInvestment: '0' } : projects,
    enterprises: enterprises && { byDesignation: enterprises.byDesignation.filter((d) => !designationsSaid.has(d.designation) && !stated.designation(d.designation)) },
  };
}
