import { type Database } from 'better-sqlite3';
import { type Indicator } from '../../../shared/domain/catalog.js';
import { type StoredField } from '../../../shared/domain/grid.js';
import { type ConsolidationGap, type ConsolidationUnit, ConsolidatedFigures, consolidateUnits, isSummable } from '../../../shared/figures/consolidate.js';
import { type FigureLookup } from '../../../shared/figures/indicator-figures.js';
import { type FirstReturnMonth, formatPeriod, normalizeDecimal } from '../../../shared/stats/index.js';
import { type IndicatorSet } from '../grid/stored-figures.js';
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
  /**
   * The node whose 汇总 this is, when it has units under it: its totals kept by the workbook are
   * read instead of summing every figure of `units`. Absent: `units` are summed directly.
   */
  nodeId?: number | undefined;
  /**
   * Read only these indicators' rows (they must include ratio components and every indicator in
   * `indicators`): a caller that shows a few indicators (the dashboard) then reads a few rows per
   * unit, not the whole scope. Default: every row of the scope.
   */
  only?: IndicatorSet | undefined;
}

/** The months a 汇总 needs, as an SQL condition on `period` (parameters 2-6 of {@link scopeParams}). */
const WINDOW = '((period >= ? AND period <= ?) OR (period >= ? AND period <= ?) OR period = ?)';

/** The rows of the scope's units for the months a 汇总 needs (notes left out), as SQL text. */
const SCOPE_ROWS = `FROM cell_values
  WHERE unit_id IN (SELECT value FROM json_each(?))
    AND field <> 'note'
    AND ${WINDOW}`;

/**
 * Per indicator, period and field, over the units listed (JSON) for the months a 汇总 needs: the
 * exact sum as an integer of millionths, valid when no value is `wide` (more than 6 decimals or 9
 * integer digits, see the consolidation_rows view of migration 0009, the one place this rule is
 * written), and a fingerprint of the set of units that typed it (count, Σid and a hash sum: two
 * different sets of units agreeing on all three does not happen in practice).
 */
const grouped = (only: string): string => `SELECT indicator_id AS indicatorId, period, field,
    count(*) AS n, sum(unit_id) AS s1, sum(unit_hash) AS s2, sum(micros) AS micros, sum(wide) AS wide
  FROM consolidation_rows
  WHERE unit_id IN (SELECT value FROM json_each(?)) AND ${WINDOW}${only}
  GROUP BY indicator_id, period, field`;

/** The same totals over every unit with nothing under a node, kept by the triggers of migration 0009. */
const nodeSums = (only: string): string => `SELECT indicator_id AS indicatorId, period, field, n, unit_sum AS s1, unit_hash AS s2, micros, wide
  FROM consolidation_sums
  WHERE node_id = ? AND n <> 0 AND ${WINDOW}${only}`;

/** Only the indicators listed (JSON), for a caller that shows a few ({@link ConsolidationLoad.only}). */
const ONLY = ' AND indicator_id IN (SELECT value FROM json_each(?))';
const GROUPED = grouped('');
const GROUPED_ONLY = grouped(ONLY);
const NODE_SUMS = nodeSums('');
const NODE_SUMS_ONLY = nodeSums(ONLY);

/** The units with nothing under them below a node: the units the node's kept totals are made of. */
const NODE_LEAVES = 'SELECT unit_id AS id FROM unit_rollup_paths WHERE ancestor_id = ?';

const RAW = `SELECT unit_id AS unitId, indicator_id AS indicatorId, period, field, value ${SCOPE_ROWS} AND indicator_id IN (SELECT value FROM json_each(?))`;

interface GroupRow {
  indicatorId: bigint;
  period: string;
  field: StoredField;
  n: bigint;
  s1: bigint;
  s2: bigint;
  micros: bigint;
  /** How many of the values are too wide for millionths (0: the sum is exact). */
  wide: bigint;
}

/**
 * The grouped totals of `load.units`. For a node with units under it they are the node's kept
 * totals, less the units not in use in the month and plus the units standing in for a subtree with
 * nothing in use (usually neither); when those corrections would be most of the work, or for a
 * single unit, they are summed from the figures themselves.
 */
function groupedRows(db: Database, load: ConsolidationLoad, params: readonly string[]): GroupRow[] {
  const only = load.only ? [load.only.json] : [];
  const grouped = (unitIds: readonly number[]): GroupRow[] =>
    cachedStatement(db, load.only ? GROUPED_ONLY : GROUPED)
      .safeIntegers(true)
      .all(JSON.stringify(unitIds), ...params.slice(1), ...only) as GroupRow[];
  const scope = load.units.map((u) => u.id);
  if (load.nodeId === undefined) return grouped(scope);
  const kept = new Set((cachedStatement(db, NODE_LEAVES).all(load.nodeId) as { id: number }[]).map((r) => r.id));
  const inScope = new Set(scope);
  const left = [...kept].filter((id) => !inScope.has(id));
  const added = scope.filter((id) => !kept.has(id));
  if (kept.size === 0 || 2 * (left.length + added.length) > kept.size) return grouped(scope);

  const totals = new Map<string, GroupRow>();
  const merge = (rows: readonly GroupRow[], sign: bigint): void => {
    for (const r of rows) {
      const key = `${r.indicatorId}|${r.period}|${r.field}`;
      const into = totals.get(key);
      if (!into) {
        totals.set(key, { ...r, n: sign * r.n, s1: sign * r.s1, s2: sign * r.s2, micros: sign * r.micros, wide: sign * r.wide });
        continue;
      }
      into.n += sign * r.n;
      into.s1 += sign * r.s1;
      into.s2 += sign * r.s2;
      into.micros += sign * r.micros;
      into.wide += sign * r.wide;
    }
  };
  merge(cachedStatement(db, load.only ? NODE_SUMS_ONLY : NODE_SUMS).safeIntegers(true).all(load.nodeId, ...params.slice(1), ...only) as GroupRow[], 1n);
  if (left.length > 0) merge(grouped(left), -1n);
  if (added.length > 0) merge(grouped(added), 1n);
  return [...totals.values()].filter((r) => r.n !== 0n);
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
  const groups = groupedRows(db, load, params);
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
    const exact = rows.every((r) => r.wide === 0n);
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
      if (r.field === 'growth') continue;
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
