import { type Database } from 'better-sqlite3';
import { type Indicator } from '../../../shared/domain/catalog.js';
import { type StoredField } from '../../../shared/domain/grid.js';
import { type ConsolidationGap, type ConsolidationUnit, ConsolidatedFigures, consolidateUnits, isSummable } from '../../../shared/figures/consolidate.js';
import { type FigureLookup } from '../../../shared/figures/indicator-figures.js';
import { type FirstReturnMonth, formatPeriod, normalizeDecimal } from '../../../shared/stats/index.js';
import { cachedStatement } from '../mutation/statement-cache.js';

/** What a 汇总 needs from the workbook: which units, which indicators, which months. */
export interface ConsolidationLoad {
  units: ReadonlyArray<{ id: number; name: string }>;
  indicators: readonly Indicator[];
  catalog: ReadonlyMap<number, Indicator>;
  year: number;
  month: number;
  /** Months of last year needed (the period's month; 12 for a seasonal projection). */
  lastYearThrough: number;
  formFirstReturn: FirstReturnMonth;
}

/** The rows of the scope's units for the months a 汇总 needs (notes left out), as SQL text. */
const SCOPE_ROWS = `FROM cell_values
  WHERE unit_id IN (SELECT value FROM json_each(?))
    AND field <> 'note'
    AND ((period >= ? AND period <= ?) OR (period >= ? AND period <= ?) OR period = ?)`;

/**
 * Per indicator, period and field: the exact sum over the scope as an integer of millionths,
 * valid when every value has at most 6 decimals and at most 9 integer digits (`wide` is 1 when
 * one does not), and a fingerprint of the set of units that typed it (count, Σid and a hash sum:
 * two different sets of units agreeing on all three does not happen in practice).
 *
 * The digit count runs on every row of the scope (600k for 200 units × 500 indicators × 1-6月)
 * and its string scans were about a sixth of the query (430 → 360 ms): a value of at most 7
 * characters cannot have more than 6 decimals or 9 integer digits, so only longer ones are
 * scanned (SQLite's CASE stops at the first true WHEN; AND does not promise to).
 */
const GROUPED = `SELECT indicator_id AS indicatorId, period, field,
    count(*) AS n, sum(unit_id) AS s1, sum((unit_id * 2654435761) % 4294967291) AS s2,
    sum(CAST(round(value * 1000000) AS INTEGER)) AS micros,
    max(CASE WHEN length(value) <= 7 THEN 0
      WHEN instr(value, '.') = 0 THEN length(ltrim(value, '-')) > 9
      ELSE length(value) - instr(value, '.') > 6 OR instr(ltrim(value, '-'), '.') > 10 END) AS wide
  ${SCOPE_ROWS}
  GROUP BY indicator_id, period, field`;

const RAW = `SELECT unit_id AS unitId, indicator_id AS indicatorId, period, field, value ${SCOPE_ROWS} AND indicator_id IN (SELECT value FROM json_each(?))`;

interface GroupRow {
  indicatorId: bigint;
  period: string;
  field: StoredField;
  n: bigint;
  s1: bigint;
  s2: bigint;
  micros: bigint | null;
  wide: bigint;
}

/** The bare GROUP BY of the same rows the 汇总 reads, for the benchmark's baseline. */
export const BARE_GROUP_BY_SQL = `SELECT indicator_id, period, field, count(*) AS n, sum(CAST(value AS REAL)) AS total ${SCOPE_ROWS} GROUP BY indicator_id, period, field`;

/** The parameters of {@link BARE_GROUP_BY_SQL} and the 汇总 queries for a load. */
export function scopeParams(load: Pick<ConsolidationLoad, 'units' | 'year' | 'month' | 'lastYearThrough'>): string[] {
  return [
    JSON.stringify(load.units.map((u) => u.id)),
    formatPeriod(load.year - 1, 1),
    formatPeriod(load.year - 1, load.lastYearThrough),
    formatPeriod(load.year, 1),
    formatPeriod(load.year, load.month),
    String(load.year),
  ];
}

const MILLION = 1_000_000n;

/** An exact integer of millionths as a canonical decimal string. */
function fromMicros(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const fraction = (abs % MILLION).toString().padStart(6, '0').replace(/0+$/, '');
  const text = `${negative ? '-' : ''}${abs / MILLION}${fraction ? `.${fraction}` : ''}`;
  return normalizeDecimal(text);
}

/**
 * The 汇总 of `load.units` for `load.indicators`: their figures summed by each indicator's rule
 * (see shared/figures/consolidate.ts), as a lookup the figure engine reads like a unit's own.
 *
 * Two ways to the same totals. Where, for an indicator and year, every unit typed the same fields
 * in the same months (the usual case: each township types the indicator's entry basis every
 * month), the engine's derivation is linear, so summing what was typed and deriving once equals
 * deriving per unit and summing: SQL sums the rows exactly in one GROUP BY. Every other indicator
 * (mixed entry, gaps in some units, 上年同期 typed by some) goes through each unit's own figures
 * (`consolidateUnits`), which also names the units whose gaps leave a total unknown.
 */
export function consolidatedFigures(db: Database, load: ConsolidationLoad): { figures: ConsolidatedFigures; gaps: Map<number, ConsolidationGap[]> } {
  const figures = new ConsolidatedFigures();
  const params = scopeParams(load);
  const groups = cachedStatement(db, GROUPED).safeIntegers(true).all(...params) as GroupRow[];
  const wanted = new Map(load.indicators.filter(isSummable).map((i) => [i.id, i]));
  const byIndicator = new Map<number, GroupRow[]>();
  for (const row of groups) {
    const id = Number(row.indicatorId);
    if (!wanted.has(id)) continue;
    let list = byIndicator.get(id);
    if (!list) byIndicator.set(id, (list = []));
    list.push(row);
  }
  const slow: Indicator[] = [];
  const thisYear = String(load.year);
  const periodKey = formatPeriod(load.year, load.month);
  for (const [id, rows] of byIndicator) {
    const indicator = wanted.get(id);
    if (!indicator) continue;
    const fingerprint = (r: GroupRow): string => `${r.n}|${r.s1}|${r.s2}`;
    const exact = rows.every((r) => r.micros !== null && r.wide === 0n);
    const yearPrints = (year: string): Set<string> =>
      new Set(rows.filter((r) => (r.field === 'month' || r.field === 'cumulative') && r.period.startsWith(`${year}-`)).map(fingerprint));
    const current = yearPrints(thisYear);
    const last = yearPrints(String(load.year - 1));
    const [only] = current;
    const basesAgree = rows
      .filter((r) => r.field === 'target' || ((r.field === 'prior_cumulative' || r.field === 'comparable_base') && r.period === periodKey))
      .every((r) => only !== undefined && fingerprint(r) === only);
    if (!exact || current.size > 1 || last.size > 1 || !basesAgree) {
      slow.push(indicator);
      continue;
    }
    for (const r of rows) {
      if (r.field === 'growth' || r.micros === null) continue;
      if ((r.field === 'prior_cumulative' || r.field === 'comparable_base') && r.period !== periodKey) continue;
      figures.set(id, r.period, r.field, fromMicros(r.micros));
    }
  }
  let gaps = new Map<number, ConsolidationGap[]>();
  if (slow.length > 0) {
    const lookups = new Map<number, Map<string, string>>();
    const rows = cachedStatement(db, RAW).all(...params, JSON.stringify(slow.map((i) => i.id))) as {
      unitId: number;
      indicatorId: number;
      period: string;
      field: StoredField;
      value: string;
    }[];
    for (const row of rows) {
      let map = lookups.get(row.unitId);
      if (!map) lookups.set(row.unitId, (map = new Map<string, string>()));
      map.set(`${row.indicatorId}|${row.period}|${row.field}`, row.value);
    }
    const units: ConsolidationUnit[] = load.units.map((u) => ({ unitId: u.id, name: u.name, figures: mapLookup(lookups.get(u.id)) }));
    gaps = consolidateUnits({
      indicators: slow,
      catalog: load.catalog,
      units,
      year: load.year,
      month: load.month,
      lastYearThrough: load.lastYearThrough,
      formFirstReturn: load.formFirstReturn,
      into: figures,
    }).gaps;
  }
  return { figures, gaps };
}

/** A unit's figures held in a map keyed `indicator|period|field`. */
export function mapLookup(map: ReadonlyMap<string, string> | undefined): FigureLookup {
  return { get: (indicatorId, period, field) => map?.get(`${indicatorId}|${period}|${field}`) ?? null };
}
