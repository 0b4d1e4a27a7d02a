import { type CompletenessRow, type CompletenessView } from '../../../shared/api/completeness-api.js';
import { type PeriodStatus, PERIOD_STATUS_LABELS } from '../../../shared/api/audit-api.js';
import { type FormView } from '../../../shared/domain/grid.js';
import { formatDecimal, periodWords, share } from '../../../shared/stats/index.js';
import { type UnitTreeNode, flattenTree } from '../../../shared/units/unit-tree.js';
import { periodStatus } from '../audit/period-workflow.js';
import { getForm } from '../catalog/indicator-repo.js';
import { scopeOf } from '../consolidation/consolidation-view.js';
import { type WorkbookSession } from '../context.js';
import { buildFormView } from '../grid/form-view.js';

/**
 * The cells of a form view the unit types and how many hold a figure: an indicator row counts
 * when its 本月 or 累计 is typed by the clerk (rows read from a ledger or computed from other
 * indicators are not); it is filled when either has a figure (the 必填 rule's test).
 */
export function filledCells(view: FormView): { required: number; filled: number; fillRate: string | null } {
  let required = 0;
  let filled = 0;
  for (const row of view.rows) {
    const { month, cumulative } = row.cells;
    if (row.indicatorId === null || !(month?.editable === true || cumulative?.editable === true)) continue;
    required++;
    if ((month?.value ?? null) !== null || (cumulative?.value ?? null) !== null) filled++;
  }
  const rate = share(String(filled), String(required));
  return { required, filled, fillRate: rate === null ? null : formatDecimal(rate, 1) };
}

/**
 * 报送情况 of a form for a month: every unit under `unitId` in use in the period (the unit itself
 * when none is under it), in tree order, with its period status (from the period workflow: 未录入 /
 * 暂存 / 已审核 / 已上报 / 退回), the cells it types and how many are filled, and its last 上报 or
 * 撤回. Counts per status are of the units whose own returns make up the totals.
 * @throws UserFacingError for an unknown form or unit, or a unit not in use in the period.
 */
export function completenessView(session: WorkbookSession, formId: number, unitId: number, period: string): CompletenessView {
  const form = getForm(session.db, formId);
  const { node } = scopeOf(session.db, unitId, period);
  const listed: UnitTreeNode[] = node.children.length === 0 ? [node] : flattenTree(node).slice(1);
  const rows = listed.map((n): CompletenessRow => {
    const state = periodStatus(session, n.unit.id, formId, period);
    const last = state.log[0];
    return {
      unitId: n.unit.id,
      code: n.unit.code,
      name: n.unit.name,
      depth: Math.max(0, n.depth - 1),
      consolidated: n.children.length > 0,
      status: state.status,
      label: state.label,
      ...filledCells(buildFormView(session.db, formId, n.unit.id, period, session.caches)),
      lastAction: last ? { action: last.action, at: last.at, user: last.user } : null,
    };
  });
  const counts: Record<PeriodStatus, number> = { empty: 0, draft: 0, audited: 0, submitted: 0, returned: 0 };
  const reporting = rows.filter((r) => !r.consolidated);
  for (const r of reporting) counts[r.status]++;
  const said = (Object.keys(counts) as PeriodStatus[]).filter((s) => counts[s] > 0).map((s) => `${PERIOD_STATUS_LABELS[s]}${counts[s]}个`);
  const notes = [`${periodWords(period)}“${form.name}”：“${node.unit.name}”下${reporting.length}个填报单位，${said.join('，')}。`];
  const missing = reporting.filter((r) => r.status === 'empty' || r.status === 'returned');
  if (missing.length > 0) notes.push(`尚待报送：${missing.map((r) => `${r.name}（${r.label}）`).join('、')}。`);
  if (rows.some((r) => r.consolidated)) notes.push('有下级单位的单位按汇总取数，其本身的报表可不填。');
  return { formId, formName: form.name, unitId, unitName: node.unit.name, period, rows, counts, notes };
}
