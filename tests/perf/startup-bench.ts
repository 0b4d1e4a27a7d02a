/**
 * "exceljs, charts and report code: loaded on first use, not at start-up", checked in a fresh process
 * (see startup-child.ts) rather than timed: what is not loaded costs nothing.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { distPath } from './lib/dist.ts';
import { measurement, type Measurement } from './lib/measure.ts';

const SECTION = 'start-up (handlers.js + web-host.js)';
const child = fileURLToPath(new URL('./startup-child.ts', import.meta.url));

/** Libraries that must wait for first use, and our own code that pulls them in. */
const HEAVY: ReadonlyArray<{ label: string; pattern: RegExp }> = [
  { label: 'exceljs', pattern: /\/node_modules\/exceljs\// },
  { label: 'jszip', pattern: /\/node_modules\/jszip\// },
  { label: '@e965/xlsx', pattern: /\/node_modules\/@e965\/xlsx\// },
  { label: 'report code', pattern: /\/dist\/electron\/services\/[^/]*report[^/]*\// },
];

interface StartupResult {
  startupMs: number;
  atStartup: string[];
  afterFirstUse: string[];
}

const count = (urls: readonly string[], pattern: RegExp): number => urls.filter((u) => pattern.test(u)).length;

export async function runStartupCheck(dir: string, log: (line: string) => void): Promise<Measurement[]> {
  log('start-up module check …');
  const small = join(dir, 'small.xlsx');
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('表1').getCell('A1').value = 1;
  await workbook.xlsx.writeFile(small);
  const { stdout } = await promisify(execFile)(process.execPath, [child, small], { maxBuffer: 16 << 20 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as StartupResult;

  const rows = HEAVY.map(({ label, pattern }) => {
    const atStart = count(result.atStartup, pattern);
    const later = count(result.afterFirstUse, pattern);
    // The control: a detector that never sees exceljs would pass this check for the wrong reason.
    const control = label === 'exceljs' ? `; after the first readWorkbookBytes ${later} exceljs modules are loaded (detector works)` : '';
    return measurement(SECTION, `${label} modules loaded at start-up`, 'modules', atStart, { op: '<=', limit: 0 }, null, `${result.atStartup.length} modules in all${control}`);
  });
  const ourExcel = count(result.atStartup, /\/dist\/electron\/services\/excel\//);
  rows.push(measurement(SECTION, 'import time of the handler map and the browser host', 'ms', result.startupMs, null, null, `info; ${ourExcel} modules of services/excel among them`));
  rows.push(rendererStartupCheck());
  return rows;
}

/** A string only ECharts' own code contains (the attribute it puts on a chart's element). */
const ECHARTS_MARK = '_echarts_instance_';

/**
 * The page side of the same rule: ECharts (charts and the dashboard) must not be in the scripts
 * the built renderer's index.html loads (its entry and modulepreloads), only in a chunk fetched
 * by the first chart's dynamic import.
 */
function rendererStartupCheck(): Measurement {
  const html = readFileSync(distPath('renderer/index.html'), 'utf8');
  const atStart = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
  const withCharts = atStart.filter((file) => readFileSync(distPath(`renderer/${file}`), 'utf8').includes(ECHARTS_MARK)).length;
  // The control: the detector finds ECharts in the lazily loaded chunk.
  const lazy = readdirSync(distPath('renderer/assets')).filter((f) => f.endsWith('.js') && readFileSync(distPath(`renderer/assets/${f}`), 'utf8').includes(ECHARTS_MARK));
  return measurement(SECTION, 'echarts in the renderer’s start-up scripts', 'modules', withCharts, { op: '<=', limit: 0 }, null, `${atStart.length} start-up scripts; echarts found in ${lazy.join(', ') || 'no chunk (detector broken?)'} (detector works)`);
}
