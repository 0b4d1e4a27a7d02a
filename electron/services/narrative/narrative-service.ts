import { type Database } from 'better-sqlite3';
import { narrativeSettingsSchema, type NarrativeResult } from '../../../shared/api/narrative-api.js';
import { DEFAULT_FORM_OPTIONS, type Form, type FormItem, type Indicator } from '../../../shared/domain/catalog.js';
import { type FormView } from '../../../shared/domain/grid.js';
import { buildFormFigures } from '../../../shared/figures/form-figures.js';
import {
  DEFAULT_NARRATIVE_SETTINGS,
  type NarrativeSettings,
  TemplateSyntaxError,
  generateNarrative,
  narrativeModel,
  parseNarrativeTemplates,
} from '../../../shared/narrative/index.js';
import { formatPeriod, parsePeriod, previousReturnMonth } from '../../../shared/stats/index.js';
import { formItems, getForm, indicatorsById, listForms } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { StoredFigures } from '../grid/stored-figures.js';
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
 * in each indicator's own unit) for the month, the previous return and last December.
 * @throws UserFacingError for an unknown unit, form or indicator code, or an unusable template.
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
  const figures = StoredFigures.load(db, request.unitId, year - 1, year);
  const view = (period: string): FormView => ({ formId: form.id, unitId: unit.id, ...buildFormFigures({ form: analysisForm, items, indicators, unitId: unit.id, period, figures }) });
  const previousMonth = previousReturnMonth(month, form.firstReturnMonth);
  const model = narrativeModel(
    { current: view(request.period), previous: previousMonth === null ? null : view(formatPeriod(year, previousMonth)), lastYearEnd: view(formatPeriod(year - 1, 12)) },
    indicators,
    unit.name,
    form.firstReturnMonth,
    previousMonth,
  );
  return { ...generateNarrative(model, settings), unitName: unit.name, period: request.period, settings };
}
