import { type ImportPreviewAudit, type ImportPreviewFinding } from '../../../shared/api/audit-api.js';
import { type AuditFinding } from '../../../shared/audit/audit-rules.js';
import { getUnit } from '../catalog/unit-repo.js';
import { type WorkbookSession } from '../context.js';
import { type PreviewedFigure, previewedFigures } from '../templates/template-import.js';
import { auditPlan, auditUnit } from './run-audit.js';

/** The same finding before and after an import: one rule on one indicator's cell. */
const findingKey = (f: AuditFinding): string => `${f.ruleKey}|${f.indicatorId}|${f.column}`;

/** The return's cell a finding is about: the incoming figure of its indicator in the finding's column, else any of that indicator. */
function cellOf(finding: AuditFinding, figures: readonly PreviewedFigure[]): string | null {
  const own = figures.filter((f) => f.indicatorId === finding.indicatorId);
  return (own.find((f) => f.field === finding.column) ?? own[0])?.label ?? null;
}

/**
 * The audit of an import preview's incoming values, before anything is written: every unit the
 * preview writes to is audited for the preview's month on `formId` with the incoming figures in
 * place of the stored ones (the same rules and figure model as `audit:run`). A finding is shown
 * when it is about a figure the import writes, or when the import brings it about (it was not
 * there before: e.g. a 合计 imported below a stored 其中); each names the return's cell.
 * @throws UserFacingError for an unknown/expired preview or a vanished form.
 */
export function auditImportPreview(session: WorkbookSession, previewId: string, formId: number): ImportPreviewAudit {
  const { preview, figures } = previewedFigures(session, previewId);
  const plan = auditPlan(session, formId);
  const byUnit = new Map<number, PreviewedFigure[]>();
  for (const f of figures) byUnit.set(f.unitId, [...(byUnit.get(f.unitId) ?? []), f]);
  const found: ImportPreviewFinding[] = [];
  const problems = [...plan.problems];
  for (const [unitId, incoming] of byUnit) {
    const unitName = getUnit(session.db, unitId).name;
    const before = new Set(auditUnit(session.db, plan, unitId, preview.period).findings.map(findingKey));
    const after = auditUnit(
      session.db,
      plan,
      unitId,
      preview.period,
      incoming.map((f) => ({ indicatorId: f.indicatorId, period: f.period, field: f.field, value: f.incoming })),
    );
    const written = new Set(incoming.map((f) => f.indicatorId));
    for (const finding of after.findings) {
      if (!written.has(finding.indicatorId) && before.has(findingKey(finding))) continue;
      found.push({ ...finding, unitId, unitName, cell: cellOf(finding, incoming) });
    }
    for (const problem of after.problems) if (!problems.some((p) => p.ruleKey === problem.ruleKey)) problems.push(problem);
  }
  found.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'hard' ? -1 : 1));
  return { period: preview.period, findings: found, problems };
}
