import { closeSync, mkdirSync, mkdtempSync, openSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { damageIndexPage } from '../fixtures/damaged-workbook.js';
import { cellText, expectCell, statusMessage, typeInto } from './support/grid-page.js';
import { callApi } from './support/host-api.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

const artifacts = join(process.cwd(), 'tests', '.artifacts');

// Row of 一般公共预算收入 (A03, entered as 本月) in the built-in form, and its 本月 column.
const A03 = 5;
const MONTH = 3;

/**
 * 备份与恢复 as a clerk uses it: a named snapshot before reporting, a figure changed afterwards, the
 * restore dialog showing exactly that figure, and the value back after the restore; 关于 shows
 * where the fault log is; a workbook SQLite cannot read is refused with the offer of its newest good
 * backup, and a damaged one whose figures are readable opens read-only under a banner with that offer.
 */
describe('backups and restore in the browser', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-backups-'));
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const viewTitlePeriod = (): Promise<string | null> => page.locator('[data-test=view-title]').getAttribute('data-period');

  async function openMenu(menu: string, item: string): Promise<void> {
    await page.click(`[data-test=${menu}]`);
    await page.click(`[data-test=${item}]`);
  }

  it('a snapshot, a change, and the restore from the dialog brings the value back', async () => {
    await page.goto(host.url);
    await page.fill('[data-test=new-name]', '备份演示');
    await page.click('[data-test=create]');
    await page.selectOption('[data-test=year-select]', '2024');
    await page.selectOption('[data-test=month-select]', '9');
    await expect.poll(viewTitlePeriod, { timeout: 15_000 }).toBe('2024-09');
    await typeInto(page, A03, MONTH, '1200');
    await expectCell(page, A03, MONTH, '1,200.0');

    await openMenu('menu-file', 'menu-backups');
    await page.fill('[data-test=snapshot-name]', '9月上报版');
    await page.click('[data-test=snapshot-create]');
    await expect.poll(() => page.locator('[data-test=backups-notice]').textContent(), { timeout: 15_000 }).toContain('已创建快照“9月上报版”');
    await expect.poll(() => page.locator('[data-test=backup-row]', { hasText: '9月上报版' }).count(), { timeout: 15_000 }).toBe(1);
    await page.click('[data-test=backups-done]');

    await typeInto(page, A03, MONTH, '1350');
    await expectCell(page, A03, MONTH, '1,350.0');

    await openMenu('menu-file', 'menu-backups');
    await page.locator('[data-test=backup-row]', { hasText: '9月上报版' }).click();
    await expect.poll(() => page.locator('[data-test=backup-counts]').textContent(), { timeout: 15_000 }).toMatch(/将改回 1 个数，恢复 0 个已删除的数，删除 0 个/);
    const row = page.locator('[data-test=diff-row]').first();
    expect(await row.textContent()).toMatch(/将改回.*A03.*2024-09.*本月.*1350.*1200/);
    await page.screenshot({ path: join(artifacts, 'backups-dialog-1366.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(artifacts, 'backups-dialog-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    await page.click('[data-test=restore]');
    await expect.poll(() => page.locator('[data-test=restore-question]').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.click('[data-test=restore-yes]');
    await expect.poll(() => page.locator('[data-test=backups-dialog]').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => statusMessage(page), { timeout: 15_000 }).toContain('已恢复到');
    await expectCell(page, A03, MONTH, '1,200.0');
    // The state before the restore was kept as a backup of its own.
    const { backups } = await callApi(host, 'backups:list');
    expect(backups.some((b) => b.kind === '恢复前')).toBe(true);
  });

  it('the backup folder is chosen in the dialog, and the backups listed are the chosen folder\'s', async () => {
    await openMenu('menu-file', 'menu-backups');
    await page.click('[data-test=backup-folder-change]');
    // The browser host takes a folder inside its data folder, typed in.
    await page.fill('[data-test=backup-folder-input]', '单位备份');
    await page.screenshot({ path: join(artifacts, 'backups-folder-edit-1366.png') });
    await page.click('[data-test=backup-folder-save]');
    await expect.poll(() => page.locator('[data-test=backup-folder]').textContent(), { timeout: 15_000 }).toMatch(/单位备份[\\/]备份演示-备份$/);
    expect(await page.locator('[data-test=backups-notice]').textContent()).toContain('原有备份未移动');
    await expect.poll(() => page.locator('[data-test=backup-row]').count(), { timeout: 15_000 }).toBe(0);
    await page.fill('[data-test=snapshot-name]', '换位置后');
    await page.click('[data-test=snapshot-create]');
    await expect.poll(() => page.locator('[data-test=backup-row]', { hasText: '换位置后' }).count(), { timeout: 15_000 }).toBe(1);
    const list = await callApi(host, 'backups:list');
    expect(list.folder).toBe(join(home, '单位备份', '备份演示-备份'));
    await page.screenshot({ path: join(artifacts, 'backups-folder-1366.png') });

    // 恢复默认: the earlier backups beside the workbook are listed again.
    await page.click('[data-test=backup-folder-default]');
    await expect.poll(() => page.locator('[data-test=backup-row]', { hasText: '9月上报版' }).count(), { timeout: 15_000 }).toBe(1);
    await page.click('[data-test=backups-done]');
  });

  it('关于 shows where the fault log is', async () => {
    await openMenu('menu-tools', 'menu-about');
    const logPath = await page.locator('[data-test=about-log-path]').textContent();
    const info = await callApi(host, 'app:info');
    expect(logPath?.trim()).toBe(info.logPath ?? '本运行方式不记录故障日志');
    await page.screenshot({ path: join(artifacts, 'about-dialog-1366.png') });
    await page.click('[data-test=about-close]');
  });

  it('a damaged workbook is refused in Chinese and restored from its newest good backup on request', async () => {
    const path = (await callApi(host, 'workbook:current'))?.path ?? '';
    await openMenu('menu-file', 'menu-close');
    await expect.poll(() => page.locator('[data-test=open-path]').count(), { timeout: 15_000 }).toBe(1);
    // Bytes flipped across the b-tree pages, as a failing disk leaves them.
    const fd = openSync(path, 'r+');
    for (let page4k = 2; page4k < Math.floor(statSync(path).size / 4096); page4k += 1) writeSync(fd, Buffer.alloc(24, 0xa5), 0, 24, page4k * 4096);
    closeSync(fd);

    await page.fill('[data-test=open-path]', path);
    await page.click('[data-test=open]');
    await expect.poll(() => page.locator('[data-test=damaged]').textContent(), { timeout: 15_000 }).toMatch(/已损坏.*最近的完好备份/);
    await page.screenshot({ path: join(artifacts, 'damaged-workbook-1366.png') });
    await page.click('[data-test=restore-newest-good]');
    await expect.poll(viewTitlePeriod, { timeout: 20_000 }).not.toBeNull();
    expect(await callApi(host, 'workbook:current')).toMatchObject({ path });
  });

  it('a damaged workbook whose figures are readable opens read-only under a banner: figures shown, typing refused, one click restores', async () => {
    const path = (await callApi(host, 'workbook:current'))?.path ?? '';
    await page.selectOption('[data-test=year-select]', '2024');
    await page.selectOption('[data-test=month-select]', '9');
    await expect.poll(viewTitlePeriod, { timeout: 15_000 }).toBe('2024-09');
    const shown = await cellText(page, A03, MONTH);
    expect(shown).not.toBe('');
    await openMenu('menu-file', 'menu-close');
    await expect.poll(() => page.locator('[data-test=open-path]').count(), { timeout: 15_000 }).toBe(1);
    damageIndexPage(path);

    await page.fill('[data-test=open-path]', path);
    await page.click('[data-test=open]');
    await expect.poll(() => page.locator('[data-test=read-only-message]').textContent(), { timeout: 15_000 }).toMatch(/已损坏，已以只读方式打开.*恢复最新的完好备份/);
    await page.selectOption('[data-test=year-select]', '2024');
    await page.selectOption('[data-test=month-select]', '9');
    await expect.poll(viewTitlePeriod, { timeout: 15_000 }).toBe('2024-09');
    await expectCell(page, A03, MONTH, shown);
    expect(await page.locator('[data-test=saved-indicator]').textContent()).toBe('只读：修改不会保存');
    expect(await page.locator('[data-test=saved-indicator]').getAttribute('class')).toContain('read-only');
    await page.screenshot({ path: join(artifacts, 'read-only-banner-1366.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(artifacts, 'read-only-banner-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    // Typing is refused in the clerk's words and the figure stays as it was.
    await typeInto(page, A03, MONTH, '7777');
    await expect.poll(() => statusMessage(page), { timeout: 15_000 }).toMatch(/已损坏，已以只读方式打开，修改未保存/);
    await expectCell(page, A03, MONTH, shown);

    await page.click('[data-test=banner-restore-newest-good]');
    await expect.poll(() => page.locator('[data-test=read-only-banner]').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => statusMessage(page), { timeout: 15_000 }).toContain('已从');
    expect((await callApi(host, 'workbook:current'))?.damaged).toBeNull();
    expect(await page.locator('[data-test=saved-indicator]').textContent()).not.toContain('只读');
    await typeInto(page, A03, MONTH, '1300');
    await expectCell(page, A03, MONTH, '1,300.0');
  });
});
