/**
 * Reads one file with the app's reader in a fresh process and prints one JSON line:
 * { ok, message, ms, maxRssMB, cells }. Tests run it on the TypeScript sources with a small
 * heap (`--max-old-space-size=300`), so a reader that does not bound its memory crashes the
 * child and fails the test instead of passing slowly.
 *
 *   node --experimental-transform-types --import ./tests/support/ts-source-hooks.ts \
 *     --max-old-space-size=300 tests/perf/excel-read-child.ts <file>
 */
import { performance } from 'node:perf_hooks';
import { readReturnFile } from '../../electron/services/templates/import-sources.js';

// Optional further arguments: the bound cells of 表1 (an import preview keeps only those).
const [path, ...cells] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: excel-read-child.ts <file>');
const t0 = performance.now();
let result: { ok: boolean; message: string; cells: number };
try {
  const snapshot = await readReturnFile(path, cells.length === 0 ? [{ sheet: '表1' }] : cells.map((cell) => ({ sheet: '表1', cell })));
  result = { ok: true, message: `${snapshot.format} ${snapshot.reader}`, cells: snapshot.sheets.reduce((n, s) => n + s.cells.length, 0) };
} catch (error) {
  result = { ok: false, message: error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error), cells: 0 };
}
const ms = performance.now() - t0;
// maxRSS is in kilobytes on Linux and Windows.
process.stdout.write(`${JSON.stringify({ ...result, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
