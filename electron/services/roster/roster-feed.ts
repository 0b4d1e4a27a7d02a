import { type Database } from 'better-sqlite3';
import { DESIGNATIONS, holdsIn, type Enterprise } from '../../../shared/roster/roster-table.js';
import { formatPeriod } from '../../../shared/stats/index.js';
import { unitAndBelow } from '../../../shared/units/unit-tree.js';
import { listUnits } from '../catalog/unit-repo.js';
import { type LedgerFeed } from '../ledgers/ledger-feed.js';
import { cachedStatement } from '../mutation/statement-cache.js';
import { UserFacingError } from '../user-facing-error.js';
import { listEnterprises } from './roster-repo.js';

/** What a roster-fed indicator counts: all enterprises, the 规上 ones, or those holding a designation. */
export type RosterSource = 'all' | 'above_scale' | (typeof DESIGNATIONS)[number];

/** The Chinese name of a source, as the cell remark says where the figure comes from. */
export function rosterSourceLabel(source: string): string {
  return source === 'all' ? '企业名录：全部企业' : source === 'above_scale' ? '企业名录：规上企业' : `企业名录：${source}`;
}

/** Indicator id → source of the indicators counted from the roster. */
export function rosterSources(db: Database): Map<number, string> {
  const rows = cachedStatement(db, 'SELECT indicator_id AS indicatorId, source FROM indicator_roster_sources').all() as { indicatorId: number; source: string }[];
  return new Map(rows.map((r) => [r.indicatorId, r.source]));
}

/**
 * Counts an indicator from the roster (or, with `source: null`, makes it typed again). Only a
 * stock (存量) can be counted: a number of enterprises is a period-end figure.
 * @throws UserFacingError for an unknown source, or an indicator that is not a stock.
 */
export function bindRosterSource(db: Database, indicatorId: number, source: string | null): void {
  const indicator = cachedStatement(db, 'SELECT name, kind FROM indicators WHERE id = ?').get(indicatorId) as { name: string; kind: string } | undefined;
  if (!indicator) throw new UserFacingError('该指标已不存在，请刷新后重试。');
  if (source === null) {
    cachedStatement(db, 'DELETE FROM indicator_roster_sources WHERE indicator_id = ?').run(indicatorId);
    return;
  }
  if (source !== 'all' && source !== 'above_scale' && !(DESIGNATIONS as readonly string[]).includes(source)) throw new UserFacingError(`“${source}”不是企业名录的统计口径。`);
  if (indicator.kind !== 'stock') throw new UserFacingError(`“${indicator.name}”不是存量指标：企业个数取期末数，只有存量指标可以由企业名录统计。`);
  if (cachedStatement(db, 'SELECT 1 FROM indicator_project_sources WHERE indicator_id = ?').get(indicatorId)) throw new UserFacingError(`“${indicator.name}”已由项目台账统计，请先改回手工填报。`);
  cachedStatement(db, 'INSERT INTO indicator_roster_sources (indicator_id, source) VALUES (?, ?) ON CONFLICT (indicator_id) DO UPDATE SET source = excluded.source').run(indicatorId, source);
}

function counted(enterprises: readonly Enterprise[], source: string, period: string): number {
  if (source === 'all') return enterprises.length;
  if (source === 'above_scale') return enterprises.filter((e) => e.aboveScale).length;
  return enterprises.filter((e) => e.designations.some((d) => d.designation === source && holdsIn(d, period))).length;
}

/**
 * The roster-fed figures of a unit (its enterprises and those of the units under it) for every
 * month of `fromYear`..`toYear`: the count at month end. Empty when no indicator is fed.
 * Enterprises are kept with their current unit and 规模 (the roster has no history of those);
 * designations count in the months their span covers.
 */
export function rosterFeed(db: Database, unitId: number, fromYear: number, toYear: number): LedgerFeed {
  const sources = rosterSources(db);
  const feed: LedgerFeed = { values: new Map(), sources: new Map() };
  if (sources.size === 0) return feed;
  const enterprises = listEnterprises(db, unitAndBelow(listUnits(db), unitId));
  for (const [indicatorId, source] of sources) {
    feed.sources.set(indicatorId, rosterSourceLabel(source));
    for (let year = fromYear; year <= toYear; year++) {
      for (let month = 1; month <= 12; month++) {
        const period = formatPeriod(year, month);
        feed.values.set(`${indicatorId}|${period}|month`, String(counted(enterprises, source, period)));
      }
    }
  }
  return feed;
}

