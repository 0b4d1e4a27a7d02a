import { type PeriodLogEntry, type PeriodStatus, PERIOD_STATUS_LABELS, type PeriodStatusView } from '../../../shared/api/audit-api.js';
import { periodWords } from '../../../shared/stats/index.js';
import { getForm } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { type WorkbookSession } from '../context.js';
import { type MutationScope } from '../mutation/run-mutation.js';
import { UserFacingError } from '../user-facing-error.js';
import { auditReport } from './run-audit.js';

function storedStatus(session: WorkbookSession, unitId: number, formId: number, period: string): 'submitted' | 'returned' | null {
  const row = session.statement('SELECT status FROM period_status WHERE unit_id = ? AND form_id = ? AND period = ?').get(unitId, formId, period) as
    | { status: 'submitted' | 'returned' }
    | undefined;
  return row?.status ?? null;
}

function hasFigures(session: WorkbookSession, unitId: number, formId: number, period: string): boolean {
  return (
    session
      .statement(
        "SELECT 1 FROM form_items fi JOIN cell_values v ON v.indicator_id = fi.indicator_id AND v.unit_id = ? AND v.period = ? AND v.field IN ('month', 'cumulative', 'note') WHERE fi.form_id = ? LIMIT 1",
      )
      .get(unitId, period, formId) !== undefined
  );
}

/**
 * The workflow status of a unit's form for a month: 已上报 and 退回 as recorded; otherwise
 * 未录入 without figures, 已审核 when the audit passes (no 强制 finding, every 提示 explained),
 * else 暂存. Derived each time, so an edit after the audit is never shown as 已审核.
 * @throws UserFacingError for a vanished unit or form.
 */
export function periodStatus(session: WorkbookSession, unitId: number, formId: number, period: string): PeriodStatusView {
  getUnit(session.db, unitId);
  getForm(session.db, formId);
  const stored = storedStatus(session, unitId, formId, period);
  let status: PeriodStatus;
  if (stored !== null) status = stored;
  else if (!hasFigures(session, unitId, formId, period)) status = 'empty';
  else status = auditReport(session, unitId, formId, period).passed ? 'audited' : 'draft';
  const log = (
    session.statement('SELECT action, reason, at, user FROM period_status_log WHERE unit_id = ? AND form_id = ? AND period = ? ORDER BY id DESC').all(unitId, formId, period) as PeriodLogEntry[]
  ).map((r) => ({ action: r.action, reason: r.reason, at: r.at, user: r.user }));
  return { unitId, formId, period, status, label: PERIOD_STATUS_LABELS[status], locked: status === 'submitted', log };
}

function record(scope: MutationScope, unitId: number, formId: number, period: string, status: 'submitted' | 'returned', action: 'submit' | 'unlock', reason: string | null): void {
  const { session, at } = scope;
  session
    .statement(
      `INSERT INTO period_status (unit_id, form_id, period, status, updated_at, user) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (unit_id, form_id, period) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, user = excluded.user`,
    )
    .run(unitId, formId, period, status, at, session.user);
  session.statement('INSERT INTO period_status_log (unit_id, form_id, period, action, reason, at, user) VALUES (?, ?, ?, ?, ?, ?, ?)').run(unitId, formId, period, action, reason, at, session.user);
}

/**
 * 上报 a unit's form for a month, inside the running mutation: refused while a 强制 finding or an
 * unexplained 提示 finding stands (the audit runs here, on the committed figures), or when there
 * is nothing to submit. Locks the month's cells.
 * @throws UserFacingError with the reason in Chinese.
 */
export function submitPeriod(scope: MutationScope, unitId: number, formId: number, period: string): PeriodStatusView {
  const { session } = scope;
  const form = getForm(session.db, formId);
  const where = `${periodWords(period)}“${form.name}”`;
  if (storedStatus(session, unitId, formId, period) === 'submitted') throw new UserFacingError(`${where}已经上报，无需重复上报。`);
  if (!hasFigures(session, unitId, formId, period)) throw new UserFacingError(`${where}还没有录入任何数据，不能上报。`);
  const report = auditReport(session, unitId, formId, period);
  if (report.hard.length > 0) {
    const first = report.hard[0];
    throw new UserFacingError(`${where}还有 ${report.hard.length} 条强制性审核问题，不能上报。请先修改数据：${first ? first.message : ''}`);
  }
  if (report.unexplained > 0) {
    throw new UserFacingError(`${where}还有 ${report.unexplained} 条提示性审核问题没有填写说明，不能上报。请在审核面板中逐条或批量填写说明。`);
  }
  record(scope, unitId, formId, period, 'submitted', 'submit', null);
  return periodStatus(session, unitId, formId, period);
}

/**
 * 撤回上报 (unlock) inside the running mutation: the month becomes 退回 and editable again; the
 * reason is logged with the time and the OS user.
 * @throws UserFacingError when the month is not submitted.
 */
export function unlockPeriod(scope: MutationScope, unitId: number, formId: number, period: string, reason: string): PeriodStatusView {
  const { session } = scope;
  const form = getForm(session.db, formId);
  if (storedStatus(session, unitId, formId, period) !== 'submitted') throw new UserFacingError(`${periodWords(period)}“${form.name}”尚未上报，无需撤回。`);
  record(scope, unitId, formId, period, 'returned', 'unlock', reason);
  return periodStatus(session, unitId, formId, period);
}
