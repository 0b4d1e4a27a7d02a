import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backupFolderOf } from '../../electron/services/backup/backup-folder.js';
import { integrityCheck } from '../../electron/services/workbook/workbook-damage.js';
import { damageIndexPage } from '../fixtures/damaged-workbook.js';
import { makeTestHost, type TestHost } from '../support/test-host.js';

/**
 * A large workbook opens without SQLite's quick_check and gets it in the background (a copy made
 * with the online backup API, checked in a worker thread). "Large" is lowered to 0 bytes here, so
 * a small real workbook takes the large-file path.
 */
describe('the background integrity check of large workbooks', () => {
  let host: TestHost;
  let unitId: number;
  let a01: number;
  const threshold = integrityCheck.backgroundAboveBytes;
  const set = (value: string) => host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: a01, period: '2024-09', field: 'month', value }] });

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: '大工作簿' });
    const catalog = await host.call('catalog:get', {});
    const item = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === 'A01');
    a01 = item?.type === 'indicator' ? item.indicator.id : 0;
    unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    await set('100');
  });
  afterEach(() => {
    integrityCheck.backgroundAboveBytes = threshold;
    host.dispose();
  });

  it('a damaged large workbook opens at once, then turns read-only with the workbook:damaged event, and no backup of it is kept', async () => {
    const path = host.ctx.session?.path ?? '';
    await host.call('workbook:close', undefined);
    damageIndexPage(path);
    integrityCheck.backgroundAboveBytes = 0;

    const opened = await host.call('workbook:open', { path });
    expect(opened.damaged).toBeNull();
    await vi.waitFor(() => expect(host.events.some((e) => e.event === 'workbook:damaged')).toBe(true), { timeout: 30_000, interval: 50 });
    const event = host.events.find((e) => e.event === 'workbook:damaged')?.payload as { message: string };
    expect(event.message).toMatch(/已损坏，已以只读方式打开.*恢复最新的完好备份/);
    expect((await host.call('workbook:current', undefined))?.damaged).toBe(event.message);
    expect(await host.refusal('values:set', { unitId, source: 'edit', changes: [{ indicatorId: a01, period: '2024-09', field: 'month', value: '5' }] })).toContain('已以只读方式打开');
    const value = host.ctx.session?.db.prepare("SELECT value FROM cell_values WHERE indicator_id = ? AND period = '2024-09' AND field = 'month'").get(a01);
    expect(value).toEqual({ value: '100' });
    // The damaged copy became no daily backup, and no temp copy is left behind.
    expect((await host.call('backups:list', undefined)).backups).toEqual([]);
    expect(readdirSync(backupFolderOf(path)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('a whole large workbook stays writable, and its checked copy becomes the day\'s backup', async () => {
    const path = host.ctx.session?.path ?? '';
    await host.call('workbook:close', undefined);
    integrityCheck.backgroundAboveBytes = 0;

    await host.call('workbook:open', { path });
    await vi.waitFor(async () => expect((await host.call('backups:list', undefined)).backups.map((b) => b.kind)).toEqual(['自动']), { timeout: 30_000, interval: 50 });
    await set('120');
    expect(host.events.some((e) => e.event === 'workbook:damaged')).toBe(false);
    expect(readdirSync(backupFolderOf(path)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('a small workbook is checked while opening, as before', async () => {
    const path = host.ctx.session?.path ?? '';
    await host.call('workbook:close', undefined);
    damageIndexPage(path);
    expect((await host.call('workbook:open', { path })).damaged).toMatch(/已损坏/);
  });
});
