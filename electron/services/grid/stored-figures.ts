import { type Database } from 'better-sqlite3';
import { type StoredField } from '../../../shared/domain/grid.js';
import { cachedStatement } from '../mutation/statement-cache.js';

const key = (indicatorId: number, period: string, field: StoredField): string => `${indicatorId}|${period}|${field}`;

// Every statement here is prepared once per open workbook (cachedStatement): a save or a form
// view runs them thousands of times, and a statement prepared per call costs native memory
// until the garbage collector gets round to it.
const LOAD_UNIT = 'SELECT indicator_id, period, field, value FROM cell_values WHERE unit_id = ? AND period >= ? AND period < ?';
const LOAD_INDICATOR = `${LOAD_UNIT} AND indicator_id = ?`;
const READ_ONE = 'SELECT value FROM cell_values WHERE unit_id = ? AND indicator_id = ? AND period = ? AND field = ?';
const DELETE_ONE = 'DELETE FROM cell_values WHERE unit_id = ? AND indicator_id = ? AND period = ? AND field = ?';
const UPSERT_ONE = `INSERT INTO cell_values (unit_id, indicator_id, period, field, value, updated_at) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (unit_id, indicator_id, period, field) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;
const LATEST = "SELECT max(period) AS period FROM cell_values WHERE unit_id = ? AND field IN ('month', 'cumulative')";

/**
 * The typed figures of one unit for a span of years, read in one query so a
 * whole form view costs one round trip to SQLite.
 */
export class StoredFigures {
  private readonly values = new Map<string, string>();

  /** Loads the stored figures of `unitId` (optionally of one indicator) for the years `fromYear`..`toYear`, targets included. */
  static load(db: Database, unitId: number, fromYear: number, toYear: number, indicatorId?: number): StoredFigures {
    const figures = new StoredFigures();
    // Periods compare as text: '2022' < '2022-01' < … < '2023-12' < '2024'.
    const span = [unitId, String(fromYear), String(toYear + 1)];
    const rows = (
      indicatorId === undefined ? cachedStatement(db, LOAD_UNIT).all(...span) : cachedStatement(db, LOAD_INDICATOR).all(...span, indicatorId)
    ) as { indicator_id: number; period: string; field: StoredField; value: string }[];
    for (const row of rows) figures.values.set(key(row.indicator_id, row.period, row.field), row.value);
    return figures;
  }

  get(indicatorId: number, period: string, field: StoredField): string | null {
    return this.values.get(key(indicatorId, period, field)) ?? null;
  }
}

/** Reads one stored figure (null when the cell is empty). */
export function readStored(db: Database, unitId: number, indicatorId: number, period: string, field: StoredField): string | null {
  const row = cachedStatement(db, READ_ONE).get(unitId, indicatorId, period, field) as { value: string } | undefined;
  return row?.value ?? null;
}

/**
 * Writes (or, with null, clears) one stored figure. Call it only inside a mutation: the
 * pipeline's triggers log the change and record its undo.
 */
export function writeStored(db: Database, unitId: number, indicatorId: number, period: string, field: StoredField, value: string | null, at: string): void {
  if (value === null) cachedStatement(db, DELETE_ONE).run(unitId, indicatorId, period, field);
  else cachedStatement(db, UPSERT_ONE).run(unitId, indicatorId, period, field, value, at);
}

/** The latest `YYYY-MM` holding a 本月 or 累计 figure of the unit, or null. */
export function latestPeriod(db: Database, unitId: number): string | null {
  const row = cachedStatement(db, LATEST).get(unitId) as { period: string | null };
  return row.period;
}
