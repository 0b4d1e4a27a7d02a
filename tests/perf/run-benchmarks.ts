/**
 * `npm run bench`: measures every performance budget of docs/architecture.md against the built
 * app and prints one table (what · measured · budget · baseline · ratio · verdict), also written
 * to tests/.artifacts/bench.json. Each measurement is paired with a bare baseline measured in
 * the same run, because the build machines are noisy and the ratio is what code changes move.
 *
 * A plain script rather than `vitest bench`: p99 over thousands of saves, peak RSS of a child
 * process and browser frame timings do not fit tinybench's ops/sec model. It never fails
 * `npm test`; it exits non-zero only when a benchmark cannot run (`--strict` also fails on OVER).
 *
 *   node --expose-gc tests/perf/run-benchmarks.ts [--only sqlite,excel,startup,browser] [--strict]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { runBrowserBenchmarks } from './browser-bench.ts';
import { runExcelBenchmarks } from './excel-bench.ts';
import { ROOT } from './lib/dist.ts';
import { formatTable, type Measurement } from './lib/measure.ts';
import { runMemoryBenchmark } from './memory-bench.ts';
import { runSqliteBenchmarks } from './sqlite-bench.ts';
import { runStartupCheck } from './startup-bench.ts';

const SECTIONS = ['sqlite', 'excel', 'startup', 'browser'] as const;
type Section = (typeof SECTIONS)[number];

function parseArgs(argv: readonly string[]): { only: Set<Section>; strict: boolean; keep: boolean } {
  const onlyIndex = argv.indexOf('--only');
  const requested = onlyIndex >= 0 ? (argv[onlyIndex + 1] ?? '').split(',') : [...SECTIONS];
  const only = new Set(SECTIONS.filter((s) => requested.includes(s)));
  return { only, strict: argv.includes('--strict'), keep: argv.includes('--keep') };
}

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

const { only, strict, keep } = parseArgs(process.argv.slice(2));
// Workbooks and templates go to the real disk (not a tmpfs), so fsync costs what it costs a clerk.
const work = mkdtempSync(join(process.env.STATBENCH_BENCH_DIR ?? tmpdir(), 'statbench-bench-'));
const rows: Measurement[] = [];
const started = Date.now();
try {
  let largePath: string | null = null;
  if (only.has('sqlite')) {
    const result = await runSqliteBenchmarks(work, log);
    rows.push(...result.rows);
    largePath = result.largePath;
    rows.push(await runMemoryBenchmark(work, log));
  }
  if (only.has('excel')) rows.push(...(await runExcelBenchmarks(work, log)));
  if (only.has('startup')) rows.push(...(await runStartupCheck(work, log)));
  if (only.has('browser')) rows.push(...(await runBrowserBenchmarks(work, largePath, log)));
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, gc ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'exposed' : 'NOT exposed'}`;
const seconds = (Date.now() - started) / 1000;
process.stdout.write(`\nStatBench benchmarks — ${machine} — ${seconds.toFixed(0)} s\n\n${formatTable(rows)}\n`);
const artifacts = join(ROOT, 'tests', '.artifacts');
mkdirSync(artifacts, { recursive: true });
writeFileSync(join(artifacts, 'bench.json'), `${JSON.stringify({ at: new Date().toISOString(), machine, seconds, rows }, null, 2)}\n`);
const over = rows.filter((r) => r.ok === false);
process.stdout.write(`\n${over.length} over budget; written to tests/.artifacts/bench.json\n`);
if (strict && over.length > 0) process.exitCode = 1;
