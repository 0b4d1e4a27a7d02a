import { type Database } from 'better-sqlite3';
import { type UnitFields } from '../../../shared/api/catalog-api.js';
import { type ReportingUnit } from '../../../shared/domain/catalog.js';
import { cachedStatement } from '../mutation/statement-cache.js';
import { UserFacingError } from '../user-facing-error.js';
import { explainUniqueViolation } from './sql-errors.js';

/** Reporting units (填报单位) in tree order: parents before their children. */
export function listUnits(db: Database): ReportingUnit[] {
  const rows = cachedStatement(db, 'SELECT id, code, name, parent_id FROM reporting_units ORDER BY sort_order, id').all() as {
    id: number;
    code: string;
    name: string;
    parent_id: number | null;
  }[];
  const units = rows.map((r) => ({ id: r.id, code: r.code, name: r.name, parentId: r.parent_id }));
  const ordered: ReportingUnit[] = [];
  const visit = (parentId: number | null): void => {
    for (const unit of units.filter((u) => u.parentId === parentId)) {
      ordered.push(unit);
      visit(unit.id);
    }
  };
  visit(null);
  return ordered;
}

/** One unit. @throws UserFacingError when it no longer exists. */
export function getUnit(db: Database, unitId: number): ReportingUnit {
  // One row by key: every save checks its unit, and listing (and ordering) 200 units each time
  // was most of a single-cell edit's cost.
  const row = cachedStatement(db, 'SELECT id, code, name, parent_id FROM reporting_units WHERE id = ?').get(unitId) as
    | { id: number; code: string; name: string; parent_id: number | null }
    | undefined;
  if (!row) throw new UserFacingError('找不到该填报单位，它可能已被删除。');
  return { id: row.id, code: row.code, name: row.name, parentId: row.parent_id };
}

function assertParentAllowed(db: Database, unitId: number | null, parentId: number | null): void {
  if (parentId === null) return;
  const units = new Map(listUnits(db).map((u) => [u.id, u]));
  if (!units.has(parentId)) throw new UserFacingError('所选的上级单位不存在。');
  for (let p: number | null = parentId; p !== null; p = units.get(p)?.parentId ?? null) {
    if (p === unitId) throw new UserFacingError('不能把单位设为它自己或它下级单位的下级。');
  }
}

/** Adds a unit at the end of the list. @throws UserFacingError for a used code or a missing parent. */
export function addUnit(db: Database, fields: UnitFields): void {
  assertParentAllowed(db, null, fields.parentId);
  try {
    cachedStatement(db, 'INSERT INTO reporting_units (code, name, parent_id, sort_order) VALUES (?, ?, ?, (SELECT coalesce(max(sort_order), 0) + 1 FROM reporting_units))').run(
      fields.code,
      fields.name,
      fields.parentId,
    );
  } catch (error) {
    explainUniqueViolation(error, '单位', fields.code);
  }
}

/** Changes a unit's code, name and parent. @throws UserFacingError for a cycle, a used code or a vanished unit. */
export function updateUnit(db: Database, unitId: number, fields: UnitFields): void {
  assertParentAllowed(db, unitId, fields.parentId);
  try {
    const info = cachedStatement(db, 'UPDATE reporting_units SET code = ?, name = ?, parent_id = ? WHERE id = ?').run(fields.code, fields.name, fields.parentId, unitId);
    if (info.changes === 0) throw new UserFacingError('该单位已不存在，请刷新后重试。');
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    explainUniqueViolation(error, '单位', fields.code);
  }
}

/** Removes a unit that has no figures and no subordinate units. */
export function removeUnit(db: Database, unitId: number): void {
  const values = (cachedStatement(db, 'SELECT count(*) AS n FROM cell_values WHERE unit_id = ?').get(unitId) as { n: number }).n;
  if (values > 0) throw new UserFacingError(`该单位已有 ${values} 个数据，不能删除。`);
  const children = (cachedStatement(db, 'SELECT count(*) AS n FROM reporting_units WHERE parent_id = ?').get(unitId) as { n: number }).n;
  if (children > 0) throw new UserFacingError('该单位下还有下级单位，请先删除或改挂下级单位。');
  if (listUnits(db).length <= 1) throw new UserFacingError('工作簿至少需要保留一个填报单位。');
  cachedStatement(db, 'DELETE FROM reporting_units WHERE id = ?').run(unitId);
}
