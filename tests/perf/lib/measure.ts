/**
 * Timing and reporting helpers of the benchmark runner. Runs under Node's own type stripping
 * (no build step), so this file uses only erasable TypeScript.
 */
import { performance } from 'node:perf_hooks';

/** A budget: the measured value must be at most (`<=`) or at least (`>=`) `limit`. */
export interface Budget {
  op: '<=' | '>=';
  limit: number;
}

/** One row of the results table (and of tests/.artifacts/bench.json). */
export interface Measurement {
  section: string;
  what: string;
  unit: 'ms' | 'MB' | 'fps' | '×' | 'modules';
  measured: number;
  budget: Budget | null;
  /** The bare baseline measured in the same run, in the same unit; null when there is none. */
  baseline: number | null;
  baselineWhat: string;
  /** measured / baseline: how much our code costs over the bare operation on this machine. */
  ratio: number | null;
  ok: boolean | null;
  detail: string;
}

/** Summary statistics of a sample of durations (ms). */
export interface Stats {
  n: number;
  min: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile: p99 of 1000 samples is the 990th smallest, never an interpolation. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length),
  };
}

/** Runs `fn` `warmup` times unmeasured (JIT, statement cache, page cache), then `runs` times measured. */
export async function sample(runs: number, warmup: number, fn: (i: number) => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  collectGarbage();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(warmup + i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Times one call. */
export async function timeOnce<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * A full GC between series when node runs with --expose-gc (the bench script passes it), so
 * one series' garbage is not collected inside the next one's timings.
 */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** Builds a table row, computing the ratio and the verdict. */
export function measurement(
  section: string,
  what: string,
  unit: Measurement['unit'],
  measured: number,
  budget: Budget | null,
  baseline: { value: number; what: string } | null,
  detail = '',
): Measurement {
  const ratio = baseline === null || baseline.value === 0 ? null : measured / baseline.value;
  const ok = budget === null ? null : budget.op === '<=' ? measured <= budget.limit : measured >= budget.limit;
  return { section, what, unit, measured, budget, baseline: baseline?.value ?? null, baselineWhat: baseline?.what ?? '', ratio, ok, detail };
}

function fmt(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return '—';
  const digits = unit === 'modules' ? 0 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return `${value.toFixed(digits)} ${unit}`;
}

/** The results as a Markdown table (what · measured · budget · baseline · ratio · ok/over). */
export function formatTable(rows: readonly Measurement[]): string {
  const header = ['what', 'measured', 'budget', 'baseline', 'ratio', 'verdict'];
  const lines = rows.map((r) => [
    `${r.section}: ${r.what}`,
    fmt(r.measured, r.unit),
    r.budget === null ? '—' : `${r.budget.op === '<=' ? '≤' : '≥'} ${fmt(r.budget.limit, r.unit)}`,
    r.baseline === null ? '—' : `${fmt(r.baseline, r.unit)} (${r.baselineWhat})`,
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
    r.ok === null ? 'info' : r.ok ? 'ok' : 'OVER',
  ]);
  const table = [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`);
  const details = rows.filter((r) => r.detail !== '').map((r) => `- ${r.section}: ${r.what} — ${r.detail}`);
  return [...table, '', ...details].join('\n');
}

/** "12.3 ms / p99 …" helper for details. */
export function describeStats(s: Stats): string {
  return `n=${s.n} min ${s.min.toFixed(3)} · median ${s.median.toFixed(3)} · p95 ${s.p95.toFixed(3)} · p99 ${s.p99.toFixed(3)} · max ${s.max.toFixed(3)} ms`;
}
