/**
 * Crash tests beyond workbook creation (that one is in workbook-file.test.ts): a child process is
 * SIGKILLed with an import commit, a 50,000-cell paste and a schema migration in the middle of
 * their transaction (tests/support/crash-child.ts). Afterwards SQLite's integrity_check passes and
 * the operation left nothing behind; a run that is not killed writes everything (all or nothing).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TemplateBindingInput } from '../../shared/api/template-api.js';
import { backupFolderOf } from '../../electron/services/backup/backup-folder.js';
import { listBackups } from '../../electron/services/backup/backup-store.js';
import { loadMigrations, latestSchemaVersion } from '../../electron/services/workbook/migrations.js';
import { seedStarterCatalog } from '../../electron/services/workbook/starter-catalog.js';
import { closeWorkbookFile, openWorkbookFile, WORKBOOK_APPLICATION_ID } from '../../electron/services/workbook/workbook-file.js';
import { writeStarterLikeTemplate } from '../fixtures/starter-like-template.js';
import { makeTestHost, type TestHost } from '../support/test-host.js';

const hooks = new URL('../support/ts-source-hooks.ts', import.meta.url).href;
const crashChild = fileURLToPath(new URL('../support/crash-child.ts', import.meta.url));

/**
 * Runs the crash child with `args`. With `kill`, waits for it to reach the middle of its
 * transaction ("midway") and SIGKILLs it; otherwise waits for it to finish.
 */
async function runChild(args: string[], kill: boolean): Promise<void> {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', hooks, crashChild, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
  await new Promise<void>((resolveStep, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes(kill ? 'midway' : 'finished')) resolveStep();
    });
    void exited.then(() => (stdout.includes(kill ? 'midway' : 'finished') ? resolveStep() : reject(new Error(`child ended early: ${stdout} ${stderr}`))));
  });
  if (kill) child.kill('SIGKILL');
  const { signal } = await exited;
  if (kill) expect(signal).toBe('SIGKILL');
}

/** Opens the workbook as the app does after the crash and reads what the test compares. */
function inspect(path: string): { integrity: string; cells: number; log: number; batches: number; version: number } {
  const db = openWorkbookFile(path, { migrate: false });
  try {
    const n = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    return {
      integrity: String(db.pragma('integrity_check', { simple: true })),
      cells: n('SELECT count(*) AS n FROM cell_values'),
      log: n('SELECT count(*) AS n FROM change_log'),
      batches: n('SELECT count(DISTINCT batch_id) AS n FROM change_log'),
      version: Number(db.pragma('user_version', { simple: true })),
    };
  } finally {
    closeWorkbookFile(db, path);
  }
}

describe('a crash (SIGKILL) in the middle of a write leaves a whole workbook and no partial batch', () => {
  let host: TestHost;
  beforeEach(() => {
    host = makeTestHost();
  });
  afterEach(() => host.dispose());

  it('import commit: killed after some rows, nothing of it is stored; unkilled, all of it is', async () => {
    const path = (await host.call('workbook:create', { path: '导入崩溃', starterCatalog: true })).path;
    const formId = (await host.call('catalog:get', {})).form.id;
    const templatePath = join(host.dir, '园区月报.xlsx');
    await writeStarterLikeTemplate(templatePath);
    const templateId = (await host.call('templates:register', { path: templatePath })).id;
    const proposals = await host.call('templates:autoMap', { templateId, formId });
    const bindings: TemplateBindingInput[] = proposals.map(({ sheet, cell, indicatorId, figure, unit, periodOffset }) => ({ sheet, cell, indicatorId, figure, unit, periodOffset }));
    await host.call('templates:saveBindings', { templateId, bindings });
    // A clerk's filled return: 本月, 累计 and 上年同期 of four indicators.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(templatePath);
    const sheet = workbook.getWorksheet('月报');
    if (!sheet) throw new Error('template lacks 月报');
    for (let row = 4; row <= 7; row++) for (let col = 2; col <= 4; col++) sheet.getRow(row).getCell(col).value = 1000 * row + col;
    const returnPath = join(host.dir, '回收表.xlsx');
    await workbook.xlsx.writeFile(returnPath);
    await host.call('workbook:close', undefined);
    const before = inspect(path);

    await runChild(['import', path, returnPath, '2023-11', '5'], true);
    const after = inspect(path);
    expect(after.integrity).toBe('ok');
    expect(after).toEqual(before);
    // The backup taken before the import (导入前) is whole too.
    expect(listBackups(backupFolderOf(path)).some((b) => b.kind === '导入前')).toBe(true);

    await runChild(['import', path, returnPath, '2023-11', '0'], false);
    const done = inspect(path);
    expect(done.integrity).toBe('ok');
    expect(done.cells - before.cells).toBeGreaterThanOrEqual(12);
    expect(done.batches).toBe(before.batches + 1);
  }, 120_000);

  it('a paste of 50,000 cells (written in chunks inside one transaction): killed at row 30,000, nothing is stored', async () => {
    const path = (await host.call('workbook:create', { path: '粘贴崩溃', starterCatalog: true })).path;
    const catalog = await host.call('catalog:get', {});
    const indicatorIds = catalog.items.flatMap((item) => (item.type === 'indicator' ? [item.indicator.id] : []));
    const changes: { indicatorId: number; period: string; field: 'month'; value: string }[] = [];
    for (let year = 1950; changes.length < 50_000; year++) {
      for (let month = 1; month <= 12 && changes.length < 50_000; month++) {
        for (const indicatorId of indicatorIds) {
          if (changes.length === 50_000) break;
          changes.push({ indicatorId, period: `${year}-${String(month).padStart(2, '0')}`, field: 'month', value: String(changes.length + 1) });
        }
      }
    }
    const changesPath = join(host.dir, 'paste.json');
    writeFileSync(changesPath, JSON.stringify(changes));
    await host.call('workbook:close', undefined);
    const before = inspect(path);

    await runChild(['paste', path, changesPath, '-', '30000'], true);
    const after = inspect(path);
    expect(after.integrity).toBe('ok');
    expect(after).toEqual(before);

    await runChild(['paste', path, changesPath, '-', '0'], false);
    const done = inspect(path);
    expect(done.integrity).toBe('ok');
    expect(done.cells - before.cells).toBe(50_000);
    expect(done.batches).toBe(before.batches + 1);
  }, 180_000);

  it('a schema migration: killed with every migration run but not committed, the file stays at its old version', async () => {
    // A workbook written by an older StatBench: the schema of migration 0005, the starter catalog and a figure.
    const path = join(host.dir, '旧版工作簿.statbench');
    const oldVersion = 5;
    const old = new Database(path);
    old.pragma(`application_id = ${WORKBOOK_APPLICATION_ID}`);
    old.pragma('journal_mode = WAL');
    old.pragma('foreign_keys = ON');
    old.transaction(() => {
      for (const migration of loadMigrations().filter((m) => m.version <= oldVersion)) old.exec(migration.sql);
      old.pragma(`user_version = ${oldVersion}`);
      seedStarterCatalog(old);
    })();
    const indicatorId = (old.prepare('SELECT min(id) AS id FROM indicators').get() as { id: number }).id;
    const unitId = (old.prepare('SELECT min(id) AS id FROM reporting_units').get() as { id: number }).id;
    old.prepare("INSERT INTO cell_values (unit_id, indicator_id, period, field, value, updated_at) VALUES (?, ?, '2023-11', 'month', '863300', '2023-12-05T09:00:00Z')").run(unitId, indicatorId);
    old.close();
    expect(latestSchemaVersion()).toBeGreaterThan(oldVersion);
    const before = inspect(path);
    expect(before.version).toBe(oldVersion);

    await runChild(['migrate', path, 'stop'], true);
    const after = inspect(path);
    expect(after.integrity).toBe('ok');
    expect(after).toEqual(before);
    // The backup before the upgrade (升级前) was complete before the migration began.
    const [upgradeBackup] = listBackups(backupFolderOf(path)).filter((b) => b.kind === '升级前');
    expect(upgradeBackup).toBeDefined();
    expect(inspect(upgradeBackup?.path ?? '')).toEqual(before);

    // Opened again, the migration runs to the end and the figure is still there.
    await runChild(['migrate', path, 'run'], false);
    const migrated = inspect(path);
    expect(migrated).toMatchObject({ integrity: 'ok', version: latestSchemaVersion(), cells: before.cells });
  }, 120_000);
});
