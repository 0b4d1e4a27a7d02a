import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { latestSchemaVersion } from '../workbook/migrations.js';
import { checkWorkbookFile, closeWorkbookFile, createWorkbookFile, WORKBOOK_APPLICATION_ID } from '../workbook/workbook-file.js';
import { backupFolderOf } from './backup-folder.js';
import { type BackupEntry, backupsToKeep, backupWorkbook, listBackups } from './backup-store.js';

/** A1's 1-N月累计 for 2024-03 of the first unit, as the form view shows it. */
async function a01(host: TestHost): Promise<string | null> {
  const catalog = await host.call('catalog:get', {});
  const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
  const view = await host.call('grid:formView', { formId: catalog.form.id, unitId, period: '2024-03' });
  return view.rows.find((r) => r.code === 'A01')?.cells.cumulative?.value ?? null;
}

async function setA01(host: TestHost, value: string): Promise<void> {
  const catalog = await host.call('catalog:get', {});
  const item = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === 'A01');
  if (item?.type !== 'indicator') throw new Error('starter catalog lacks A01');
  const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
  await host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: item.indicator.id, period: '2024-03', field: 'cumulative', value }] });
}

describe('backups', () => {
  let host: TestHost;
  beforeEach(() => {
    host = makeTestHost();
  });
  afterEach(() => host.dispose());

  it('rotation keeps the newest backup of each of the last 7 days, 4 weeks and 12 months, and every snapshot', async () => {
    const path = join(host.dir, '轮换.statbench');
    const db = createWorkbookFile(path, () => undefined);
    try {
      // A backup every evening for 400 days, one before an import every 30th morning, and two named snapshots.
      const start = new Date(2025, 0, 1, 9, 0, 0);
      for (let day = 0; day < 400; day += 1) {
        for (const hour of day % 30 === 0 ? [9, 17] : [17]) {
          const now = new Date(start.getFullYear(), start.getMonth(), start.getDate() + day, hour, 0, 0);
          await backupWorkbook(db, path, hour === 9 ? '导入前' : '自动', { now });
        }
        if (day === 10) await backupWorkbook(db, path, '快照', { name: '1月上报版', now: new Date(2025, 0, 11, 12) });
      }
      await backupWorkbook(db, path, '快照', { name: '9月/上报版?', now: new Date(2026, 1, 4, 12) });
    } finally {
      closeWorkbookFile(db, path);
    }
    const kept = listBackups(backupFolderOf(path));
    const automatic = kept.filter((b) => b.kind !== '快照').map((b) => b.takenAt);
    // Last day is 2026-02-04 (day 399): 7 newest days, then Sundays' newest of 3 earlier weeks, then month ends.
    expect(automatic).toEqual([
      '2026-02-04 17:00:00',
      '2026-02-03 17:00:00',
      '2026-02-02 17:00:00',
      '2026-02-01 17:00:00',
      '2026-01-31 17:00:00',
      '2026-01-30 17:00:00',
      '2026-01-29 17:00:00',
      '2026-01-25 17:00:00',
      '2026-01-18 17:00:00',
      '2025-12-31 17:00:00',
      '2025-11-30 17:00:00',
      '2025-10-31 17:00:00',
      '2025-09-30 17:00:00',
      '2025-08-31 17:00:00',
      '2025-07-31 17:00:00',
      '2025-06-30 17:00:00',
      '2025-05-31 17:00:00',
      '2025-04-30 17:00:00',
      '2025-03-31 17:00:00',
    ]);
    expect(kept.filter((b) => b.kind === '快照').map((b) => b.name)).toEqual(['9月_上报版_', '1月上报版']);
    // The folder holds exactly the listed backups: no temp files.
    expect(readdirSync(backupFolderOf(path)).sort()).toEqual(kept.map((b) => b.file).sort());
  });

  it('backupsToKeep never keeps more than 7 + 4 + 12 automatic backups', () => {
    const entries: BackupEntry[] = [];
    for (let day = 0; day < 1000; day += 1) {
      const date = new Date(Date.UTC(2030, 0, 1) - day * 86_400_000).toISOString().slice(0, 10);
      entries.push({ file: `${date}.statbench`, path: '', kind: '自动', name: null, takenAt: `${date} 08:00:00`, bytes: 1 });
    }
    const keep = backupsToKeep(entries);
    expect(keep.size).toBeLessThanOrEqual(23);
    expect(keep.size).toBeGreaterThanOrEqual(19);
    expect(keep.has(entries[0]?.file ?? '')).toBe(true);
  });

  it('takes the daily backup on the first open of a day only, with the online backup API (a whole, checkable workbook)', async () => {
    const info = await host.call('workbook:create', { path: '每日' });
    await setA01(host, '100');
    await host.call('workbook:close', undefined);
    expect(listBackups(backupFolderOf(info.path))).toEqual([]);
    await host.call('workbook:open', { path: info.path });
    await setA01(host, '200');
    await host.call('workbook:close', undefined);
    await host.call('workbook:open', { path: info.path });
    const backups = listBackups(backupFolderOf(info.path));
    expect(backups.map((b) => b.kind)).toEqual(['自动']);
    const [daily] = backups;
    expect(checkWorkbookFile(daily?.path ?? '').ok).toBe(true);
    const copy = new Database(daily?.path ?? '', { readonly: true });
    try {
      expect(copy.pragma('application_id', { simple: true })).toBe(WORKBOOK_APPLICATION_ID);
      expect(copy.prepare("SELECT value FROM cell_values WHERE period = '2024-03'").pluck().all()).toEqual(['100']);
    } finally {
      closeWorkbookFile(copy, daily?.path ?? '');
    }
  });

  it('restores a named snapshot after backing up the current state, and that backup restores it back (round trip)', async () => {
    await host.call('workbook:create', { path: '恢复' });
    await setA01(host, '111');
    const snapshot = await host.call('backups:create', { name: '9月上报版' });
    expect(snapshot).toMatchObject({ kind: '快照', name: '9月上报版' });
    await setA01(host, '222');

    const { restored, safetyCopy } = await host.call('backups:restore', { file: snapshot.file });
    expect(restored.file).toBe(snapshot.file);
    expect(safetyCopy?.kind).toBe('恢复前');
    expect(await a01(host)).toBe('111');
    expect(host.ctx.session?.db.pragma('integrity_check', { simple: true })).toBe('ok');

    await host.call('backups:restore', { file: safetyCopy?.file ?? '' });
    expect(await a01(host)).toBe('222');
    const { backups } = await host.call('backups:list', undefined);
    // Both safety copies of today are kept (rotation thins out older days only).
    expect(backups.map((b) => b.kind).sort()).toEqual(['快照', '恢复前', '恢复前'].sort());
  });

  it('refuses to restore a backup that is missing or damaged, leaving the workbook as it was', async () => {
    await host.call('workbook:create', { path: '坏备份' });
    await setA01(host, '333');
    expect(await host.refusal('backups:restore', { file: '../坏备份.statbench' })).toContain('找不到备份');
    const snapshot = await host.call('backups:create', { name: '坏的' });
    const bytes = readFileSync(join(backupFolderOf(host.ctx.session?.path ?? '', host.ctx.session?.db), snapshot.file));
    bytes.fill(0x5a, 4096, 8192);
    writeFileSync(join(backupFolderOf(host.ctx.session?.path ?? '', host.ctx.session?.db), snapshot.file), bytes);
    expect(await host.refusal('backups:restore', { file: snapshot.file })).toMatch(/备份“.*”本身已损坏.*工作簿未作任何修改/);
    expect(await a01(host)).toBe('333');
  });

  it('backs up before 复制上期 and before a roster import, each copy holding the state before it', async () => {
    await host.call('workbook:create', { path: '复制上期' });
    const catalog = await host.call('catalog:get', {});
    const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    const c01 = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === 'C01');
    if (c01?.type !== 'indicator') throw new Error('starter catalog lacks C01');
    await host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: c01.indicator.id, period: '2024-02', field: 'month', value: '21' }] });
    const count = (path: string, table: string): number => {
      const copy = new Database(path, { readonly: true });
      try {
        return (copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      } finally {
        closeWorkbookFile(copy, path);
      }
    };

    expect(await host.call('period:copyPrevious', { unitId, formId: catalog.form.id, period: '2024-03', mode: 'all' })).toMatchObject({ from: '2024-02' });
    const [beforeCopy] = listBackups(backupFolderOf(host.ctx.session?.path ?? '', host.ctx.session?.db));
    expect(beforeCopy?.kind).toBe('复制上期前');
    expect(count(beforeCopy?.path ?? '', "cell_values WHERE period = '2024-03'")).toBe(0);

    const roster = new ExcelJS.Workbook();
    roster.addWorksheet('企业名录').addRows([
      ['企业名称', '统一社会信用代码', '所属单位', '行业代码', '规模'],
      ['甲科技有限公司', '91350100M000100Y43', '001', 'C3911', '规上'],
    ]);
    await roster.xlsx.writeFile(join(host.dir, '名录.xlsx'));
    expect(await host.call('roster:import', { path: join(host.dir, '名录.xlsx') })).toMatchObject({ added: 1 });
    const [beforeImport] = listBackups(backupFolderOf(host.ctx.session?.path ?? '', host.ctx.session?.db));
    expect(beforeImport?.kind).toBe('导入前');
    expect(count(beforeImport?.path ?? '', 'enterprises')).toBe(0);
    expect(host.ctx.session?.db.prepare('SELECT count(*) AS n FROM enterprises').get()).toEqual({ n: 1 });
  });

  it('backs up before an older schema is migrated, keeping the old version', async () => {
    const path = join(host.dir, '旧版.statbench');
    const old = new Database(path);
    old.pragma(`application_id = ${WORKBOOK_APPLICATION_ID}`);
    old.pragma('user_version = 0');
    old.close();
    await host.call('workbook:open', { path });
    const [backup] = listBackups(backupFolderOf(path, host.ctx.session?.db));
    expect(backup?.kind).toBe('升级前');
    const copy = new Database(backup?.path ?? '', { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(0);
    closeWorkbookFile(copy, backup?.path ?? '');
    expect(host.ctx.session?.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
  });

  it('integrity check: a byte-flipped workbook is reported damaged in Chinese, without SQLite diagnostics', () => {
    const path = join(host.dir, '翻转.statbench');
    const db = createWorkbookFile(path, () => undefined);
    db.exec('CREATE TABLE filler (x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler SELECT hex(randomblob(200)) FROM n');
    closeWorkbookFile(db, path);
    expect(checkWorkbookFile(path)).toEqual({ ok: true, message: '工作簿“翻转.statbench”完好：完整性检查未发现问题。' });
    const bytes = readFileSync(path);
    // Flip the header and cell pointers of a b-tree page of the filler table (past the schema pages).
    for (let i = 40_960; i < 41_060; i += 1) bytes[i] = (bytes[i] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    const verdict = checkWorkbookFile(path);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/^工作簿“翻转\.statbench”已损坏：完整性检查发现 \d+ 处问题。.*从最近的完好备份恢复/);
    expect(verdict.message.replaceAll('翻转.statbench', '')).not.toMatch(/[A-Za-z]/);
  });
});
