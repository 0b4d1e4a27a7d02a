import { type Database } from 'better-sqlite3';
import { type ProjectFields } from '../../../shared/api/project-api.js';
import { type Project, type ProjectStatus, type StatusChange } from '../../../shared/ledger/project-ledger.js';
import { mergeProjectRow, type ProjectRow } from '../../../shared/ledger/project-table.js';
import { cachedStatement } from '../mutation/statement-cache.js';
import { UserFacingError } from '../user-facing-error.js';

const LIST = `SELECT id, name, unit_id AS unitId, category, total_investment AS totalInvestment, planned_start AS plannedStart,
    planned_end AS plannedEnd, progress_text AS progressText, leader
  FROM projects WHERE unit_id IN (SELECT value FROM json_each(?)) ORDER BY unit_id, id`;
const HISTORY = `SELECT project_id AS projectId, status, period FROM project_status_log WHERE project_id IN (SELECT value FROM json_each(?)) ORDER BY period, id`;
const AMOUNTS = `SELECT project_id AS projectId, period, value FROM project_amounts WHERE project_id IN (SELECT value FROM json_each(?))`;

/** The projects of the units `unitIds`, with their status history, plans and monthly investment. */
export function listProjects(db: Database, unitIds: readonly number[]): Project[] {
  const rows = cachedStatement(db, LIST).all(JSON.stringify(unitIds)) as Array<Omit<Project, 'statusHistory' | 'annualPlans' | 'monthlyInvestment'>>;
  const ids = JSON.stringify(rows.map((r) => r.id));
  const history = cachedStatement(db, HISTORY).all(ids) as Array<StatusChange & { projectId: number }>;
  const amounts = cachedStatement(db, AMOUNTS).all(ids) as Array<{ projectId: number; period: string; value: string }>;
  return rows.map((r) => {
    const project: Project = { ...r, statusHistory: [], annualPlans: {}, monthlyInvestment: {} };
    for (const h of history) if (h.projectId === r.id) project.statusHistory.push({ status: h.status, period: h.period });
    for (const a of amounts) {
      if (a.projectId !== r.id) continue;
      if (a.period.length === 4) project.annualPlans[a.period] = a.value;
      else project.monthlyInvestment[a.period] = a.value;
    }
    return project;
  });
}

/** A project's name, for undo descriptions ('' when gone). */
export function projectName(db: Database, id: number): string {
  return (cachedStatement(db, 'SELECT name FROM projects WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? '';
}

function assertProject(db: Database, id: number): void {
  if (projectName(db, id) === '') throw new UserFacingError('该项目已不在台账中，请刷新后重试。');
}

/**
 * Adds a project (`id` absent) or changes one. @throws UserFacingError for a name already used
 * by another project, or a unit that does not exist.
 */
export function saveProject(db: Database, fields: ProjectFields, id?: number): number {
  const unit = cachedStatement(db, 'SELECT id FROM reporting_units WHERE id = ?').get(fields.unitId);
  if (!unit) throw new UserFacingError('所选的所属单位不存在。');
  const clash = cachedStatement(db, 'SELECT id FROM projects WHERE name = ?').get(fields.name) as { id: number } | undefined;
  if (clash && clash.id !== id) throw new UserFacingError(`台账中已有名为“${fields.name}”的项目，请换一个名称。`);
  const values = [fields.name, fields.unitId, fields.category, fields.totalInvestment, fields.plannedStart, fields.plannedEnd, fields.progressText, fields.leader];
  if (id === undefined) {
    return Number(
      cachedStatement(db, 'INSERT INTO projects (name, unit_id, category, total_investment, planned_start, planned_end, progress_text, leader) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(...values).lastInsertRowid,
    );
  }
  assertProject(db, id);
  cachedStatement(db, 'UPDATE projects SET name = ?, unit_id = ?, category = ?, total_investment = ?, planned_start = ?, planned_end = ?, progress_text = ?, leader = ? WHERE id = ?').run(...values, id);
  return id;
}

/**
 * Records a change of 状态 in a month (`YYYY-MM`); the same status again in that month is a
 * no-op. @throws UserFacingError when the project is gone.
 */
export function setProjectStatus(db: Database, id: number, status: ProjectStatus, period: string): void {
  assertProject(db, id);
  cachedStatement(db, 'INSERT INTO project_status_log (project_id, status, period) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(id, status, period);
}

/** Sets (or with null clears) a 年度计划投资 (`period` YYYY) or a 本月完成投资 (`period` YYYY-MM). */
export function setProjectAmount(db: Database, id: number, period: string, value: string | null): void {
  assertProject(db, id);
  if (value === null) cachedStatement(db, 'DELETE FROM project_amounts WHERE project_id = ? AND period = ?').run(id, period);
  else cachedStatement(db, 'INSERT INTO project_amounts (project_id, period, value) VALUES (?, ?, ?) ON CONFLICT (project_id, period) DO UPDATE SET value = excluded.value').run(id, period, value);
}

/** Removes a project with its history and amounts. */
export function removeProject(db: Database, id: number): void {
  assertProject(db, id);
  cachedStatement(db, 'DELETE FROM projects WHERE id = ?').run(id);
}

/** The stored project of that name, or undefined. */
function byName(db: Database, name: string): Project | undefined {
  const row = cachedStatement(db, 'SELECT unit_id AS unitId FROM projects WHERE name = ?').get(name) as { unitId: number } | undefined;
  return row ? listProjects(db, [row.unitId]).find((p) => p.name === name) : undefined;
}

/** What importing `imported` would change: new, unchanged, or changed (with the Chinese names of the fields); columns the file lacks keep the stored values. */
export function compareProjectRow(db: Database, imported: ProjectRow, present: readonly string[]): { change: 'new' | 'changed' | 'unchanged'; changedFields?: string[] } {
  const stored = byName(db, imported.name);
  if (!stored) return { change: 'new' };
  const row = mergeProjectRow(imported, stored, present);
  const changed: string[] = [];
  if (stored.unitId !== row.unitId) changed.push('所属单位');
  if (stored.category !== row.category) changed.push('类别');
  if (stored.totalInvestment !== row.totalInvestment) changed.push('总投资');
  if (stored.plannedStart !== row.plannedStart || stored.plannedEnd !== row.plannedEnd) changed.push('计划开竣工');
  if (stored.progressText !== row.progressText) changed.push('形象进度');
  if (stored.leader !== row.leader) changed.push('包联领导');
  if (row.status && !stored.statusHistory.some((h) => h.status === row.status?.status && h.period === row.status.period)) changed.push('状态');
  return changed.length === 0 ? { change: 'unchanged' } : { change: 'changed', changedFields: changed };
}

/**
 * Stores an imported row matched by 项目名称 (inside a mutation): a new project, or the stored one
 * updated; a 状态 with its month is added to the history (never replacing earlier changes).
 */
export function upsertProjectRow(db: Database, imported: ProjectRow, present: readonly string[]): 'new' | 'changed' | 'unchanged' {
  const { change } = compareProjectRow(db, imported, present);
  if (change === 'unchanged') return change;
  const row = mergeProjectRow(imported, byName(db, imported.name), present);
  const existing = cachedStatement(db, 'SELECT id FROM projects WHERE name = ?').get(row.name) as { id: number } | undefined;
  const id = saveProject(db, row, existing?.id);
  if (row.status) setProjectStatus(db, id, row.status.status, row.status.period);
  return change;
}
