/**
 * Child process of the crash tests (tests/unit/crash-recovery.test.ts): runs one operation on a
 * workbook the parent prepared and stops in the middle of it, inside its open transaction, after
 * printing "midway", until the parent SIGKILLs it ("0" rows or "run": it runs to the end and prints "finished"). Run with tests/support/ts-source-hooks.ts.
 *
 *   crash-child.ts import  <workbook> <return file> <period> <rows before the stop>
 *   crash-child.ts paste   <workbook> <changes.json> -        <rows before the stop>
 *   crash-child.ts migrate <workbook> <stop|run>
 *
 * The stop is synchronous (Atomics.wait), like SQLite's own work: the kill lands with the
 * transaction open and pages possibly spilled to the WAL, which is what a power cut or a killed
 * process leaves behind.
 */
import { readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { openWorkbookWithBackups } from '../../electron/services/backup/backup-service.ts';
import { latestSchemaVersion } from '../../electron/services/workbook/migrations.ts';
import { makeTestHost } from './test-host.ts';

function stopHere(): never {
  writeSync(1, 'midway\n');
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}

const [, , mode = '', path = '', input = '', period = '', stopAfter = '0'] = process.argv;

if (mode === 'migrate') {
  // The last statement of the migration transaction: every migration's SQL has run, nothing is committed.
  const pragma = Database.prototype.pragma;
  Database.prototype.pragma = function (this: Database.Database, source: string, options?: Database.PragmaOptions) {
    if (input === 'stop' && source === `user_version = ${latestSchemaVersion()}`) stopHere();
    return pragma.call(this, source, options);
  };
  await openWorkbookWithBackups(path);
  writeSync(1, 'finished\n');
} else {
  const host = makeTestHost(dirname(path));
  await host.call('workbook:open', { path });
  const db = host.ctx.session?.db;
  if (!db) throw new Error('no workbook');
  // A temp trigger lives on this connection only; nothing of it reaches the file.
  let rows = 0;
  db.function('crash_point', () => {
    rows += 1;
    if (rows === Number(stopAfter)) stopHere();
    return null;
  });
  db.exec('CREATE TEMP TRIGGER crash_point_insert AFTER INSERT ON cell_values BEGIN SELECT crash_point(); END');
  db.exec('CREATE TEMP TRIGGER crash_point_update AFTER UPDATE ON cell_values BEGIN SELECT crash_point(); END');
  const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
  if (mode === 'import') {
    const templateId = (await host.call('templates:list', undefined))[0]?.id ?? 0;
    const preview = await host.call('imports:preview', { templateId, paths: [input], period, unitId });
    await host.call('imports:commit', { previewId: preview.previewId });
  } else if (mode === 'paste') {
    const changes = JSON.parse(readFileSync(input, 'utf8')) as { indicatorId: number; period: string; field: 'month' | 'cumulative'; value: string }[];
    await host.call('values:set', { unitId, source: 'paste', changes });
  }
  writeSync(1, 'finished\n');
}
