import { type Database } from 'better-sqlite3';
import { type StoredField } from '../../../shared/domain/grid.js';
import { cachedStatement } from '../mutation/statement-cache.js';
import { ledgerFeed } from '../ledgers/ledger-feed.js';

// Every statement here is prepared once per open workbook (cachedStatement): a save or a form
// view runs them thousands of times, and a statement prepared per call costs native memory
// until the garbage collector gets round to it.
const LOAD_UNIT = 'SELECT indicator_id, period, field, value FROM cell_values WHERE unit_id = ? AND period >= ? AND period < ?';
const LOAD_INDICATOR = `${LOAD_UNIT} AND indicator_id = ?`;
// One seek per indicator into the primary key (unit, indicator, period, field), which holds the
// value: reads only the named indicators' rows of the span however many years the file holds.
const LOAD_INDICATORS = 'SELECT indicator_id, period, field, value FROM cell_values WHERE unit_id = ? AND indicator_id IN (SELECT value FROM json_each(?)) AND period >= ? AND period < ?';
const READ_ONE = 'SELECT value FROM cell_values WHERE unit_id = ? AND indicator_id = ? AND period = ? AND field = ?';
const DELETE_ONE = 'DELETE FROM cell_values WHERE unit_id = ? AND indicator_id = ? AND period = ? AND field = ?';
// A figure typed again unchanged writes nothing (nor does its updated_at move).
const UPSERT_ONE = `INSERT INTO cell_values (unit_id, indicator_id, period, field, value, updated_at) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (unit_id, indicator_id, period, field) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
  WHERE cell_values.value IS NOT excluded.value`;
const LATEST = "SELECT max(period) AS period FROM cell_values WHERE unit_id = ? AND field IN ('month', 'cumulative')";

/** Indicators to load figures of: their ids, and the same as a JSON array for the query. */
export interface IndicatorSet {
  ids: ReadonlySet<number>;
  json: string;
}

/** An {@link IndicatorSet} of `ids`. */
export function indicatorSet(ids: Iterable<number>): IndicatorSet {
  const set = new Set(ids);
  return { ids: set, json: JSON.stringify([...set]) };
}

/**
 * The typed figures of one unit for a span of years, read in one query so a
 * whole form view costs one round trip to SQLite.
 */
export class StoredFigures {
  // indicator → field → period → value: nested maps, so a lookup builds no key string (a form
  // view of 500 indicators makes tens of thousands of lookups).
  private readonly values = new Map<number, Map<string, Map<string, string>>>();
  /** Indicators read from a ledger (企业名录, 项目台账) rather than typed: id → where from. */
  private sources = new Map<number, string>();
  /** The indicators loaded, when not all of them were. */
  private only: ReadonlySet<number> | null = null;

  /** Loads the stored figures of `unitId` (optionally of one indicator) for the years `fromYear`..`toYear`, targets included. */
  static load(db: Database, unitId: number, fromYear: number, toYear: number, indicatorId?: number): StoredFigures {
    const figures = new StoredFigures();
    // Periods compare as text: '2022' < '2022-01' < … < '2023-12' < '2024'.
    const span = [unitId, String(fromYear), String(toYear + 1)];
    // Raw rows (arrays, not objects): these statements are only ever used here, in raw mode.
    const rows = (
      indicatorId === undefined ? cachedStatement(db, LOAD_UNIT).raw(true).all(...span) : cachedStatement(db, LOAD_INDICATOR).raw(true).all(...span, indicatorId)
    ) as [indicatorId: number, period: string, field: StoredField, value: string][];
    figures.add(rows);
    figures.feedFromLedgers(db, unitId, fromYear, toYear);
    return figures;
  }

  /**
   * Loads the stored figures of `unitId` whose period text lies in one of `spans`
   * (`[from, toExclusive)`, compared as text: `['2024', '2024-06~']` is the 2024 target and
   * January–June). A view of June reads no later month: half the rows of a whole year.
   */
  static loadSpans(db: Database, unitId: number, spans: ReadonlyArray<readonly [string, string]>, only?: IndicatorSet): StoredFigures {
    const figures = new StoredFigures();
    if (only) {
      const statement = cachedStatement(db, LOAD_INDICATORS).raw(true);
      for (const [from, to] of spans) figures.add(statement.all(unitId, only.json, from, to) as [number, string, StoredField, string][]);
      figures.only = only.ids;
    } else {
      const statement = cachedStatement(db, LOAD_UNIT).raw(true);
      for (const [from, to] of spans) figures.add(statement.all(unitId, from, to) as [number, string, StoredField, string][]);
    }
    const years = spans.flatMap(([from, to]) => [Number(from.slice(0, 4)), Number(to.slice(0, 4))]);
    if (years.length > 0) figures.feedFromLedgers(db, unitId, Math.min(...years), Math.max(...years));
    return figures;
  }

  /**
   * Figures of indicators read from a ledger (企业名录, 项目台账) replace whatever may have been
   * typed for them before they were bound; they read as derived (see {@link derivedFrom}).
   */
  private feedFromLedgers(db: Database, unitId: number, fromYear: number, toYear: number): void {
    const feed = ledgerFeed(db, unitId, fromYear, toYear);
    if (feed.sources.size === 0) return;
    this.add([...feed.values].map(([k, value]) => {
      const [id, period, field] = k.split('|');
      return [Number(id), period ?? '', field as StoredField, value];
    }));
    // The ledger gives each month's figure; a 累计 typed before the indicator was bound no longer counts.
    for (const id of feed.sources.keys()) this.values.get(id)?.delete('cumulative');
    this.sources = feed.sources;
  }

  private add(rows: ReadonlyArray<[indicatorId: number, period: string, field: StoredField, value: string]>): void {
    for (const [id, period, field, value] of rows) {
      let fields = this.values.get(id);
      if (!fields) this.values.set(id, (fields = new Map<string, Map<string, string>>()));
      let periods = fields.get(field);
      if (!periods) fields.set(field, (periods = new Map<string, string>()));
      periods.set(period, value);
    }
  }

  get(indicatorId: number, period: string, field: StoredField): string | null {
    // Loaded for some indicators only: a figure of another would read as blank, silently wrong.
    if (this.only && !this.only.has(indicatorId)) throw new Error(`stored figures of indicator ${indicatorId} were not loaded`);
    return this.values.get(indicatorId)?.get(field)?.get(period) ?? null;
  }

  derivedFrom(indicatorId: number): string | null {
    return this.sources.get(indicatorId) ?? null;
  }
}

/** Reads one stored figure (null when the cell is empty). */
export function readStored(db: Database, unitId: number, indicatorId: number, period: string, field: StoredField): string | null {
  const row = cachedStatement(db, READ_ONE).get(unitId, indicatorId, period, field) as { value: string } | undefined;
  return row?.value ?? null;
}

/**
 * Writes (or, with null, clears) one stored figure; true when the stored figure changed (the same
 * value again, or clearing an empty cell, writes nothing). Call it only inside a mutation: the
 * pipeline's triggers log the change and record its undo.
 */
export function writeStored(db: Database, unitId: number, indicatorId: number, period: string, field: StoredField, value: string | null, at: string): boolean {
  const result = value === null ? cachedStatement(db, DELETE_ONE).run(unitId, indicatorId, period, field) : cachedStatement(db, UPSERT_ONE).run(unitId, indicatorId, period, field, value, at);
  return result.changes > 0;
}

/** The latest `YYYY-MM` holding a 本月 or 累计 figure of the unit, or null. */
export function latestPeriod(db: Database, unitId: number): string | null {
  const row = cachedStatement(db, LATEST).get(unitId) as { period: string | null };
  return row.period;
}
