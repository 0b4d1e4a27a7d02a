import { type Database } from 'better-sqlite3';
import { type RosterPreviewRow } from '../../../shared/api/roster-api.js';
import { type Enterprise, type EnterpriseDesignation, mergeRosterRow, type RosterRow } from '../../../shared/roster/roster-table.js';
import { cachedStatement } from '../mutation/statement-cache.js';
import { UserFacingError } from '../user-facing-error.js';

const LIST = `SELECT id, credit_code AS creditCode, name, unit_id AS unitId, industry_code AS industryCode, above_scale AS aboveScale
  FROM enterprises WHERE unit_id IN (SELECT value FROM json_each(?)) ORDER BY unit_id, name`;
const DESIGNATIONS_OF = `SELECT enterprise_id AS enterpriseId, designation, start_period AS startPeriod, end_period AS endPeriod
  FROM enterprise_designations WHERE enterprise_id IN (SELECT value FROM json_each(?)) ORDER BY designation, start_period`;

/** The enterprises of the units `unitIds`, with their designations. */
export function listEnterprises(db: Database, unitIds: readonly number[]): Enterprise[] {
  const rows = cachedStatement(db, LIST).all(JSON.stringify(unitIds)) as Array<Omit<Enterprise, 'aboveScale' | 'designations'> & { aboveScale: number }>;
  const held = cachedStatement(db, DESIGNATIONS_OF).all(JSON.stringify(rows.map((r) => r.id))) as Array<EnterpriseDesignation & { enterpriseId: number }>;
  const byEnterprise = new Map<number, EnterpriseDesignation[]>();
  for (const { enterpriseId, ...d } of held) byEnterprise.set(enterpriseId, [...(byEnterprise.get(enterpriseId) ?? []), d]);
  return rows.map((r) => ({ ...r, aboveScale: r.aboveScale === 1, designations: byEnterprise.get(r.id) ?? [] }));
}

/** The stored enterprise with a 统一社会信用代码, or undefined. */
function byCreditCode(db: Database, creditCode: string): Enterprise | undefined {
  const row = cachedStatement(db, 'SELECT unit_id AS unitId FROM enterprises WHERE credit_code = ?').get(creditCode) as { unitId: number } | undefined;
  return row ? listEnterprises(db, [row.unitId]).find((e) => e.creditCode === creditCode) : undefined;
}

const designationKey = (list: readonly EnterpriseDesignation[]): string =>
  list
    .map((d) => `${d.designation}|${d.startPeriod}|${d.endPeriod ?? ''}`)
    .sort()
    .join(';');

/**
 * What storing `imported` would change: new, unchanged, or changed (with the Chinese names of the
 * fields); columns the file lacks (`present`) keep the stored values.
 */
export function compareWithStored(db: Database, imported: RosterRow, present: readonly string[]): Pick<RosterPreviewRow, 'change' | 'changedFields'> {
  const stored = byCreditCode(db, imported.creditCode);
  if (!stored) return { change: 'new' };
  const row = mergeRosterRow(imported, stored, present);
  const changed: string[] = [];
  if (stored.name !== row.name) changed.push('企业名称');
  if (stored.unitId !== row.unitId) changed.push('所属单位');
  if (stored.industryCode !== row.industryCode) changed.push('行业代码');
  if (stored.aboveScale !== row.aboveScale) changed.push('规模');
  if (designationKey(stored.designations) !== designationKey(row.designations)) changed.push('资质');
  return changed.length === 0 ? { change: 'unchanged' } : { change: 'changed', changedFields: changed };
}

/**
 * Stores a row matched by its 统一社会信用代码: inserts a new enterprise, or updates the stored one
 * (columns the file lacks keep their values; the designations of the file's columns are replaced).
 * Call it inside a mutation (undo and history are the pipeline's).
 */
export function upsertEnterprise(db: Database, imported: RosterRow, present: readonly string[]): 'new' | 'changed' | 'unchanged' {
  const { change } = compareWithStored(db, imported, present);
  if (change === 'unchanged') return 'unchanged';
  const row = mergeRosterRow(imported, byCreditCode(db, imported.creditCode), present);
  const existing = cachedStatement(db, 'SELECT id FROM enterprises WHERE credit_code = ?').get(row.creditCode) as { id: number } | undefined;
  let id: number;
  if (existing) {
    id = existing.id;
    cachedStatement(db, 'UPDATE enterprises SET name = ?, unit_id = ?, industry_code = ?, above_scale = ? WHERE id = ?').run(row.name, row.unitId, row.industryCode, row.aboveScale ? 1 : 0, id);
    cachedStatement(db, 'DELETE FROM enterprise_designations WHERE enterprise_id = ?').run(id);
  } else {
    id = Number(
      cachedStatement(db, 'INSERT INTO enterprises (credit_code, name, unit_id, industry_code, above_scale) VALUES (?, ?, ?, ?, ?)').run(row.creditCode, row.name, row.unitId, row.industryCode, row.aboveScale ? 1 : 0)
        .lastInsertRowid,
    );
  }
  const insert = cachedStatement(db, 'INSERT INTO enterprise_designations (enterprise_id, designation, start_period, end_period) VALUES (?, ?, ?, ?)');
  for (const d of row.designations) insert.run(id, d.designation, d.startPeriod, d.endPeriod);
  return existing ? 'changed' : 'new';
}

/** Removes an enterprise (its designations go with it). @throws UserFacingError when it no longer exists. */
export function removeEnterprise(db: Database, id: number): void {
  if (cachedStatement(db, 'DELETE FROM enterprises WHERE id = ?').run(id).changes === 0) throw new UserFacingError('该企业已不在名录中，请刷新后重试。');
}

/** The name of an enterprise, for an undo description ('' when gone). */
export function enterpriseName(db: Database, id: number): string {
  return (cachedStatement(db, 'SELECT name FROM enterprises WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? '';
}

