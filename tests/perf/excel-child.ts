/**
 * One import in a fresh process, so its peak RSS (`process.resourceUsage().maxRSS`) and its
 * cold time (module loading included, as the clerk's first import of a session) belong to it
 * alone. Prints one JSON line: { ms, maxRssMB, detail }.
 *
 *   node tests/perf/excel-child.ts import|bare|idle <template.xlsx> [bindings.json]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
// Type-only: erased by Node's type stripping.
import type { TemplateBinding } from '../../shared/templates/template-binding.js';
import { loadReadWorkbook, loadTemplateValues } from './lib/dist.ts';

const [mode, path, bindingsPath] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: excel-child.ts import|bare|idle <xlsx> [bindings.json]');
const bytes = readFileSync(path);
const bindings = bindingsPath === undefined ? [] : (JSON.parse(readFileSync(bindingsPath, 'utf8')) as TemplateBinding[]);

const t0 = performance.now();
let detail = '';
if (mode === 'import') {
  // What the import does: the guarded read (package checks + ExcelJS) and picking the bound cells.
  const { readWorkbookBytes } = await loadReadWorkbook();
  const { extractTemplateValues } = await loadTemplateValues();
  const snapshot = await readWorkbookBytes(bytes, basename(path));
  const values = extractTemplateValues(snapshot, bindings);
  detail = `reader ${snapshot.reader}, ${snapshot.sheets.length} sheets, ${snapshot.sheets.reduce((n, s) => n + s.cells.length, 0)} cells, ${values.cells.length} bound values`;
} else if (mode === 'bare') {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  // ExcelJS's typings want its own Buffer alias; a Node Buffer is what it reads.
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  detail = `${workbook.worksheets.length} sheets`;
} else if (mode !== 'idle') {
  throw new Error(`unknown mode ${String(mode)}`);
}
const ms = performance.now() - t0;
// maxRSS is in kilobytes on Linux and Windows.
const maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ms, maxRssMB, detail })}\n`);
