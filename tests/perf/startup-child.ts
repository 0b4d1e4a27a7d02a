/**
 * Which modules the hosts load at start-up. A synchronous resolve hook (module.registerHooks,
 * which sees both `import` and `require`) records every module URL while the handler map and
 * the browser host are imported, as `npm run web` and the desktop main process do. Then one
 * workbook is read, to prove the detector sees exceljs once it is really used.
 * Prints one JSON line.
 *
 *   node tests/perf/startup-child.ts <small.xlsx>
 */
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { distPath } from './lib/dist.ts';

const loaded = new Set<string>();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    loaded.add(result.url);
    return result;
  },
});

const t0 = performance.now();
await import(pathToFileURL(distPath('electron/services/handlers.js')).href);
await import(pathToFileURL(distPath('electron/web/web-host.js')).href);
const startupMs = performance.now() - t0;
const atStartup = [...loaded];

const xlsx = process.argv[2];
if (xlsx === undefined) throw new Error('usage: startup-child.ts <small.xlsx>');
const { readWorkbookBytes } = (await import(pathToFileURL(distPath('electron/services/excel/read-workbook.js')).href)) as typeof import('../../electron/services/excel/read-workbook.js');
await readWorkbookBytes(readFileSync(xlsx), 'small.xlsx');
const afterFirstUse = [...loaded];

process.stdout.write(`${JSON.stringify({ startupMs, atStartup, afterFirstUse })}\n`);
