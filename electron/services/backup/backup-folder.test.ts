import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../../../tests/support/cli-output.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { damageEveryPage, damageIndexPage } from '../../../tests/fixtures/damaged-workbook.js';
import { backupFolderOf } from './backup-folder.js';
import { backupWorkbook, listBackups, ROTATION } from './backup-store.js';

/** A folder the clerk chose for the backups of one workbook, away from the workbook itself. */
describe('the backup folder chosen per workbook', () => {
  let host: TestHost;
  let path: string;
  let chosen: string;
  let unitId: number;
  let a01: number;
  const home = process.env.STATBENCH_HOME;
  const set = (value: string) => host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: a01, period: '2024-09', field: 'month', value }] });
  const a01Value = () => host.ctx.session?.db.prepare("SELECT value FROM cell_values WHERE indicator_id = ? AND period = '2024-09' AND field = 'month'").get(a01);

  beforeEach(async () => {
    host = makeTestHost();
    process.env.STATBENCH_HOME = host.dir;
    for (const folder of ['月报', '其他']) mkdirSync(join(host.dir, folder));
    path = (await host.call('workbook:create', { path: join(host.dir, '月报', '园区月报') })).path;
    chosen = join(host.dir, 'D盘', '统计备份');
    const catalog = await host.call('catalog:get', {});
    const item = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === 'A01');
    if (item?.type !== 'indicator') throw new Error('starter catalog lacks A01');
    a01 = item.indicator.id;
    unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
  });
  afterEach(() => {
    host.dispose();
    if (home === undefined) delete process.env.STATBENCH_HOME;
    else process.env.STATBENCH_HOME = home;
  });

  it('backups, rotation, the list, restore and the CLI all use the chosen folder; existing backups stay where they were', async () => {
    await set('100');
    const before = await host.call('backups:create', { name: '选择前' });
    const beside = join(dirname(path), '园区月报-备份');
    expect((await host.call('backups:list', undefined)).folder).toBe(beside);

    const list = await host.call('backups:setFolder', { path: chosen });
    const folder = join(chosen, '园区月报-备份');
    expect(list).toEqual({ folder, chosen, backups: [] });
    // Not moved: the snapshot taken before the choice is still beside the workbook.
    expect(readdirSync(beside)).toContain(before.file);

    const snapshot = await host.call('backups:create', { name: '9月上报版' });
    expect(readdirSync(folder)).toEqual([snapshot.file]);
    expect((await host.call('backups:list', undefined)).backups.map((b) => b.name)).toEqual(['9月上报版']);

    // Rotation runs in the chosen folder: 40 daily backups leave the rotation's share and the snapshot.
    const db = host.ctx.session?.db;
    if (!db) throw new Error('no session');
    for (let day = 1; day <= 40; day += 1) await backupWorkbook(db, path, '自动', { now: new Date(2025, 0, day, 17) });
    const automatic = listBackups(folder).filter((b) => b.kind === '自动');
    expect(automatic.length).toBeLessThan(ROTATION.daily + ROTATION.weekly + ROTATION.monthly);
    expect(automatic[0]?.takenAt).toBe('2025-02-09 17:00:00');
    expect(listBackups(folder).some((b) => b.name === '9月上报版')).toBe(true);
    expect(readdirSync(beside)).toEqual([before.file]);

    await set('150');
    const { restored, safetyCopy } = await host.call('backups:restore', { file: snapshot.file });
    expect(restored.name).toBe('9月上报版');
    expect(a01Value()).toEqual({ value: '100' });
    expect(readdirSync(folder)).toContain(safetyCopy?.file);
    expect((await host.call('backups:list', undefined)).chosen).toBe(chosen);

    await host.call('workbook:close', undefined);
    const listed = await cli('backups', path, '--json');
    const fromCli = JSON.parse(listed.out) as { folder: string; backups: { name: string | null; kind: string }[] };
    expect(fromCli.folder).toBe(folder);
    expect(fromCli.backups.map((b) => b.kind)).toContain('恢复前');
    expect(fromCli.backups.some((b) => b.name === '9月上报版')).toBe(true);
    expect((await cli('backups', path)).out).toContain(`备份文件夹：${folder}`);
  });

  it('the choice is kept in the workbook: it survives close and reopen, and 恢复默认 puts the backups beside it again', async () => {
    await host.call('backups:setFolder', { path: chosen });
    await host.call('workbook:close', undefined);
    // The first open of the day takes its daily backup in the chosen folder.
    await host.call('workbook:open', { path });
    const list = await host.call('backups:list', undefined);
    expect(list).toMatchObject({ folder: join(chosen, '园区月报-备份'), chosen });
    expect(list.backups.map((b) => b.kind)).toEqual(['自动']);

    const reset = await host.call('backups:setFolder', { path: null });
    expect(reset).toEqual({ folder: join(dirname(path), '园区月报-备份'), chosen: null, backups: [] });
    // Choosing the workbook's own folder is the default too.
    expect((await host.call('backups:setFolder', { path: dirname(path) })).chosen).toBeNull();
  });

  it('a folder that cannot take backups is refused in Chinese, naming it, with nothing changed', async () => {
    await host.call('backups:setFolder', { path: chosen });
    const file = join(host.dir, '说明.txt');
    writeFileSync(file, '不是文件夹');
    const unchanged = async (): Promise<void> => expect(await host.call('backups:list', undefined)).toMatchObject({ chosen });

    // Under a file: it can never be created.
    const underFile = join(file, '备份');
    const refusal = await host.refusal('backups:setFolder', { path: underFile });
    expect(refusal).toContain(underFile);
    expect(refusal).toContain('备份位置未更改');
    expect(refusal).not.toMatch(/ENOTDIR|EEXIST|Error/);
    await unchanged();

    expect(await host.refusal('backups:setFolder', { path: file })).toMatch(/不是文件夹.*备份位置未更改/);
    expect(await host.refusal('backups:setFolder', { path: '统计备份' })).toContain('完整的文件夹路径');

    // Inside another workbook's backup folder: its rotation would delete this one's backups.
    const other = (await host.call('workbook:create', { path: join(host.dir, '其他', '工业月报') })).path;
    await host.call('backups:create', { name: '上报版' });
    const otherFolder = join(dirname(other), '工业月报-备份');
    await host.call('workbook:open', { path });
    const inside = join(otherFolder, '子文件夹');
    expect(await host.refusal('backups:setFolder', { path: inside })).toMatch(/在备份文件夹“.*工业月报-备份”之内.*备份位置未更改/);
    expect(existsSync(inside)).toBe(false);

    // A folder holding another workbook of the same name: the two would share "园区月报-备份".
    const namesakeDir = join(host.dir, '去年');
    mkdirSync(namesakeDir);
    writeFileSync(join(namesakeDir, '园区月报.statbench'), '');
    expect(await host.refusal('backups:setFolder', { path: namesakeDir })).toContain('同名的工作簿');
    expect(existsSync(join(namesakeDir, '园区月报-备份'))).toBe(false);
    await unchanged();
  });

  it('a damaged workbook opens read-only offering the newest good backup of the chosen folder, and is restored from there', async () => {
    await host.call('backups:setFolder', { path: chosen });
    await set('100');
    await host.call('backups:create', { name: '9月上报版' });
    await set('150');
    await host.call('workbook:close', undefined);
    damageIndexPage(path);
    const folder = join(chosen, '园区月报-备份');

    expect((await cli('check', path)).err).toContain(folder);
    const opened = await host.call('workbook:open', { path });
    expect(opened.damaged).toMatch(/已损坏，已以只读方式打开/);
    const report = await host.call('backups:inspectDamage', { path });
    expect(report).toMatchObject({ damaged: true, newestGood: { name: '9月上报版' } });
    expect(report.message).toContain('9月上报版');

    const { restored } = await host.call('backups:restoreNewestGood', { path });
    expect(restored.name).toBe('9月上报版');
    expect(a01Value()).toEqual({ value: '100' });
    // The damaged file is kept aside in the chosen folder, and the choice holds in the restored workbook.
    expect(readdirSync(folder).some((f) => f.startsWith('损坏-'))).toBe(true);
    expect(existsSync(join(dirname(path), '园区月报-备份'))).toBe(false);
    expect((await host.call('backups:list', undefined)).chosen).toBe(chosen);
    expect(backupFolderOf(path, host.ctx.session?.db)).toBe(folder);
  });

  it('a workbook damaged past reading is refused naming the default folder and where else to look', async () => {
    await host.call('backups:setFolder', { path: chosen });
    await host.call('workbook:close', undefined);
    damageEveryPage(path);
    // Its setting cannot be read any more: the clerk is told to look in the folder chosen earlier.
    expect(await host.refusal('workbook:open', { path })).toMatch(/园区月报-备份.*曾把备份位置改到别处/);
  });
});
