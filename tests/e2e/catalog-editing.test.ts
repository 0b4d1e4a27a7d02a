import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { expectCell, gridCell, pasteText, typeInto } from './support/grid-page.js';
import { callApi } from './support/host-api.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

const artifacts = join(process.cwd(), 'tests', '.artifacts');

/** The grid's 本月 column (after 指标名称 · 代码 · 计量单位). */
const MONTH = 3;

/**
 * Issue 11's catalog and menu follow-ups as a clerk meets them at 1366×768: 示例 clicked twice asks
 * instead of copying silently; 新增同级 / 新增其中项 and 上移 / 下移 / drag keep 其中 items under
 * their parent; the indicator form's messages are plain Chinese; the grid's right-click menu has
 * 查看历史 and 填写说明; the units dialog takes the keyboard and closes on Esc.
 */
describe('catalog editing and the grid menu at 1366×768', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-catalog-'));
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const workbookName = (): Promise<string> => page.locator('[data-test=workbook-name]').innerText();

  async function closeWorkbook(): Promise<void> {
    await page.click('[data-test=menu-file]');
    await page.click('[data-test=menu-close]');
    await page.locator('[data-test=demo]').waitFor({ timeout: 15_000 });
  }

  it('asks before making a second 示例: open the existing one, or a copy with a clear name', async () => {
    await page.goto(host.url);
    await page.click('[data-test=demo]');
    await expect.poll(workbookName, { timeout: 30_000 }).toBe('示例-京滨工业园.statbench');
    const { dataDir } = await callApi(host, 'app:info');
    await closeWorkbook();

    await page.click('[data-test=demo]');
    const question = page.locator('[data-test=demo-found]');
    await question.waitFor({ timeout: 15_000 });
    expect(await question.innerText()).toContain('示例工作簿已经建过了');
    expect(await page.locator('[data-test=demo-copy]').innerText()).toContain('示例-京滨工业园(2).statbench');
    // Nothing was created by asking.
    expect(existsSync(join(dataDir, '示例-京滨工业园(2).statbench'))).toBe(false);
    await page.screenshot({ path: join(artifacts, 'start-demo-found-1366.png') });

    await page.click('[data-test=demo-open-existing]');
    await expect.poll(workbookName, { timeout: 15_000 }).toBe('示例-京滨工业园.statbench');
    expect(existsSync(join(dataDir, '示例-京滨工业园(2).statbench'))).toBe(false);
    await closeWorkbook();

    await page.click('[data-test=demo]');
    await page.click('[data-test=demo-copy]');
    await expect.poll(workbookName, { timeout: 30_000 }).toBe('示例-京滨工业园(2).statbench');
    expect(existsSync(join(dataDir, '示例-京滨工业园(2).statbench'))).toBe(true);
    await closeWorkbook();
  });

  /** The catalog list as the clerk reads it: “code name” per indicator, the title per section. */
  const catalogRows = (): Promise<string[]> =>
    page.$$eval('[data-test=catalog-row]', (rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => (td.textContent ?? '').trim()).slice(0, 2).join(' ')),
    );
  const catalogRow = (text: string) => page.locator('[data-test=catalog-row]', { hasText: text });

  async function fillIndicator(code: string, name: string): Promise<void> {
    await page.fill('[data-test=ind-code]', code);
    await page.fill('[data-test=ind-name]', name);
    await page.fill('[data-test=ind-decimals]', '1');
  }

  it('adds siblings and 其中 items without ever splitting a parent from its 其中 rows', async () => {
    await page.fill('[data-test=new-name]', '指标体系编辑');
    await page.click('[data-test=create]');
    await expect.poll(workbookName, { timeout: 15_000 }).toBe('指标体系编辑.statbench');
    await page.click('[data-test=open-catalog]');
    await page.locator('[data-test=catalog-dialog]').waitFor();
    await expect.poll(catalogRows, { timeout: 15_000 }).toContain('A02 固定资产投资');

    // 新增同级 on 固定资产投资 goes after its two 其中 rows, not between them.
    await catalogRow('固定资产投资').click();
    await fillIndicator('E01', '新增市场主体');
    await page.click('[data-test=ind-add]');
    await expect.poll(async () => (await catalogRows()).slice(2, 6)).toEqual(['A02 固定资产投资', 'A0201 其中：工业投资', 'A020101 其中：制造业投资', 'E01 新增市场主体']);

    // 新增其中项 on 固定资产投资 becomes its last 其中 item, still above 新增市场主体.
    await catalogRow('固定资产投资').click();
    await fillIndicator('A0202', '基础设施投资');
    await page.click('[data-test=ind-add-child]');
    await expect.poll(async () => (await catalogRows()).slice(2, 7)).toEqual([
      'A02 固定资产投资',
      'A0201 其中：工业投资',
      'A020101 其中：制造业投资',
      'A0202 其中：基础设施投资',
      'E01 新增市场主体',
    ]);

    // A field's problem is one Chinese sentence, in view, and nothing is added.
    await catalogRow('新增市场主体').click();
    await fillIndicator('E02', '新增个体工商户');
    await page.fill('[data-test=ind-decimals]', '7');
    await page.click('[data-test=ind-add]');
    const error = page.locator('[data-test=catalog-error]');
    await expect.poll(() => error.innerText()).toBe('小数位应为 0 到 6 之间的整数');
    const box = await error.boundingBox();
    expect((box?.y ?? 9999) + (box?.height ?? 0)).toBeLessThanOrEqual(768);
    expect(await catalogRows()).not.toContainEqual(expect.stringContaining('E02'));
    await page.screenshot({ path: join(artifacts, 'catalog-editing-1366.png') });
  });

  it('moves a row with its 其中 items within its level, by button and by drag', async () => {
    // 上移 on 基础设施投资 passes 工业投资 with its 其中 row; a second 上移 stops under the parent.
    await catalogRow('基础设施投资').click();
    await page.click('[data-test=move-up]');
    const underParent = ['A02 固定资产投资', 'A0202 其中：基础设施投资', 'A0201 其中：工业投资', 'A020101 其中：制造业投资'];
    await expect.poll(async () => (await catalogRows()).slice(2, 6)).toEqual(underParent);
    await page.click('[data-test=move-up]');
    // The second move was answered (the catalog view came back) and changed nothing.
    await expect.poll(async () => (await catalogRows()).slice(2, 6)).toEqual(underParent);

    // 下移 on 固定资产投资 passes 新增市场主体, taking its three 其中 rows along.
    await catalogRow('固定资产投资').click();
    await page.click('[data-test=move-down]');
    await expect.poll(async () => (await catalogRows()).slice(1, 7)).toEqual(['A01 规模以上工业总产值', 'E01 新增市场主体', ...underParent]);

    // Dragging 一般公共预算收入 onto 规模以上工业总产值 puts it in that place, past the whole block.
    await catalogRow('一般公共预算收入').dragTo(catalogRow('规模以上工业总产值'));
    await expect.poll(async () => (await catalogRows()).slice(0, 5)).toEqual(['一、经济运行', 'A03 一般公共预算收入', 'A01 规模以上工业总产值', 'E01 新增市场主体', 'A02 固定资产投资']);
    // A 其中 row dropped on a row of another level does not move.
    const before = await catalogRows();
    await catalogRow('制造业投资').dragTo(catalogRow('规模以上工业总产值'));
    await catalogRow('制造业投资').click();
    expect(await catalogRows()).toEqual(before);
    await page.screenshot({ path: join(artifacts, 'catalog-dialog-1366.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(artifacts, 'catalog-dialog-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.keyboard.press('Escape');
    await page.locator('[data-test=catalog-dialog]').waitFor({ state: 'detached' });
  });

  it('opens 查看历史 and 填写说明 from the grid’s right-click menu', async () => {
    const catalog = await callApi(host, 'catalog:get', {});
    const formId = catalog.form.id;
    const a03 = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === 'A03');
    const indicatorId = a03?.type === 'indicator' ? a03.indicator.id : 0;
    const unitId = (await callApi(host, 'units:list'))[0]?.id ?? 0;
    const last = ['2023-01', '2023-02', '2023-03'].map((period) => ({ indicatorId, period, field: 'month' as const, value: '80' }));
    const current = ['2024-01', '2024-02'].map((period) => ({ indicatorId, period, field: 'month' as const, value: '88' }));
    await callApi(host, 'values:set', { unitId, changes: [...last, ...current], source: 'paste' });
    await page.selectOption('[data-test=year-select]', '2024');
    await page.selectOption('[data-test=month-select]', '3');
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-period'), { timeout: 15_000 }).toBe('2024-03');
    // The grid's row of 一般公共预算收入 moved with the catalog edits above: find it by name.
    const row = (await callApi(host, 'grid:formView', { formId, unitId, period: '2024-03' })).rows.findIndex((r) => r.code === 'A03');
    expect(row).toBeGreaterThan(0);
    await typeInto(page, row, MONTH, '100');
    await expectCell(page, row, MONTH, '100.0');
    await pasteText(page, row, MONTH, '400');
    await expectCell(page, row, MONTH, '400.0');

    const menuItem = (text: string) => page.locator('.htContextMenu:visible .ht_master td', { hasText: text });
    await gridCell(page, row, MONTH).click({ button: 'right' });
    await menuItem('查看历史').click();
    const history = page.locator('[data-test=history-dialog]');
    await history.waitFor({ timeout: 15_000 });
    expect(await history.innerText()).toContain('一般公共预算收入 · 本月 · 2024年3月');
    const entries = await page.locator('[data-test=history-row]').allInnerTexts();
    // Newest first: 100 → 400 pasted, then 空 → 100 typed.
    expect(entries[0]).toMatch(/100\s+400/);
    expect(entries[1]).toMatch(/空\s+100/);
    await page.screenshot({ path: join(artifacts, 'grid-history-1366.png') });
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });

    // 400 against last year's 80 is a 提示 finding: 填写说明 opens the panel on its 说明 box.
    await gridCell(page, row, MONTH).click({ button: 'right' });
    await menuItem('填写说明').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')), { timeout: 15_000 }).toBe('说明：一般公共预算收入');
    await page.keyboard.type('税收集中入库');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await callApi(host, 'audit:run', { unitId, formId, period: '2024-03' })).soft.find((f) => f.indicatorId === indicatorId)?.explanation, { timeout: 15_000 })
      .toBe('税收集中入库');
  });

  it('gives the units dialog the keyboard and closes it on Esc', async () => {
    await page.click('[data-test=open-units]');
    const dialog = page.locator('[data-test=units-dialog]');
    await dialog.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-test=units-dialog]') !== null), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
  });
});
