/**
 * The 50-sheet / 100k-cell template: import (time, peak RSS, ratio to a bare ExcelJS load) and
 * filled export (time, ratio to a bare JSZip load + generate of the same file).
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
// Type-only imports: erased by Node's type stripping.
import type { CellFill } from '../../electron/services/excel/xlsx-fill.js';
import type { TemplateBinding } from '../../shared/templates/template-binding.js';
import { loadReadWorkbook, loadTemplateValues, loadXlsxFill } from './lib/dist.ts';
import { collectGarbage, describeStats, measurement, type Measurement, stats, timeOnce } from './lib/measure.ts';
import { fillValues, makeBenchHost, seedCatalog, YEAR } from './lib/workbooks.ts';

const SECTION_IMPORT = 'template import (50 sheets, 100k cells)';
const SECTION_EXPORT = 'template export (50 sheets, 100k cells)';
const SHEETS = 50;
/** Data rows 3…101 × columns A…T (name, unit, 17 amounts, a SUM formula) + title and header ≈ 2000 cells. */
const FIRST_DATA_ROW = 3;
const LAST_DATA_ROW = 101;
const AMOUNT_COLUMNS = 'CDEFGHIJKLMNOPQRS'.split('');
const RUNS = 3;

const child = fileURLToPath(new URL('./excel-child.ts', import.meta.url));
const run = promisify(execFile);

/**
 * A template as a county bureau sends it: per sheet a merged title, a bold header row with
 * fills and borders, indicator names and units as shared strings, amounts with a #,##0.00
 * format, and a SUM formula with its cached result per row.
 */
async function writeTemplate(path: string): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  const border = { style: 'thin' } as const;
  const borders = { top: border, left: border, bottom: border, right: border };
  let cells = 0;
  for (let s = 1; s <= SHEETS; s++) {
    const ws = workbook.addWorksheet(`表${s}`);
    ws.mergeCells('A1:T1');
    ws.getCell('A1').value = `2024年11月 第${s}号表 园区主要经济指标完成情况`;
    ws.getCell('A1').font = { bold: true, size: 14 };
    cells += 1;
    const header = ws.getRow(2);
    ['指标名称', '计量单位', ...AMOUNT_COLUMNS.map((_, i) => `${i + 1}月`), '合计'].forEach((title, i) => {
      const cell = header.getCell(i + 1);
      cell.value = title;
      cell.font = { bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE8F3' } };
      cell.border = borders;
      cells += 1;
    });
    for (let r = FIRST_DATA_ROW; r <= LAST_DATA_ROW; r++) {
      const row = ws.getRow(r);
      row.getCell(1).value = `规模以上工业分项指标${r - 2}`;
      row.getCell(2).value = '万元';
      let total = 0;
      AMOUNT_COLUMNS.forEach((_, i) => {
        const value = ((s * 7919 + r * 104729 + i * 31) % 100000) / 100;
        total += value;
        const cell = row.getCell(i + 3);
        cell.value = value;
        cell.numFmt = '#,##0.00';
        cell.border = borders;
      });
      row.getCell(20).value = { formula: `SUM(C${r}:S${r})`, result: Math.round(total * 100) / 100 };
      cells += 20;
    }
    ws.getColumn(1).width = 28;
  }
  await workbook.xlsx.writeFile(path);
  return cells;
}

function mappedCells(): Array<{ sheet: string; cell: string; n: number }> {
  const out: Array<{ sheet: string; cell: string; n: number }> = [];
  for (let s = 1; s <= SHEETS; s++) {
    for (let r = FIRST_DATA_ROW; r <= LAST_DATA_ROW; r++) {
      AMOUNT_COLUMNS.forEach((col, i) => out.push({ sheet: `表${s}`, cell: `${col}${r}`, n: (r - FIRST_DATA_ROW) * AMOUNT_COLUMNS.length + i + 1 }));
    }
  }
  return out;
}

interface ChildResult {
  ms: number;
  maxRssMB: number;
  detail: string;
}

async function inChild(mode: 'import' | 'bare' | 'idle', template: string, bindings: string): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, [child, mode, template, bindings], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

/**
 * The bare work any filled export must do: unzip, re-deflate the 50 sheet parts, zip. JSZip
 * reuses the stored deflate data of parts that were not touched, so without rewriting the
 * sheets a load + generate would only copy bytes and would not be a fair floor.
 */
async function zipRoundTrip(bytes: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const sheets = Object.keys(zip.files).filter((name) => /^xl\/worksheets\/[^/]+\.xml$/.test(name));
  for (const name of sheets) zip.file(name, await zip.file(name)?.async('string') ?? '');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const median = (xs: readonly number[]): number => stats(xs).median;

export async function runExcelBenchmarks(dir: string, log: (line: string) => void): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  const template = join(dir, '模板-50表.xlsx');
  log('writing the 50-sheet template with ExcelJS …');
  const cellCount = await writeTemplate(template);
  const bytes = readFileSync(template);
  const targets = mappedCells();
  const bindings: TemplateBinding[] = targets.map((t) => ({ sheet: t.sheet, cell: t.cell, indicatorId: t.n, figure: 'month', unit: null, periodOffset: 0 }));
  const bindingsPath = join(dir, 'bindings.json');
  writeFileSync(bindingsPath, JSON.stringify(bindings));
  const size = `${cellCount} cells, ${(bytes.length / 1024).toFixed(0)} KB, ${bindings.length} bound cells`;

  log('import: fresh processes (cold) …');
  const imports: ChildResult[] = [];
  const bares: ChildResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    imports.push(await inChild('import', template, bindingsPath));
    bares.push(await inChild('bare', template, bindingsPath));
  }
  const idle = await inChild('idle', template, bindingsPath);
  const coldImport = median(imports.map((r) => r.ms));
  const coldBare = median(bares.map((r) => r.ms));
  const importRss = Math.max(...imports.map((r) => r.maxRssMB));
  const bareRss = Math.max(...bares.map((r) => r.maxRssMB));
  const coldDetail = `median of ${RUNS} fresh processes, module loading included; ${imports[0]?.detail ?? ''}; ${size}`;
  rows.push(measurement(SECTION_IMPORT, 'import, cold (new process)', 'ms', coldImport, { op: '<=', limit: 2000 }, { value: coldBare, what: 'bare exceljs xlsx.load, cold' }, coldDetail));
  rows.push(measurement(SECTION_IMPORT, 'import time ÷ bare exceljs load (cold)', '×', coldImport / coldBare, { op: '<=', limit: 1.5 }, null, `${coldImport.toFixed(0)} ms vs ${coldBare.toFixed(0)} ms`));
  rows.push(
    measurement(SECTION_IMPORT, 'import peak RSS (whole process)', 'MB', importRss, { op: '<=', limit: 300 }, { value: bareRss, what: 'bare exceljs load process' }, `max of ${RUNS} runs; a process that only reads the file and the bindings peaks at ${idle.maxRssMB.toFixed(0)} MB, so the import itself adds ${(importRss - idle.maxRssMB).toFixed(0)} MB (bare exceljs: ${(bareRss - idle.maxRssMB).toFixed(0)} MB)`),
  );

  log('import: warm, in process …');
  const { readWorkbookBytes } = await loadReadWorkbook();
  const { extractTemplateValues } = await loadTemplateValues();
  const warmImport: number[] = [];
  const warmBare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    collectGarbage();
    warmImport.push((await timeOnce(async () => extractTemplateValues(await readWorkbookBytes(bytes, '模板-50表.xlsx'), bindings))).ms);
    collectGarbage();
    warmBare.push((await timeOnce(() => new ExcelJS.Workbook().xlsx.load(bytes as unknown as ArrayBuffer))).ms);
  }
  rows.push(
    measurement(SECTION_IMPORT, 'import, warm (modules loaded)', 'ms', median(warmImport), { op: '<=', limit: 2000 }, { value: median(warmBare), what: 'bare exceljs xlsx.load, warm' }, `ours ${describeStats(stats(warmImport))}; bare ${describeStats(stats(warmBare))}`),
  );
  rows.push(measurement(SECTION_IMPORT, 'import time ÷ bare exceljs load (warm)', '×', median(warmImport) / median(warmBare), { op: '<=', limit: 1.5 }, null, ''));

  log('export: filling every amount cell …');
  const { fillTemplateBytes } = await loadXlsxFill();
  const fills: CellFill[] = targets.map((t) => ({ sheet: t.sheet, cell: t.cell, value: { kind: 'number', value: `${t.n}.25` } }));
  const exports: number[] = [];
  const zips: number[] = [];
  let outputBytes = 0;
  for (let i = 0; i <= RUNS; i++) {
    collectGarbage();
    const ours = await timeOnce(() => fillTemplateBytes(bytes, '模板-50表.xlsx', fills));
    outputBytes = ours.value.length;
    collectGarbage();
    const bare = await timeOnce(() => zipRoundTrip(bytes));
    // The first round is warm-up (JIT, zlib); the clerk's export runs in a long-lived host process.
    if (i > 0) {
      exports.push(ours.ms);
      zips.push(bare.ms);
    }
  }
  rows.push(
    measurement(
      SECTION_EXPORT,
      `fillTemplateBytes, ${fills.length} cells`,
      'ms',
      median(exports),
      { op: '<=', limit: 2000 },
      { value: median(zips), what: 'bare JSZip: load, rewrite the 50 sheet parts, DEFLATE' },
      `ours ${describeStats(stats(exports))}; bare ${describeStats(stats(zips))}; output ${(outputBytes / 1024).toFixed(0)} KB; values come from the caller`,
    ),
  );
  rows.push(...(await exportEndToEnd(dir, template, targets, log)));
  return rows;
}

const EXPORT_UNITS = 3;

/**
 * The clerk's filled export of the 50-sheet template through `templates:export` on a real
 * workbook (500 indicators with a year of figures; each of the 84,150 amount cells bound to one
 * of them, 本月 of the exported month or up to three months before): SQLite reads on the host's
 * thread, layout read and XML fill in the worker pool. Meanwhile the event loop's longest stall
 * is measured with monitorEventLoopDelay, and an `app:info` request is sent every 50 ms to
 * measure what the clerk feels (any click, 取消 included, waits at most that long).
 */
async function exportEndToEnd(dir: string, templatePath: string, targets: ReadonlyArray<{ sheet: string; cell: string; n: number }>, log: (line: string) => void): Promise<Measurement[]> {
  log('export end to end: a workbook with 500 indicators, the template bound cell by cell …');
  const host = await makeBenchHost(dir);
  await host.call('workbook:create', { path: join(dir, 'export-e2e.statbench'), starterCatalog: false });
  const indicators = seedCatalog(host, EXPORT_UNITS);
  fillValues(host, false);
  const template = await host.call('templates:register', { path: templatePath, name: '五十表' });
  const db = host.ctx.session?.db;
  if (!db) throw new Error('no workbook open');
  db.transaction(() => {
    const insert = db.prepare("INSERT INTO template_bindings (template_id, sheet, cell, indicator_id, figure, unit, period_offset) VALUES (?, ?, ?, ?, 'month', NULL, ?)");
    for (const t of targets) {
      const k = (t.n - 1) % indicators.length;
      insert.run(template.id, t.sheet, t.cell, indicators[k]?.id ?? 1, -Math.floor((t.n - 1) / indicators.length));
    }
  })();
  const unitIds = (await host.call('units:list', undefined)).slice(0, EXPORT_UNITS).map((u) => u.id);
  const period = `${YEAR}-11`;
  // Warm-up: the worker's modules and the JIT, as in a host that has exported before.
  await host.call('templates:export', { templateId: template.id, unitIds: unitIds.slice(0, 1), period, outputDir: join(dir, 'export-warm') });

  const loop = monitorEventLoopDelay({ resolution: 10 });
  const pings: number[] = [];
  let running = true;
  const ping = async (): Promise<void> => {
    while (running) {
      const sent = performance.now();
      await host.call('app:info', undefined);
      pings.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  collectGarbage();
  loop.enable();
  const pinger = ping();
  const timed = await timeOnce(() => host.call('templates:export', { templateId: template.id, unitIds, period, outputDir: join(dir, 'export-e2e') }));
  running = false;
  await pinger;
  loop.disable();

  // 取消: the clerk cancels an export of the same units while its first unit is being filled;
  // measured from the jobs:cancel call until the export has stopped (its files removed).
  let jobId: string | null = null;
  (host.ctx as { emit: (event: string, payload: unknown) => void }).emit = (event, payload) => {
    if (event === 'job:progress') jobId = (payload as { jobId: string }).jobId;
  };
  const cancelled = host.handlers.dispatch(host.ctx, 'templates:export', { templateId: template.id, unitIds, period, outputDir: join(dir, 'export-cancel') }, () => undefined);
  while (jobId === null) await new Promise((resolve) => setTimeout(resolve, 5));
  // Well into the first unit (about a second each): its SQLite reads are done, the fill runs in the worker.
  await new Promise((resolve) => setTimeout(resolve, Math.min(600, timed.ms / unitIds.length / 2)));
  const cancelSent = performance.now();
  const answer = await host.handlers.dispatch(host.ctx, 'jobs:cancel', { jobId }, () => undefined);
  const cancelAnswered = performance.now() - cancelSent;
  const outcome = await cancelled;
  const cancelStopped = performance.now() - cancelSent;
  if (!answer.ok || answer.value !== true || outcome.ok) throw new Error('the export was not cancelled');

  await host.call('workbook:close', undefined);
  const stallMs = loop.max / 1e6;
  const perUnit = timed.ms / unitIds.length;
  const detail = `${timed.value.files.length} files, ${targets.length} bound cells each; app:info answered ${pings.length}× during it, slowest ${Math.max(0, ...pings).toFixed(0)} ms`;
  return [
    measurement(SECTION_EXPORT, `templates:export end to end, per unit (${unitIds.length} units)`, 'ms', perUnit, { op: '<=', limit: 2000 }, null, `${timed.ms.toFixed(0)} ms in all; ${detail}`),
    measurement(SECTION_EXPORT, 'longest event-loop stall during the export', 'ms', stallMs, { op: '<=', limit: 200 }, null, `monitorEventLoopDelay max (10 ms resolution); p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms`),
    measurement(SECTION_EXPORT, '取消 during the export: until the export has stopped', 'ms', cancelStopped, { op: '<=', limit: 200 }, null, `jobs:cancel answered in ${cancelAnswered.toFixed(1)} ms; refusal: ${outcome.ok ? '' : outcome.error.message}`),
  ];
}
