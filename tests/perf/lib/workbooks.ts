/**
 * Workbooks for the benchmarks, made through the app's own handlers (so the file has the
 * app's schema and pragmas) and then filled in bulk with SQL, which is the only way to get
 * 1.2 million values in seconds.
 */
import { join } from 'node:path';
// Type-only imports: Node's type stripping erases them, so the sources are never loaded.
import type { AppContext } from '../../../electron/services/context.js';
import type { ApiArg, ApiEvents, ApiOutput, ChannelName, EventName } from '../../../shared/api/contract.js';
import { type HandlersModule, loadHandlers } from './dist.ts';

/** The year the large workbook holds for every unit; the year before is held for unit 1 only. */
export const YEAR = 2024;
export const INDICATORS = 500;
export const UNITS = 200;
/** Indicators per section title of the form: 500 indicators → 10 sections, 510 form rows. */
const PER_SECTION = 50;

/** A host context as the browser host builds one, calling handlers through `dispatch`. */
export interface BenchHost {
  ctx: AppContext;
  handlers: HandlersModule;
  call<C extends ChannelName>(channel: C, arg: ApiArg<C>): Promise<ApiOutput<C>>;
}

export async function makeBenchHost(dir: string): Promise<BenchHost> {
  const handlers = await loadHandlers();
  const ctx: AppContext = {
    host: 'web',
    version: '0.0.0-bench',
    dataDir: dir,
    configDir: join(dir, '.config'),
    session: null,
    // Events go nowhere, as with a page that has no listener; emitting is still part of the handler.
    emit<E extends EventName>(_event: E, _payload: ApiEvents[E]) {},
  };
  return {
    ctx,
    handlers,
    async call(channel, arg) {
      const envelope = await handlers.dispatch(ctx, channel, arg, (_c, error) => {
        throw error;
      });
      if (!envelope.ok) throw new Error(`${channel} refused: ${envelope.error.message}`);
      return envelope.value as ApiOutput<typeof channel>;
    },
  };
}

/** An indicator of the generated catalog: odd ones are entered 本月, even ones 1-N月累计; every 10th is a stock. */
export interface GeneratedIndicator {
  id: number;
  entryBasis: 'month' | 'cumulative';
}

/**
 * The catalog of the large workbook: one form of 500 indicators in 10 sections (every 5th
 * indicator heads a group of four 其中 items) and `units` reporting units. Runs inside the
 * open session's connection; form 1 and unit 1 come from `seedEmptyCatalog`.
 */
export function seedCatalog(host: BenchHost, units: number): GeneratedIndicator[] {
  const db = host.ctx.session?.db;
  if (!db) throw new Error('no workbook open');
  const out: GeneratedIndicator[] = [];
  db.transaction(() => {
    const insertIndicator = db.prepare('INSERT INTO indicators (code, name, unit, decimals, kind, entry_basis, parent_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertItem = db.prepare('INSERT INTO form_items (form_id, position, indicator_id, section_title) VALUES (1, ?, ?, ?)');
    let position = 0;
    let groupHead: number | null = null;
    for (let n = 1; n <= INDICATORS; n++) {
      if ((n - 1) % PER_SECTION === 0) insertItem.run(++position, null, `第${Math.ceil(n / PER_SECTION)}部分 指标组`);
      const stock = n % 10 === 0;
      const entryBasis = stock || n % 2 === 1 ? 'month' : 'cumulative';
      const parent: number | null = (n - 1) % 5 === 0 ? null : groupHead;
      const id: number = Number(
        insertIndicator.run(`Z${String(n).padStart(4, '0')}`, `规模以上工业分项指标${n}`, '万元', 1, stock ? 'stock' : 'flow', entryBasis, parent).lastInsertRowid,
      );
      if (parent === null) groupHead = id;
      insertItem.run(++position, id, null);
      out.push({ id, entryBasis });
    }
    const insertUnit = db.prepare('INSERT INTO reporting_units (code, name, parent_id, sort_order) VALUES (?, ?, 1, ?)');
    for (let u = 2; u <= units; u++) insertUnit.run(`U${String(u).padStart(3, '0')}`, `第${u}填报单位`, u);
  })();
  return out;
}

/**
 * 12 months × 500 indicators × every unit of `YEAR` (1.2M values for 200 units), each on its
 * entry basis, plus unit 1's previous year, targets and a few notes (so 同比 and 完成进度 are
 * computed in the form view), and one change_log row per value, as if every figure had been
 * typed through the app. Pseudo-random but deterministic amounts with one decimal.
 */
export function fillValues(host: BenchHost, withChangeLog: boolean): { values: number; logRows: number } {
  const db = host.ctx.session?.db;
  if (!db) throw new Error('no workbook open');
  db.transaction(() => {
    const amount = (unit: string, indicator: string, month: string): string =>
      `CASE WHEN i.entry_basis = 'month' THEN printf('%.1f', ((${unit} * 7919 + ${indicator} * 104729 + ${month} * 31) % 100000) / 10.0 + 1)
            ELSE printf('%.1f', ${month} * (((${unit} * 7919 + ${indicator} * 104729) % 100000) / 10.0 + 1)) END`;
    // Inserted in primary-key order so the WITHOUT ROWID table is built by appends.
    db.exec(`
      WITH RECURSIVE m(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM m WHERE x < 12)
      INSERT INTO cell_values (unit_id, indicator_id, period, field, value, updated_at)
      SELECT u.id, i.id, printf('%d-%02d', y.year, m.x), i.entry_basis, ${amount('u.id', 'i.id', 'm.x')}, '${YEAR}-12-31T00:00:00.000Z'
      FROM reporting_units u
      CROSS JOIN indicators i
      CROSS JOIN (SELECT ${YEAR - 1} AS year UNION ALL SELECT ${YEAR}) y
      CROSS JOIN m
      WHERE y.year = ${YEAR} OR u.id = 1
      ORDER BY u.id, i.id, y.year, m.x;
      INSERT INTO cell_values (unit_id, indicator_id, period, field, value, updated_at)
      SELECT 1, i.id, '${YEAR}', 'target', printf('%.1f', 15 * (((7919 + i.id * 104729) % 100000) / 10.0 + 1)), '${YEAR}-01-05T00:00:00.000Z'
      FROM indicators i;
      INSERT INTO cell_values (unit_id, indicator_id, period, field, value, updated_at)
      SELECT 1, i.id, '${YEAR}-06', 'note', '含新投产企业', '${YEAR}-07-05T00:00:00.000Z' FROM indicators i WHERE i.id % 25 = 0;
    `);
    if (withChangeLog) {
      db.exec(`
        INSERT INTO change_log (batch_id, at, unit_id, indicator_id, period, field, old_value, new_value, source)
        SELECT row_number() OVER (ORDER BY updated_at, unit_id, period, indicator_id), updated_at, unit_id, indicator_id, period, field, NULL, value, 'edit'
        FROM cell_values;
      `);
    }
  })();
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  return { values: count('SELECT count(*) AS n FROM cell_values'), logRows: count('SELECT count(*) AS n FROM change_log') };
}
