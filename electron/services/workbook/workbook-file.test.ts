import { createHash } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { latestSchemaVersion } from './migrations.js';
import { closeWorkbookFile, createWorkbookFile, openWorkbookFile, WORKBOOK_APPLICATION_ID } from './workbook-file.js';

const hooks = new URL('../../../tests/support/ts-source-hooks.ts', import.meta.url).href;
const createChild = fileURLToPath(new URL('../../../tests/support/create-workbook-child.ts', import.meta.url));

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A SQLite file written by "another program" (or an older/newer StatBench) with the given header fields. */
function writeSqliteFile(path: string, options: { applicationId?: number; userVersion: number; table?: boolean; wal?: boolean }): void {
  const db = new Database(path);
  if (options.wal) db.pragma('journal_mode = WAL');
  if (options.applicationId !== undefined) db.pragma(`application_id = ${options.applicationId}`);
  if (options.table) db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
  db.pragma(`user_version = ${options.userVersion}`);
  db.close();
}

describe('workbook file', () => {
  let host: TestHost;
  beforeEach(() => {
    host = makeTestHost();
  });
  afterEach(() => host.dispose());

  it('creates a workbook with the app id, WAL, foreign keys and the latest schema, and lists it as recent', async () => {
    const info = await host.call('workbook:create', { path: '园区月报' });
    expect(info.path).toBe(join(host.dir, '园区月报.statbench'));
    expect(info.name).toBe('园区月报.statbench');
    expect(info.schemaVersion).toBe(latestSchemaVersion());
    expect(latestSchemaVersion()).toBeGreaterThanOrEqual(1);

    const db = host.ctx.session?.db;
    expect(db).toBeDefined();
    expect(db?.pragma('application_id', { simple: true })).toBe(WORKBOOK_APPLICATION_ID);
    expect(db?.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(db?.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db?.pragma('foreign_keys', { simple: true })).toBe(1);

    const catalog = await host.call('catalog:get', {});
    expect(catalog.form.name).toBe('园区主要经济指标月报');
    const recent = await host.call('workbook:recent', undefined);
    expect(recent[0]).toMatchObject({ path: info.path, exists: true });
  });

  it('keeps every saved figure when the workbook is closed and reopened', async () => {
    const info = await host.call('workbook:create', { path: 'reopen' });
    const catalog = await host.call('catalog:get', {});
    const a01 = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === 'A01');
    if (a01?.type !== 'indicator') throw new Error('starter catalog lacks A01');
    const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    await host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: a01.indicator.id, period: '2024-03', field: 'cumulative', value: '12345.6' }] });
    await host.call('workbook:close', undefined);
    expect(await host.call('workbook:current', undefined)).toBeNull();

    const reopened = await host.call('workbook:open', { path: info.path });
    expect(reopened.path).toBe(info.path);
    const view = await host.call('grid:formView', { formId: catalog.form.id, unitId, period: '2024-03' });
    expect(view.rows.find((r) => r.code === 'A01')?.cells.cumulative?.value).toBe('12345.6');
  });

  it('migrates a workbook written at an older schema version', async () => {
    const path = join(host.dir, 'old.statbench');
    writeSqliteFile(path, { applicationId: WORKBOOK_APPLICATION_ID, userVersion: 0 });

    const info = await host.call('workbook:open', { path });
    expect(info.schemaVersion).toBe(latestSchemaVersion());
    const db = host.ctx.session?.db;
    expect(db?.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    const tables = (db?.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['indicators', 'forms', 'form_items', 'reporting_units', 'cell_values', 'change_log']));
  });

  it('removes the half-made file when creating a workbook fails', () => {
    const path = join(host.dir, 'broken.statbench');
    expect(() =>
      createWorkbookFile(path, () => {
        throw new Error('seed failed');
      }),
    ).toThrow('seed failed');
    // Neither the name nor a temp file of it is left behind.
    expect(readdirSync(host.dir).filter((f) => f.includes('broken'))).toEqual([]);
  });

  it('a crash (SIGKILL) in the middle of creating a workbook leaves nothing that blocks the name', async () => {
    const path = join(host.dir, '崩溃测试.statbench');
    const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', hooks, createChild, path, 'hang'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolveSeeding, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('seeding')) resolveSeeding();
      });
      child.on('exit', () => reject(new Error(`child exited before seeding: ${stderr}`)));
    });
    const exited = new Promise((resolveExit) => child.on('exit', (_code, signal) => resolveExit(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(existsSync(path)).toBe(false);
    const info = await host.call('workbook:create', { path });
    expect(info.path).toBe(path);
    expect(host.ctx.session?.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((await host.call('catalog:get', {})).form.name).toBe('园区主要经济指标月报');
  });

  it('a kill at any moment of creation leaves either no file or a complete workbook', async () => {
    for (const delayMs of [5, 40, 80, 120, 200, 400]) {
      const path = join(host.dir, `kill-${delayMs}.statbench`);
      const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', hooks, createChild, path], { stdio: 'ignore' });
      const exited = new Promise((resolveExit) => child.on('exit', resolveExit));
      await new Promise((resolveDelay) => setTimeout(resolveDelay, delayMs));
      child.kill('SIGKILL');
      await exited;
      if (existsSync(path)) {
        const db = openWorkbookFile(path);
        expect(db.pragma('integrity_check', { simple: true }), path).toBe('ok');
        expect((db.prepare('SELECT count(*) AS n FROM forms').get() as { n: number }).n, path).toBe(1);
        closeWorkbookFile(db, path);
      } else {
        createWorkbookFile(path, () => undefined).close();
      }
    }
  });

  it('one file under two spellings (dir/sub/../x) is the same open workbook, not "open elsewhere"', async () => {
    const info = await host.call('workbook:create', { path: join(host.dir, 'x.statbench') });
    mkdirSync(join(host.dir, 'sub'));
    // Spelled out, not join()ed: join() would fold the ".." before the host sees it.
    const other = await host.call('workbook:open', { path: `${host.dir}${sep}sub${sep}..${sep}x.statbench` });
    expect(other.path).toBe(info.path);
    expect(host.ctx.session?.path).toBe(info.path);
  });

  it('a clean close leaves the workbook as one file, without -wal or -shm', async () => {
    const info = await host.call('workbook:create', { path: 'tidy' });
    await host.call('workbook:close', undefined);
    await host.call('workbook:open', { path: info.path });
    await host.call('workbook:close', undefined);
    expect(readdirSync(host.dir).filter((f) => f.startsWith('tidy.statbench'))).toEqual(['tidy.statbench']);
  });

  describe('refuses, with a Chinese message, and changes nothing', () => {
    /** Opens `path`, expects a refusal matching `message`, and checks the file and the session are untouched. */
    async function expectRefusedOpen(path: string, message: RegExp): Promise<void> {
      const before = sha256(path);
      const filesBefore = readdirSync(host.dir).sort();
      const sessionBefore = host.ctx.session;
      expect(await host.refusal('workbook:open', { path })).toMatch(message);
      expect(sha256(path)).toBe(before);
      expect(readdirSync(host.dir).sort()).toEqual(filesBefore);
      expect(host.ctx.session).toBe(sessionBefore);
    }

    it('a text file renamed .statbench', async () => {
      const path = join(host.dir, '说明.statbench');
      writeFileSync(path, '这不是工作簿，只是一段文字。\r\n');
      await expectRefusedOpen(path, /不是统计工作台工作簿/);
    });

    it('a SQLite database of another program (no app id)', async () => {
      const path = join(host.dir, 'customers.statbench');
      writeSqliteFile(path, { userVersion: 3, table: true, wal: true });
      await expectRefusedOpen(path, /其他程序的数据库/);
    });

    it('a damaged workbook (its schema page overwritten)', async () => {
      const path = join(host.dir, 'damaged.statbench');
      createWorkbookFile(path, () => undefined).close();
      const bytes = readFileSync(path);
      bytes.fill(0xab, 100, 4096);
      writeFileSync(path, bytes);
      await expectRefusedOpen(path, /损坏/);
    });

    it('a file cut off right after a valid-looking header', async () => {
      const path = join(host.dir, 'cut.statbench');
      createWorkbookFile(path, () => undefined).close();
      writeFileSync(path, readFileSync(path).subarray(0, 100));
      await expectRefusedOpen(path, /损坏/);
    });

    it('a workbook from a newer version of StatBench', async () => {
      const path = join(host.dir, 'newer.statbench');
      writeSqliteFile(path, { applicationId: WORKBOOK_APPLICATION_ID, userVersion: latestSchemaVersion() + 1, wal: true });
      await expectRefusedOpen(path, /更新版本.*请升级/);
    });

    it('a read-only workbook (even for an administrator)', async () => {
      const path = join(host.dir, 'readonly.statbench');
      createWorkbookFile(path, () => undefined).close();
      chmodSync(path, 0o444);
      await expectRefusedOpen(path, /只读/);
    });

    it('a workbook already open in another window (second connection)', async () => {
      const info = await host.call('workbook:create', { path: 'shared' });
      const other = makeTestHost();
      try {
        const before = sha256(info.path);
        expect(await other.refusal('workbook:open', { path: info.path })).toMatch(/已在其他窗口或程序中打开/);
        expect(() => openWorkbookFile(info.path)).toThrow(/已在其他窗口或程序中打开/);
        expect(other.ctx.session).toBeNull();
        expect(sha256(info.path)).toBe(before);
        // The first window keeps working.
        expect((await host.call('catalog:get', {})).items.length).toBeGreaterThan(0);
      } finally {
        other.dispose();
      }
    });

    it('a refused open leaves the workbook that was open in place', async () => {
      const info = await host.call('workbook:create', { path: 'current' });
      const path = join(host.dir, 'notes.statbench');
      writeFileSync(path, 'hello');
      await expectRefusedOpen(path, /不是统计工作台工作簿/);
      expect((await host.call('workbook:current', undefined))?.path).toBe(info.path);
    });

    it('creating a workbook over an existing file', async () => {
      const path = join(host.dir, 'exists.statbench');
      writeFileSync(path, '旧文件');
      const before = sha256(path);
      expect(await host.refusal('workbook:create', { path })).toMatch(/已存在/);
      expect(sha256(path)).toBe(before);
      expect(host.ctx.session).toBeNull();
    });

    it.skipIf(process.platform === 'win32')('a named pipe called *.statbench (would block a reader forever)', async () => {
      const path = join(host.dir, 'pipe.statbench');
      execFileSync('mkfifo', [path]);
      expect(await host.refusal('workbook:open', { path })).toMatch(/不是普通文件/);
      expect(statSync(path).isFIFO()).toBe(true);
      expect(host.ctx.session).toBeNull();
    });

    it('a folder called *.statbench', async () => {
      const path = join(host.dir, 'folder.statbench');
      mkdirSync(path);
      expect(await host.refusal('workbook:open', { path })).toMatch(/不是普通文件/);
    });

    it('a file that does not exist', async () => {
      const path = join(host.dir, 'missing.statbench');
      expect(await host.refusal('workbook:open', { path })).toMatch(/找不到工作簿文件/);
      expect(existsSync(path)).toBe(false);
    });
  });
});
