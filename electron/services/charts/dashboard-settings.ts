import { type Database } from 'better-sqlite3';
import { type z } from 'zod';
import { DEFAULT_DASHBOARD_CHART_KINDS, dashboardSettingsSchema, type DashboardSettings } from '../../../shared/api/charts-api.js';
import { UserFacingError } from '../user-facing-error.js';

/** app_meta key of the dashboard's choices (JSON), like the narrative settings beside it. */
const SETTINGS_KEY = 'dashboard.settings';

/** No choices: a fresh copy each time (callers may keep and change what they get). */
const none = (): DashboardSettings => ({ indicatorCodes: [], chartCode: null, chartKinds: [...DEFAULT_DASHBOARD_CHART_KINDS] });

/**
 * The dashboard choices saved with the workbook; no choices when none were saved or what was
 * saved is damaged. Codes of indicators deleted since are dropped, so the cards never show a
 * stranger.
 */
export function readDashboardSettings(db: Database): DashboardSettings {
  const row = db.prepare('SELECT value FROM app_meta WHERE key = ?').get(SETTINGS_KEY) as { value: string } | undefined;
  if (!row) return none();
  let saved: z.infer<typeof dashboardSettingsSchema>;
  try {
    const parsed = dashboardSettingsSchema.safeParse(JSON.parse(row.value));
    if (!parsed.success) return none();
    saved = parsed.data;
  } catch {
    return none();
  }
  const known = knownCodes(db);
  const chartCode = saved.chartCode !== null && known.has(saved.chartCode) ? saved.chartCode : null;
  return { indicatorCodes: saved.indicatorCodes.filter((code) => known.has(code)), chartCode, chartKinds: saved.chartKinds ?? [...DEFAULT_DASHBOARD_CHART_KINDS] };
}

function knownCodes(db: Database): Set<string> {
  return new Set((db.prepare('SELECT code FROM indicators').all() as { code: string }[]).map((r) => r.code));
}

/**
 * Saves the dashboard choices in the workbook (app_meta: a setting, not a figure). Call inside a
 * mutation.
 * @throws UserFacingError naming an indicator code the workbook does not have; nothing is saved then.
 */
export function saveDashboardSettings(db: Database, settings: z.infer<typeof dashboardSettingsSchema>): DashboardSettings {
  const known = knownCodes(db);
  const unknown = [...settings.indicatorCodes, ...(settings.chartCode === null ? [] : [settings.chartCode])].filter((code) => !known.has(code));
  if (unknown.length > 0) throw new UserFacingError(`找不到指标代码“${[...new Set(unknown)].join('”“')}”，看板设置未保存。请在指标体系中核对后重新选择。`);
  const clean: DashboardSettings = { indicatorCodes: [...new Set(settings.indicatorCodes)], chartCode: settings.chartCode, chartKinds: settings.chartKinds ?? [...DEFAULT_DASHBOARD_CHART_KINDS] };
  db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SETTINGS_KEY, JSON.stringify(clean));
  return clean;
}
