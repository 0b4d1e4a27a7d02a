import { type Database } from 'better-sqlite3';
import { type UnitFields } from '../../../shared/api/catalog-api.js';
import { type ReportingUnit } from '../../../shared/domain/catalog.js';
import { periodWords } from '../../../shared/stats/index.js';
import { isUnitActive } from '../../../shared/units/unit-tree.js';
import { cachedStatement } from '../mutation/statement-cache.js';
import { UserFacingError } from '../user-facing-error.js';
import { explainUniqueViolation } from './sql-errors.js';

/** Reporting units (填报单位) in tree order: parents before their children. */
export function listUnits(db: Database): ReportingUnit[] {
  const rows = cachedStatement(db, 'SELECT id, code, name, parent_id, joined_period, retired_period FROM reporting_units ORDER BY sort_order, id').all() as {
    id: number;
    code: string;
    name: string;
    parent_id: number | null;
    joined_period: string | null;
    retired_period: string | null;
  }[];
  const units: ReportingUnit[] = rows.map((r) => ({ id: r.id, code: r.code, name: r.name, parentId: r.parent_id, joinedPeriod: r.joined_period, retiredPeriod: r.retired_period }));
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
  const row = cachedStatement(db, 'SELECT id, code, name, parent_id, joined_period, retired_period FROM reporting_units WHERE id = ?').get(unitId) as
    | { id: number; code: string; name: string; parent_id: number | null; joined_period: string | null; retired_period: string | null }
    | undefined;
  if (!row) throw new UserFacingError('找不到该填报单位，它可能已被删除。');
  return { id: row.id, code: row.code, name: row.name, parentId: row.parent_id, joinedPeriod: row.joined_period, retiredPeriod: row.retired_period };
}

function assertParentAllowed(db: Database, unitId: number | null, parentId: number | null): void {
  if (parentId === null) return;
  const units = new Map(listUnits(db).map((u) => [u.id, u]));
  const parent = units.get(parentId);
  if (!parent) throw new UserFacingError('所选的上级单位不存在。');
  if (parent.retiredPeriod !== null) throw new UserFacingError(`上级单位“${parent.name}”已于${periodWords(parent.retiredPeriod)}停用，不能再挂靠下级单位。`);
  for (let p: number | null = parentId; p !== null; p = units.get(p)?.parentId ?? null) {
    if (p === unitId) throw new UserFacingError('不能把单位设为它自己或它下级单位的下级。');
  }
}

/** Adds a unit at the end of the list. @throws UserFacingError for a used code or a missing parent. */
export function addUnit(db: Database, fields: UnitFields): void {
  assertParentAllowed(db, null, fields.parentId);
  try {
    cachedStatement(
      db,
      'INSERT INTO reporting_units (code, name, parent_id, joined_period, sort_order) VALUES (?, ?, ?, ?, (SELECT coalesce(max(sort_order), 0) + 1 FROM reporting_units))',
    ).run(fields.code, fields.name, fields.parentId, fields.joinedPeriod ?? null);
  } catch (error) {
    explainUniqueViolation(error, '单位', fields.code);
  }
}

/**
 * Changes a unit's code, name, parent (moves it with its subordinates) and, when given, the
 * period it joined (`joinedPeriod` absent: unchanged). Figures stay with the unit.
 * @throws UserFacingError for a cycle, a retired parent, a used code or a vanished unit.
 */
export function updateUnit(db: Database, unitId: number, fields: UnitFields): void {
  assertParentAllowed(db, unitId, fields.parentId);
  const current = getUnit(db, unitId);
  const joined = fields.joinedPeriod === undefined ? current.joinedPeriod : fields.joinedPeriod;
  if (joined !== null && current.retiredPeriod !== null && joined >= current.retiredPeriod) {
    throw new UserFacingError(`加入期别须早于停用期别（${periodWords(current.retiredPeriod)}）。`);
  }
  try {
    const info = cachedStatement(db, 'UPDATE reporting_units SET code = ?, name = ?, parent_id = ?, joined_period = ? WHERE id = ?').run(
      fields.code,
      fields.name,
      fields.parentId,
      joined,
      unitId,
    );
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
  const enterprises = (cachedStatement(db, 'SELECT count(*) AS n FROM enterprises WHERE unit_id = ?').get(unitId) as { n: number }).n;
  if (enterprises > 0) throw new UserFacingError(`企业名录中有 ${enterprises} 家企业属于该单位，不能删除。可改为“停用”，或先把这些企业改挂到其他单位。`);
  const projects = (cachedStatement(db, 'SELECT count(*) AS n FROM projects WHERE unit_id = ?').get(unitId) as { n: number }).n;
  if (projects > 0) throw new UserFacingError(`项目台账中有 ${projects} 个项目属于该单位，不能删除。可改为“停用”，或先把这些项目改挂到其他单位。`);
  const children = (cachedStatement(db, 'SELECT count(*) AS n FROM reporting_units WHERE parent_id = ?').get(unitId) as { n: number }).n;
  if (children > 0) throw new UserFacingError('该单位下还有下级单位，请先删除或改挂下级单位。');
  if (listUnits(db).length <= 1) throw new UserFacingError('工作簿至少需要保留一个填报单位。');
  cachedStatement(db, 'DELETE FROM reporting_units WHERE id = ?').run(unitId);
}

/**
 * Retires a unit from `period` (`YYYY-MM`, the first period it no longer appears in), or with
 * `null` puts a retired unit back in use. Its figures and history stay; it only drops out of the
 * periods from then on (entry lists, 汇总, comparison).
 * @throws UserFacingError when subordinates are still in use then, the period is not after the
 *   unit joined, or no other unit would be left in use.
 */
export function retireUnit(db: Database, unitId: number, period: string | null): void {
  const units = listUnits(db);
  const unit = getUnit(db, unitId);
  if (period !== null) {
    if (unit.joinedPeriod !== null && period <= unit.joinedPeriod) {
      throw new UserFacingError(`“${unit.name}”于${periodWords(unit.joinedPeriod)}加入，停用期别须晚于加入期别。`);
    }
    const busy = units.filter((u) => u.parentId === unitId && isUnitActive(u, period));
    if (busy.length > 0) {
      throw new UserFacingError(`“${unit.name}”下还有在用的下级单位（${busy.map((u) => u.name).join('、')}），请先停用或改挂下级单位。`);
    }
    if (!units.some((u) => u.id !== unitId && u.retiredPeriod === null)) throw new UserFacingError('工作簿至少需要保留一个在用的填报单位。');
  } else if (unit.parentId !== null) {
    const parent = units.find((u) => u.id === unit.parentId);
    if (parent?.retiredPeriod) throw new UserFacingError(`上级单位“${parent.name}”已停用，请先恢复上级单位或改挂到其他单位。`);
  }
  cachedStatement(db, 'UPDATE reporting_units SET retired_period = ? WHERE id = ?').run(period, unitId);
}
