/**
 * Cell edit, form load and report-query benchmarks against real workbook files made by the
 * app, each next to the bare better-sqlite3 operation on the same file with the same pragmas.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { describeStats, measurement, type Measurement, sample, stats, timeOnce } from './lib/measure.ts';
import { type BenchHost, fillValues, type GeneratedIndicator, makeBenchHost, seedCatalog, UNITS, YEAR } from './lib/workbooks.ts';

const SECTION_EDIT = 'cell edit (handler)';
const SECTION_FORM = 'form load';
const SECTION_REPORT = 'report queries (1.2M values)';

/** The same statement `writeStored` runs, so the baseline is one durable upsert and nothing else. */
const UPSERT = `INSERT INTO cell_values (unit_id, indicator_id, period, field, value, updated_at) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (unit_id, indicator_id, period, field) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;

const month = (i: number): string => `${YEAR}-${String(1 + (i % 12)).padStart(2, '0')}`;

/**
 * The bare baseline of an edit: one autocommitted upsert through better-sqlite3 on the same
 * file, with the pragmas `workbook-file.ts` sets (exclusive lock, WAL, synchronous=FULL), so
 * its time is essentially SQLite's own write + fsync on this disk.
 */
function bareEdits(path: string, indicators: readonly GeneratedIndicator[], runs: number, seed: number): number[] {
  const db = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const upsert = db.prepare(UPSERT);
    const out: number[] = [];
    for (let i = -50; i < runs; i++) {
      const indicator = indicators[Math.abs(i * 7919 + seed) % indicators.length];
      if (!indicator) continue;
      const t0 = performance.now();
      upsert.run(1, indicator.id, month(i + 60), indicator.entryBasis, `${seed + i}.5`, new Date().toISOString());
      if (i >= 0) out.push(performance.now() - t0);
    }
    return out;
  } finally {
    db.close();
  }
}

/** Edits through `dispatch('values:set')`: schema validation, conversion, save, change_log, undo step, event. */
async function handlerEdits(host: BenchHost, indicators: readonly GeneratedIndicator[], runs: number, seed: number): Promise<number[]> {
  return sample(runs, 50, async (i) => {
    const indicator = indicators[(i * 7919 + seed) % indicators.length];
    if (!indicator) return;
    await host.call('values:set', {
      unitId: 1,
      changes: [{ indicatorId: indicator.id, period: month(i), field: indicator.entryBasis, value: `${seed + i}.5` }],
      source: 'edit',
    });
  });
}

async function editScenario(
  host: BenchHost,
  path: string,
  indicators: readonly GeneratedIndicator[],
  runs: number,
  label: string,
): Promise<Measurement> {
  // Baseline before and after, pooled: the disk and the WAL checkpoint rhythm drift over a run.
  const bareBefore = bareEdits(path, indicators, runs, 1);
  await host.call('workbook:open', { path });
  const edits = await handlerEdits(host, indicators, runs, 7);
  await host.call('workbook:close', undefined);
  const bareAfter = bareEdits(path, indicators, runs, 3);
  const handler = stats(edits);
  const bare = stats([...bareBefore, ...bareAfter]);
  return measurement(
    SECTION_EDIT,
    `p99 of ${runs} single-cell saves, ${label}`,
    'ms',
    handler.p99,
    { op: '<=', limit: 2 },
    { value: bare.p99, what: 'p99 bare upsert, same file + pragmas' },
    `handler ${describeStats(handler)}; bare ${describeStats(bare)}`,
  );
}

/** Median and p95 of a read handler vs the bare SELECT of the same rows. */
async function readScenario(
  section: string,
  what: string,
  budgetMs: number,
  run: () => unknown,
  bare: () => unknown,
  bareWhat: string,
): Promise<Measurement> {
  const ours = stats(await sample(30, 5, run));
  const base = stats(await sample(30, 5, bare));
  return measurement(section, `${what} (p95)`, 'ms', ours.p95, { op: '<=', limit: budgetMs }, { value: base.p95, what: bareWhat }, `ours ${describeStats(ours)}; bare ${describeStats(base)}`);
}

export interface SqliteBenchResult {
  rows: Measurement[];
  /** The 1.2M-value workbook (closed), reused by the browser benchmark. */
  largePath: string;
}

export async function runSqliteBenchmarks(dir: string, log: (line: string) => void): Promise<SqliteBenchResult> {
  const rows: Measurement[] = [];
  const host = await makeBenchHost(dir);

  // A workbook with the 500-indicator form, one unit and nothing typed yet.
  const fresh = await host.call('workbook:create', { path: join(dir, 'edit-fresh.statbench'), starterCatalog: false });
  const freshIndicators = seedCatalog(host, 1);
  await host.call('workbook:close', undefined);
  log('cell edit: fresh workbook …');
  rows.push(await editScenario(host, fresh.path, freshIndicators, 2000, 'new workbook (empty change_log)'));

  log(`generating ${UNITS} units × 500 indicators × 12 months …`);
  const large = await host.call('workbook:create', { path: join(dir, 'large-1.2M.statbench'), starterCatalog: false });
  const generated = await timeOnce(() => {
    const indicators = seedCatalog(host, UNITS);
    return { indicators, ...fillValues(host, true) };
  });
  await host.call('workbook:close', undefined);
  const { indicators, values, logRows } = generated.value;
  log(`  ${values} values, ${logRows} change_log rows in ${(generated.ms / 1000).toFixed(1)} s`);

  const opened = await timeOnce(() => host.call('workbook:open', { path: large.path }));
  rows.push(
    measurement('workbook open', `open the 1.2M-value workbook (${values} values, quick_check + migrate)`, 'ms', opened.ms, null, null, 'info: no budget; quick_check reads every page'),
  );
  const db = host.ctx.session?.db;
  if (!db) throw new Error('large workbook did not open');

  log('form load and report queries …');
  const formSql = db.prepare(
    'SELECT f.id, f.section_title, i.* FROM form_items f LEFT JOIN indicators i ON i.id = f.indicator_id WHERE f.form_id = ? ORDER BY f.position',
  );
  const figuresSql = db.prepare('SELECT indicator_id, period, field, value FROM cell_values WHERE unit_id = ? AND period >= ? AND period < ?');
  const bareForm = (unitId: number, fromYear: number): unknown => [formSql.all(1), figuresSql.all(unitId, String(fromYear), String(YEAR + 1))];
  const formArg = { formId: 1, unitId: 1, period: `${YEAR}-06` };
  rows.push(
    await readScenario(SECTION_FORM, '500 indicators, unit 1, 2 years of figures, via dispatch', 20, () => host.call('grid:formView', formArg), () => bareForm(1, YEAR - 1), 'bare SELECT of form rows + figures'),
  );

  rows.push(
    await readScenario(SECTION_REPORT, 'grid:formView of unit 200, 2024-12', 150, () => host.call('grid:formView', { formId: 1, unitId: UNITS, period: `${YEAR}-12` }), () => bareForm(UNITS, YEAR - 1), 'bare SELECT of the same rows'),
  );
  for (const mode of ['month', 'cumulative'] as const) {
    rows.push(
      await readScenario(SECTION_REPORT, `grid:yearView (${mode}) of unit 200`, 150, () => host.call('grid:yearView', { formId: 1, unitId: UNITS, year: YEAR, mode }), () => bareForm(UNITS, YEAR), 'bare SELECT of the same rows'),
    );
  }
  const latestSql = db.prepare("SELECT max(period) AS period FROM cell_values WHERE unit_id = ? AND field IN ('month', 'cumulative')");
  rows.push(await readScenario(SECTION_REPORT, 'values:latestPeriod of unit 200', 150, () => host.call('values:latestPeriod', { unitId: UNITS }), () => latestSql.get(UNITS), 'the same SQL, bare'));

  // There is no report handler yet. This is the query a consolidation report (汇总 of every
  // unit for one month) needs; it runs here as plain SQL so the schema's cost is known before
  // the report code lands. Its baseline is a bare scan of the same rows.
  const consolidate = db.prepare(
    "SELECT indicator_id, sum(CAST(value AS REAL)) AS total, count(*) AS units FROM cell_values WHERE period = ? AND field IN ('month', 'cumulative') GROUP BY indicator_id",
  );
  const scan = db.prepare('SELECT count(*) AS n FROM cell_values');
  rows.push(
    await readScenario(SECTION_REPORT, 'probe (no handler yet): SQL 汇总 of 200 units for one month', 150, () => consolidate.all(`${YEAR}-06`), () => scan.get(), 'bare count(*) scan of cell_values'),
  );
  await host.call('workbook:close', undefined);

  log('cell edit: 1.2M-value workbook …');
  rows.push(await editScenario(host, large.path, indicators, 300, '1.2M values + 1.2M change_log rows'));
  return { rows, largePath: large.path };
}
