/**
 * Host memory over 10,000 single-cell saves (architecture.md: growth ≤ 20 MB). Saves go through
 * `dispatch`, as from the page, on a workbook with the 500-indicator form; RSS is read after a
 * full GC before and after, so what remains is what the host keeps (statements, undo steps,
 * caches). The baseline is the same number of bare upserts on the same connection.
 */
import { join } from 'node:path';
import { makeBenchHost, seedCatalog } from './lib/workbooks.ts';
import { measurement, type Measurement } from './lib/measure.ts';

const SAVES = 10_000;
const MB = 2 ** 20;

function settledRss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().rss;
}

export async function runMemoryBenchmark(dir: string, log: (line: string) => void): Promise<Measurement> {
  log(`host memory: ${SAVES} single-cell saves …`);
  const host = await makeBenchHost(dir);
  await host.call('workbook:create', { path: join(dir, 'memory.statbench'), starterCatalog: false });
  const indicators = seedCatalog(host, 1);
  const save = (i: number): Promise<unknown> => {
    const indicator = indicators[(i * 37) % indicators.length];
    if (!indicator) throw new Error('no indicator');
    return host.call('values:set', {
      unitId: 1,
      source: 'edit',
      changes: [{ indicatorId: indicator.id, period: `2024-${String((i % 12) + 1).padStart(2, '0')}`, field: indicator.entryBasis, value: `${1000 + i}.5` }],
    });
  };
  // Warm-up: JIT, statement cache, page cache; then measure what further saves keep.
  for (let i = 0; i < 500; i++) await save(i);
  const before = settledRss();
  for (let i = 0; i < SAVES; i++) await save(i + 500);
  const growth = (settledRss() - before) / MB;

  const db = host.ctx.session?.db;
  if (!db) throw new Error('no workbook open');
  const upsert = db.prepare(`INSERT INTO cell_values (unit_id, indicator_id, period, field, value, updated_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (unit_id, indicator_id, period, field) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  const bareBefore = settledRss();
  for (let i = 0; i < SAVES; i++) {
    const indicator = indicators[(i * 41) % indicators.length];
    if (indicator) upsert.run(1, indicator.id, `2025-${String((i % 12) + 1).padStart(2, '0')}`, indicator.entryBasis, `${i}.5`, 'bench');
  }
  const bareGrowth = (settledRss() - bareBefore) / MB;
  await host.call('workbook:close', undefined);
  return measurement(
    'host memory',
    `RSS growth over ${SAVES} single-cell saves via dispatch (after ${500} warm-up saves, GC before and after)`,
    'MB',
    growth,
    { op: '<=', limit: 20 },
    { value: bareGrowth, what: `${SAVES} bare upserts, same connection` },
    `ours ${growth.toFixed(1)} MB; bare ${bareGrowth.toFixed(1)} MB`,
  );
}
