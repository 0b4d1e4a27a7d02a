import { type Database } from 'better-sqlite3';
import { PROJECT_SOURCES, type ProjectSource, monthsOf, projectSourceValue } from '../../../shared/ledger/project-ledger.js';
import { unitAndBelow } from '../../../shared/units/unit-tree.js';
import { listUnits } from '../catalog/unit-repo.js';
import { type LedgerFeed } from '../ledgers/ledger-feed.js';
import { cachedStatement } from '../mutation/statement-cache.js';
import { UserFacingError } from '../user-facing-error.js';
import { listProjects } from './project-repo.js';

/** Indicator id → project-ledger source of the indicators read from the ledger. */
export function projectSources(db: Database): Map<number, ProjectSource> {
  const rows = cachedStatement(db, 'SELECT indicator_id AS indicatorId, source FROM indicator_project_sources').all() as { indicatorId: number; source: ProjectSource }[];
  return new Map(rows.map((r) => [r.indicatorId, r.source]));
}

/**
 * Reads an indicator from the project ledger from now on (or, with null, makes it typed again).
 * A count at month end needs a stock (存量) indicator, a monthly count or sum a flow (流量).
 * @throws UserFacingError for an unknown source or an indicator of the wrong kind.
 */
export function bindProjectSource(db: Database, indicatorId: number, source: string | null): void {
  const indicator = cachedStatement(db, 'SELECT name, kind FROM indicators WHERE id = ?').get(indicatorId) as { name: string; kind: string } | undefined;
  if (!indicator) throw new UserFacingError('该指标已不存在，请刷新后重试。');
  if (source === null) {
    cachedStatement(db, 'DELETE FROM indicator_project_sources WHERE indicator_id = ?').run(indicatorId);
    return;
  }
  const known = PROJECT_SOURCES.find((s) => s.source === source);
  if (!known) throw new UserFacingError(`“${source}”不是项目台账的统计口径。`);
  if (known.kind !== indicator.kind) {
    throw new UserFacingError(`“${indicator.name}”是${indicator.kind === 'flow' ? '流量' : indicator.kind === 'stock' ? '存量' : '比率'}指标，而“${known.label}”是${known.kind === 'flow' ? '流量（按月累计）' : '存量（取期末数）'}，不能对应。`);
  }
  if (cachedStatement(db, 'SELECT 1 FROM indicator_roster_sources WHERE indicator_id = ?').get(indicatorId)) throw new UserFacingError(`“${indicator.name}”已由企业名录统计，请先改回手工填报。`);
  cachedStatement(db, 'INSERT INTO indicator_project_sources (indicator_id, source) VALUES (?, ?) ON CONFLICT (indicator_id) DO UPDATE SET source = excluded.source').run(indicatorId, source);
}

/** The figures read from the project ledger for a unit and the units under it, every month of `fromYear`..`toYear`. */
export function projectFeed(db: Database, unitId: number, fromYear: number, toYear: number): LedgerFeed {
  const sources = projectSources(db);
  const feed: LedgerFeed = { values: new Map(), sources: new Map() };
  if (sources.size === 0) return feed;
  const projects = listProjects(db, unitAndBelow(listUnits(db), unitId));
  const months = monthsOf(fromYear, toYear);
  for (const [indicatorId, source] of sources) {
    feed.sources.set(indicatorId, `项目台账：${PROJECT_SOURCES.find((s) => s.source === source)?.label ?? source}`);
    for (const period of months) feed.values.set(`${indicatorId}|${period}|month`, projectSourceValue(projects, source, period));
  }
  return feed;
}
