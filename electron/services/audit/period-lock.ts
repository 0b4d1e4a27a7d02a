import { type CellChange } from '../../../shared/api/grid-api.js';
import { periodWords } from '../../../shared/stats/index.js';
import { getUnit } from '../catalog/unit-repo.js';
import { type WorkbookSession } from '../context.js';
import { type LogRange } from '../grid/edit-history.js';
import { UserFacingError } from '../user-facing-error.js';

/**
 * Refuses a write into a submitted month: called by the one write path (grid/save-changes.ts
 * `writeChanges`) for edits, pastes, clears, imports and 复制上期 alike. Annual targets (`YYYY`)
 * are not part of a month's return and stay writable. One query when nothing is submitted.
 * @throws UserFacingError naming the unit, month, form and indicator.
 */
export function assertPeriodsWritable(session: WorkbookSession, items: readonly { unitId: number; change: CellChange }[]): void {
  if (items.length === 0 || session.statement("SELECT 1 FROM period_status WHERE status = 'submitted' LIMIT 1").get() === undefined) return;
  const locked = new Map<string, Map<number, string>>();
  const lockedOf = (unitId: number, period: string): Map<number, string> => {
    const key = `${unitId}|${period}`;
    let found = locked.get(key);
    if (!found) {
      const rows = session
        .statement(
          "SELECT fi.indicator_id AS id, f.name AS form FROM period_status s JOIN form_items fi ON fi.form_id = s.form_id AND fi.indicator_id IS NOT NULL JOIN forms f ON f.id = s.form_id WHERE s.unit_id = ? AND s.period = ? AND s.status = 'submitted'",
        )
        .all(unitId, period) as { id: number; form: string }[];
      found = new Map(rows.map((r) => [r.id, r.form]));
      locked.set(key, found);
    }
    return found;
  };
  for (const { unitId, change } of items) {
    if (change.period.length !== 7) continue;
    const form = lockedOf(unitId, change.period).get(change.indicatorId);
    if (form === undefined) continue;
    const unit = getUnit(session.db, unitId);
    const indicator = session.statement('SELECT name FROM indicators WHERE id = ?').get(change.indicatorId) as { name: string } | undefined;
    throw new UserFacingError(
      `${unit.name}${periodWords(change.period)}“${form}”已上报，数据已锁定，不能修改“${indicator?.name ?? ''}”。如需修改，请先撤回上报（需填写原因）。未保存任何修改。`,
    );
  }
}

/**
 * Refuses an undo or redo of a step that changed figures of a month submitted since: Ctrl+Z must
 * not reach around the lock. The step's cells are the change_log rows it first wrote.
 * @throws UserFacingError as {@link assertPeriodsWritable}.
 */
export function assertStepWritable(session: WorkbookSession, changeLogIds: LogRange): void {
  if (session.statement("SELECT 1 FROM period_status WHERE status = 'submitted' LIMIT 1").get() === undefined) return;
  const cells = session
    .statement('SELECT DISTINCT unit_id AS unitId, indicator_id AS indicatorId, period FROM change_log WHERE id BETWEEN ? AND ?')
    .all(changeLogIds.first, changeLogIds.last) as {
    unitId: number;
    indicatorId: number;
    period: string;
  }[];
  assertPeriodsWritable(
    session,
    cells.map((c) => ({ unitId: c.unitId, change: { indicatorId: c.indicatorId, period: c.period, field: 'month', value: null } })),
  );
}
