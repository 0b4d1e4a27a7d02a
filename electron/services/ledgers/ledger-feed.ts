import { type Database } from 'better-sqlite3';
import { type ConsolidatedFigures } from '../../../shared/figures/consolidate.js';
import { type FigureLookup } from '../../../shared/figures/indicator-figures.js';
import { projectFeed } from '../projects/project-feed.js';
import { rosterFeed } from '../roster/roster-feed.js';

/**
 * Figures read from the ledgers (企业名录, 项目台账) rather than typed: `indicator|YYYY-MM|month`
 * → value, and each fed indicator's source label (shown on the cell: 取自…).
 */
export interface LedgerFeed {
  values: Map<string, string>;
  sources: Map<number, string>;
}

/** Every ledger-fed figure of a unit (its entries and those of the units under it) for the years `fromYear`..`toYear`. */
export function ledgerFeed(db: Database, unitId: number, fromYear: number, toYear: number): LedgerFeed {
  const roster = rosterFeed(db, unitId, fromYear, toYear);
  const projects = projectFeed(db, unitId, fromYear, toYear);
  if (projects.sources.size === 0) return roster;
  if (roster.sources.size === 0) return projects;
  return { values: new Map([...roster.values, ...projects.values]), sources: new Map([...roster.sources, ...projects.sources]) };
}

/** A unit's figures with the ledger-fed ones laid over them. */
export function withLedgerFeed(lookup: FigureLookup, feed: LedgerFeed): FigureLookup {
  if (feed.sources.size === 0) return lookup;
  return {
    get: (indicatorId, period, field) => {
      if (!feed.sources.has(indicatorId)) return lookup.get(indicatorId, period, field);
      // The ledger gives each month's figure; a 累计 typed before the indicator was bound no longer counts.
      if (field === 'month') return feed.values.get(`${indicatorId}|${period}|month`) ?? null;
      return field === 'cumulative' ? null : lookup.get(indicatorId, period, field);
    },
    derivedFrom: (indicatorId) => feed.sources.get(indicatorId) ?? lookup.derivedFrom?.(indicatorId) ?? null,
  };
}

/** Lays the ledger-fed figures of a node (all entries under it) over its 汇总. */
export function applyLedgerFeed(figures: ConsolidatedFigures, feed: LedgerFeed): void {
  for (const id of feed.sources.keys()) figures.drop(id, 'cumulative');
  for (const [k, value] of feed.values) {
    const [id, period] = k.split('|');
    figures.set(Number(id), period ?? '', 'month', value);
  }
  for (const [id, label] of feed.sources) figures.setSource(id, label);
}
