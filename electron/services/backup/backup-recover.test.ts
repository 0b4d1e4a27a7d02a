import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { damageEveryPage, damageIndexPage } from '../../../tests/fixtures/damaged-workbook.js';
import { backupFolderOf } from './backup-folder.js';

describe('restore preview and damaged workbooks', () => {
  let host: TestHost;
  let unitId: number;
  let a01: number;
  let a02: number;
  const set = (indicatorId: number, period: string, value: string | null) =>
    host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId, period, field: 'month', value }] });

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: '园区月报' });
    const catalog = await host.call('catalog:get', {});
    const code = (c: string): number => {
      const item = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === c);
      if (item?.type !== 'indicator') throw new Error(`starter catalog lacks ${c}`);
      return item.indicator.id;
    };
    a01 = code('A01');
    a02 = code('A02');
    unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
  });
  afterEach(() => host.dispose());
  const formId = async (): Promise<number> => (await host.call('catalog:get', {})).form.id;

  it('the restore preview lists what would change by unit, indicator and period, and writes nothing', async () => {
    await set(a01, '2024-09', '100');
    await set(a02, '2024-09', '200');
    const snapshot = await host.call('backups:create', { name: '9月上报版' });
    await set(a01, '2024-09', '150'); // changed
    await set(a02, '2024-09', null); // the backup brings it back
    await set(a01, '2024-10', '90'); // restore would drop it
    const logged = host.ctx.session?.db.prepare('SELECT count(*) AS n FROM change_log').get();

    const diff = await host.call('backups:diff', { file: snapshot.file, limit: 2 });
    expect(diff.backup).toMatchObject({ kind: '快照', name: '9月上报版' });
    expect(diff.counts).toEqual({ changed: 1, restored: 1, removed: 1 });
    expect(diff.units).toEqual([{ unitName: expect.any(String) as string, cells: 3 }]);
    // Only the first `limit` figures are listed, in unit, indicator, period order.
    expect(diff.cells).toEqual([
      expect.objectContaining({ kind: 'changed', indicatorCode: 'A01', period: '2024-09', field: '本月', current: '150', backup: '100' }),
      expect.objectContaining({ kind: 'removed', indicatorCode: 'A01', period: '2024-10', current: '90', backup: null }),
    ]);
    expect(host.ctx.session?.db.prepare('SELECT count(*) AS n FROM change_log').get()).toEqual(logged);

    // Restoring then brings exactly that back.
    await host.call('backups:restore', { file: snapshot.file });
    const after = await host.call('backups:diff', { file: snapshot.file, limit: 10 });
    expect(after.counts).toEqual({ changed: 0, restored: 0, removed: 0 });
  });

  it('a workbook SQLite can no longer read is refused with a Chinese message, and the newest good backup replaces it', async () => {
    await set(a01, '2024-09', '100');
    await host.call('backups:create', { name: '9月上报版' });
    await set(a01, '2024-09', '150');
    const path = host.ctx.session?.path ?? '';
    await host.call('workbook:close', undefined);
    // Bytes flipped across b-tree pages (a failing disk, a bad USB stick): SQLite's checks find it.
    damageEveryPage(path);

    const refusal = await host.refusal('workbook:open', { path });
    expect(refusal).toContain('已损坏');
    expect(refusal).not.toMatch(/SQLITE|corrupt|malformed|page \d/i);
    const report = await host.call('backups:inspectDamage', { path });
    expect(report.damaged).toBe(true);
    expect(report.newestGood).toMatchObject({ kind: '快照', name: '9月上报版' });
    expect(report.message).toContain('9月上报版');

    const { workbook, restored } = await host.call('backups:restoreNewestGood', { path });
    expect(workbook.path).toBe(path);
    expect(restored.name).toBe('9月上报版');
    expect(host.ctx.session?.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const value = host.ctx.session?.db.prepare("SELECT value FROM cell_values WHERE indicator_id = ? AND period = '2024-09' AND field = 'month'").get(a01);
    expect(value).toEqual({ value: '100' });
    // The damaged file is kept for technical support, not deleted, and is not offered as a backup.
    expect(readdirSync(backupFolderOf(path)).some((f) => f.startsWith('损坏-'))).toBe(true);
    expect((await host.call('backups:list', undefined)).backups.some((b) => b.file.startsWith('损坏-'))).toBe(false);
    // A whole workbook is never replaced.
    await host.call('workbook:close', undefined);
    expect(await host.refusal('backups:restoreNewestGood', { path })).toContain('没有损坏');
  });

  it('a damaged workbook whose figures are still readable opens read-only: reads work, every write is refused, the newest good backup restores it', async () => {
    await set(a01, '2024-09', '100');
    await host.call('backups:create', { name: '9月上报版' });
    await set(a01, '2024-09', '150');
    const path = host.ctx.session?.path ?? '';
    await host.call('workbook:close', undefined);
    damageIndexPage(path);
    const before = readFileSync(path);

    const opened = await host.call('workbook:open', { path });
    expect(opened.damaged).toMatch(/已损坏，已以只读方式打开.*恢复最新的完好备份.*另存/);
    // The figures are there to read and copy.
    const view = await host.call('grid:formView', { formId: await formId(), unitId, period: '2024-09' });
    expect(JSON.stringify(view)).toContain('150');
    // Every write is refused in the clerk's words, and nothing is written.
    const refusal = await host.refusal('values:set', { unitId, source: 'edit', changes: [{ indicatorId: a01, period: '2024-09', field: 'month', value: '999' }] });
    expect(refusal).toMatch(/已损坏，已以只读方式打开，修改未保存。请.*恢复最新的完好备份.*另存/);
    expect(refusal).not.toMatch(/SQLITE|readonly|corrupt/i);
    expect(await host.refusal('backups:create', { name: '坏的' })).toContain('只读');
    // Even a write around the pipeline is refused by SQLite itself.
    expect(() => host.ctx.session?.db.prepare("UPDATE cell_values SET value = '1'").run()).toThrow();
    expect(host.ctx.session?.db.prepare("SELECT value FROM cell_values WHERE indicator_id = ? AND period = '2024-09' AND field = 'month'").get(a01)).toEqual({ value: '150' });
    // No daily backup of a damaged file was taken: it would be no backup.
    expect((await host.call('backups:list', undefined)).backups.every((b) => b.kind === '快照')).toBe(true);
    await host.call('workbook:close', undefined);
    expect(readFileSync(path).equals(before)).toBe(true);

    // Reopened, the offer of the newest good backup is there, and taking it restores a whole workbook.
    await host.call('workbook:open', { path });
    const report = await host.call('backups:inspectDamage', { path });
    expect(report).toMatchObject({ damaged: true, newestGood: { name: '9月上报版' } });
    const { workbook } = await host.call('backups:restoreNewestGood', { path });
    expect(workbook.damaged).toBeNull();
    await set(a01, '2024-09', '120');
    expect(host.ctx.session?.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(readdirSync(backupFolderOf(path)).some((f) => f.startsWith('损坏-'))).toBe(true);
  });

  it('restoring a chosen backup into a damaged workbook open read-only keeps the damaged file aside instead of backing it up', async () => {
    await set(a01, '2024-09', '100');
    const snapshot = await host.call('backups:create', { name: '9月上报版' });
    const path = host.ctx.session?.path ?? '';
    await host.call('workbook:close', undefined);
    damageIndexPage(path);
    await host.call('workbook:open', { path });

    const { restored, safetyCopy } = await host.call('backups:restore', { file: snapshot.file });
    expect(restored.file).toBe(snapshot.file);
    expect(safetyCopy).toBeNull();
    expect((await host.call('workbook:current', undefined))?.damaged).toBeNull();
    await set(a01, '2024-09', '110');
    expect(readdirSync(backupFolderOf(path)).some((f) => f.startsWith('损坏-'))).toBe(true);
  });
});
