import { type AuditReport } from '../../../shared/api/audit-api.js';
import { type ImportPreview } from '../../../shared/domain/template.js';

/** The audit of one unit's month after an import: counts and the first messages, 强制 first. */
export interface ImportAuditRow {
  unitId: number;
  unitName: string;
  hard: number;
  soft: number;
  /** 提示 findings still without an explanation. */
  unexplained: number;
  /** Up to {@link SHOWN_MESSAGES} messages, 强制 first, each prefixed with its severity. */
  messages: string[];
}

/** What the import dialog shows once the import is written. */
export interface ImportAuditSummary {
  applied: number;
  rows: ImportAuditRow[];
  /** Set when the audit itself could not run (the import is written all the same). */
  error: string | null;
}

const SHOWN_MESSAGES = 3;

/** The units an import wrote to: each file's unit, else the unit the import was started for. */
export function importedUnits(preview: ImportPreview, fallbackUnitId: number): { unitId: number; unitName: string | null }[] {
  const units = new Map<number, string | null>();
  for (const file of preview.files) {
    if (!file.cells.some((c) => c.status === 'new' || c.status === 'changed')) continue;
    const unitId = file.unitId ?? fallbackUnitId;
    if (!units.has(unitId) || units.get(unitId) === null) units.set(unitId, file.unitName);
  }
  return [...units].map(([unitId, unitName]) => ({ unitId, unitName }));
}

/** One row of the summary from a unit's audit report. */
export function importAuditRow(unitId: number, unitName: string, report: AuditReport): ImportAuditRow {
  const messages = [...report.hard.map((f) => `强制：${f.message}`), ...report.soft.map((f) => `提示：${f.message}`)].slice(0, SHOWN_MESSAGES);
  return { unitId, unitName, hard: report.hard.length, soft: report.soft.length, unexplained: report.unexplained, messages };
}

/**
 * Audits every unit an import wrote to, for the import's month on `formId`, through
 * `run` (the `audit:run` channel). A failing audit is reported in `error`, never thrown: the
 * import has been written either way.
 */
export async function auditImport(
  preview: ImportPreview,
  applied: number,
  formId: number,
  fallbackUnitId: number,
  run: (where: { unitId: number; formId: number; period: string }) => Promise<AuditReport>,
): Promise<ImportAuditSummary> {
  const rows: ImportAuditRow[] = [];
  try {
    for (const { unitId, unitName } of importedUnits(preview, fallbackUnitId)) {
      rows.push(importAuditRow(unitId, unitName ?? '本单位', await run({ unitId, formId, period: preview.period })));
    }
    return { applied, rows, error: null };
  } catch (error) {
    return { applied, rows, error: `审核未能完成：${(error as Error).message}` };
  }
}
