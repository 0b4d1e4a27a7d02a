import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FormColumn, type FormView } from '../../shared/domain/grid.js';
import { launchChromium } from './support/chromium.js';
import { cellText, expectCell, gridCell, pasteText, revealCell, selectCell, statusMessage, typeInto } from './support/grid-page.js';
import { callApi } from './support/host-api.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

const artifacts = join(process.cwd(), 'tests', '.artifacts');

// Rows of the built-in 园区主要经济指标月报 (row 0 is the section title 一、经济运行).
const A01 = 1; // 规模以上工业总产值, entered as 1-N月累计
const A02 = 2; // 固定资产投资, entered as 1-N月累计
const A03 = 5; // 一般公共预算收入, entered as 本月
const MONTH = 3;
const CUMULATIVE = 4;
const PRIOR = 5;
const GROWTH = 7;
const TARGET = 8;
const COMPLETION = 9;

/**
 * Entry as a clerk coming from WPS expects it, at the most common office laptop's 1366×768:
 * typing (Chinese through the input method too) into a selected cell, the keyboard after a
 * toolbar choice, pasting a copied row around computed columns, the selection's 求和, 查找,
 * 向下填充, the right-click menu, remembered layout, and a second tab without the token.
 */
describe('WPS-like entry at 1366×768', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let NOTE = 0;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-ux-'));
    host = await startHostProcess(home);
    browser = await launchChromium();
    // One browser context, as one browser profile: a second tab shares the session cookie.
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const viewTitlePeriod = (): Promise<string | null> => page.locator('[data-test=view-title]').getAttribute('data-period');

  async function formView(): Promise<FormView> {
    const unitId = Number(await page.locator('[data-test=view-title]').getAttribute('data-unit'));
    const formId = Number(await page.locator('[data-test=form-select]').inputValue());
    return callApi(host, 'grid:formView', { formId, unitId, period: (await viewTitlePeriod()) ?? '' });
  }

  async function colOf(key: FormColumn): Promise<number> {
    const index = (await formView()).columns.findIndex((c) => c.key === key);
    expect(index, `column ${key}`).toBeGreaterThanOrEqual(0);
    return index + 3;
  }

  /** The grid cell Handsontable shows as the current one (its data row and column). */
  async function currentCell(): Promise<{ row: number; col: number } | null> {
    return page.evaluate(() => {
      const td = document.querySelector('.entry-grid .ht_master td.current');
      if (!td) return null;
      return { row: Number(td.parentElement?.getAttribute('aria-rowindex')) - 2, col: Number(td.getAttribute('aria-colindex')) - 2 };
    });
  }

  const headerTitles = async (): Promise<string[]> => (await page.locator('.entry-grid .ht_clone_top thead tr:last-child th').allTextContents()).map((t) => t.trim());

  /** Titles of the frozen columns (drawn by the top-left corner overlay). */
  const frozenTitles = async (): Promise<string[]> => (await page.locator('.entry-grid .ht_clone_top_inline_start_corner thead tr:last-child th').allTextContents()).map((t) => t.trim()).filter(Boolean);

  async function choosePeriod(year: string, month: string): Promise<void> {
    await page.selectOption('[data-test=year-select]', year);
    await page.selectOption('[data-test=month-select]', month);
    await expect.poll(viewTitlePeriod, { timeout: 15_000 }).toBe(`${year}-${month.padStart(2, '0')}`);
  }

  it('fits the menu bar and the toolbar on one line each, with disabled controls looking disabled', async () => {
    await page.goto(host.url);
    await page.fill('[data-test=new-name]', '录入习惯2024');
    await page.click('[data-test=create]');
    await choosePeriod('2024', '1');
    await expectCell(page, A01, 0, '规模以上工业总产值');
    NOTE = await colOf('note');
    for (const bar of ['.menubar-row', '.toolbar']) {
      const box = await page.locator(bar).evaluate((el) => ({ height: el.clientHeight, overflow: el.scrollWidth - el.clientWidth }));
      expect(box.height, `${bar} height`).toBeLessThanOrEqual(40);
      expect(box.overflow, `${bar} overflows`).toBeLessThanOrEqual(0);
    }
    // Nothing to redo yet: the button is greyed and says so to the pointer.
    const redo = await page.locator('[data-test=redo]').evaluate((el) => ({ cursor: getComputedStyle(el).cursor, background: getComputedStyle(el).backgroundColor }));
    expect(redo).toEqual({ cursor: 'not-allowed', background: 'rgb(241, 242, 244)' });
    await page.screenshot({ path: join(artifacts, 'entry-form-1366.png') });
  });

  it('starts editing a selected 备注 with Chinese typed through the input method', async () => {
    await selectCell(page, A03, NOTE);
    const cdp = await page.context().newCDPSession(page);
    // What a Pinyin IME sends: a composition, then the chosen characters committed.
    await cdp.send('Input.imeSetComposition', { text: 'zeng', selectionStart: 4, selectionEnd: 4 });
    await cdp.send('Input.imeSetComposition', { text: '增长', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.insertText', { text: '增长较快' });
    await page.keyboard.press('Enter');
    await expectCell(page, A03, NOTE, '增长较快');
    await cdp.detach();
  });

  it('takes typed figures in the grid right after a toolbar choice, and Ctrl+Z there undoes them', async () => {
    await selectCell(page, A03, MONTH);
    await page.focus('[data-test=month-select]');
    await page.selectOption('[data-test=month-select]', '2');
    await expect.poll(viewTitlePeriod, { timeout: 15_000 }).toBe('2024-02');
    await page.keyboard.type('77');
    await page.keyboard.press('Enter');
    await expectCell(page, A03, MONTH, '77.0');
    // The select kept its month: the digits did not go to its type-ahead.
    expect(await page.locator('[data-test=month-select]').inputValue()).toBe('2');

    await page.focus('[data-test=year-select]');
    await page.keyboard.press('Control+z');
    await expectCell(page, A03, MONTH, '');
    expect(await page.locator('[data-test=year-select]').inputValue()).toBe('2024');
    await page.focus('[data-test=unit-select]');
    await page.keyboard.press('Control+y');
    await expectCell(page, A03, MONTH, '77.0');
    await choosePeriod('2024', '1');
  });

  it('pastes a copied row across computed columns, filling the editable cells and saying what it skipped', async () => {
    // 本月 · 累计 · 上年同期累计 · 可比口径 · 同比(computed) · 年度目标 · 完成进度(computed)
    await pasteText(page, A03, MONTH, '10\t10\t8\t\t99.9\t500\t88.8\r\n');
    await expect.poll(() => statusMessage(page), { timeout: 15_000 }).toMatch(/已填写并保存 5 个单元格。跳过 2 个计算或只读单元格/);
    await expectCell(page, A03, MONTH, '10.0');
    await expectCell(page, A03, PRIOR, '8.0');
    await expectCell(page, A03, TARGET, '500.0');
    // The computed columns show what the figures give, not what was pasted over them.
    await expectCell(page, A03, GROWTH, '25.0');
    await expectCell(page, A03, COMPLETION, '2.0');
  });

  it('asks before a paste that runs past the last column, and pastes only the part that fits when told to', async () => {
    await pasteText(page, A01, NOTE, '说明\t多出的一格\r\n');
    await page.locator('[data-test=question]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-test=question]').innerText()).toContain('有 1 个值落在最后一行或最后一列之外');
    await page.keyboard.press('Enter'); // focus is on 取消: the safe answer
    await expect.poll(() => statusMessage(page)).toBe('已取消粘贴，未作任何修改。');
    expect(await cellText(page, A01, NOTE)).toBe('');

    await pasteText(page, A01, NOTE, '说明\t多出的一格\r\n');
    await page.click('[data-test=question-yes]');
    await expectCell(page, A01, NOTE, '说明');
  });

  it('shows 求和 / 平均 / 计数 of the selection with the unit, exactly', async () => {
    const unit = (await formView()).rows[A03]?.unit ?? '?';
    await selectCell(page, A03, MONTH);
    await gridCell(page, A03, PRIOR).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('[data-test=selection-stats]').innerText(), { timeout: 15_000 }).toBe(`求和 28.0${unit} 平均 9.33${unit} 计数 3`);
    // A selection across 万元 and % (同比 25.0) shows no unit; the blank 可比口径 is not counted.
    await gridCell(page, A03, GROWTH).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('[data-test=selection-stats]').innerText()).toBe('求和 53.0 平均 13.25 计数 4');
  });

  it('finds an indicator by code or name with Ctrl+F and jumps to its row', async () => {
    await selectCell(page, A01, MONTH);
    await page.keyboard.press('Control+f');
    await page.locator('[data-test=find-input]').fill('固定资产');
    await page.keyboard.press('Enter');
    await expect.poll(currentCell, { timeout: 15_000 }).toMatchObject({ row: A02 });
    await page.keyboard.press('Control+f');
    await page.locator('[data-test=find-input]').fill('a03');
    await page.keyboard.press('Enter');
    await expect.poll(currentCell, { timeout: 15_000 }).toMatchObject({ row: A03 });
    // The grid has the keyboard again: a typed figure lands in the found row.
    await page.keyboard.press('Escape');
    await page.locator('[data-test=find-input]').fill('不存在的指标');
    await page.locator('[data-test=find-input]').press('Enter');
    await expect.poll(() => statusMessage(page)).toContain('没有找到“不存在的指标”');
    await page.locator('[data-test=find-input]').press('Escape');
    await expect.poll(() => page.locator('[data-test=find-input]').count()).toBe(0);
  });

  it('fills down with Ctrl+D and puts today in a 备注 with Ctrl+;', async () => {
    await typeInto(page, A01, CUMULATIVE, '123.4');
    await expectCell(page, A01, CUMULATIVE, '123.4');
    await selectCell(page, A01, CUMULATIVE);
    await gridCell(page, A02, CUMULATIVE).click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+d');
    await expectCell(page, A02, CUMULATIVE, '123.4');

    await selectCell(page, A02, NOTE);
    await page.keyboard.press('Control+;');
    const today = new Date();
    const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    await expectCell(page, A02, NOTE, date);
  });

  it('offers 复制 / 粘贴 / 清除 / 冻结至此列 on a right click', async () => {
    await selectCell(page, A02, CUMULATIVE);
    await gridCell(page, A02, CUMULATIVE).click({ button: 'right' });
    const menu = page.locator('.htContextMenu:visible .ht_master');
    await menu.waitFor({ timeout: 15_000 });
    const items = (await menu.locator('td').allTextContents()).map((t) => t.trim()).filter(Boolean);
    expect(items.map((t) => t.split(/\s/)[0])).toEqual(expect.arrayContaining(['复制', '粘贴', '清除', '向下填充']));
    expect(items.some((t) => t.startsWith('冻结至此列'))).toBe(true);
    await menu.locator('td', { hasText: '清除' }).click();
    await expectCell(page, A02, CUMULATIVE, '');

    // 冻结至此列 on 本月: the names, code, unit and 本月 stay while the figures scroll.
    await gridCell(page, A02, MONTH).click({ button: 'right' });
    await page.locator('.htContextMenu:visible .ht_master td', { hasText: '冻结至此列' }).click();
    await expect.poll(() => frozenTitles()).toEqual(expect.arrayContaining(['指标名称', '代码', '计量单位', '本月']));
  });

  it('remembers a dragged column width and the frozen columns per form across a reload', async () => {
    const header = page.locator('.entry-grid .ht_clone_top thead tr:last-child th', { hasText: '上年同期累计' });
    const before = (await header.boundingBox())?.width ?? 0;
    const box = await header.boundingBox();
    if (!box) throw new Error('header not shown');
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    const handle = page.locator('.entry-grid .manualColumnResizer');
    await handle.waitFor({ state: 'attached', timeout: 15_000 });
    const grip = await handle.boundingBox();
    if (!grip) throw new Error('resize handle not shown');
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(grip.x + grip.width / 2 + 60, grip.y + grip.height / 2, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await header.boundingBox())?.width ?? 0, { timeout: 15_000 }).toBeGreaterThan(before + 40);

    await page.reload();
    await choosePeriod('2024', '1');
    await revealCell(page, A01, PRIOR);
    const again = page.locator('.entry-grid .ht_clone_top thead tr:last-child th', { hasText: '上年同期累计' });
    await expect.poll(async () => (await again.boundingBox())?.width ?? 0, { timeout: 15_000 }).toBeGreaterThan(before + 40);
    await expect.poll(() => frozenTitles()).toContain('本月');
    // 视图 › 冻结至代码、计量单位 puts the form's own layout back.
    await page.click('[data-test=menu-view]');
    await page.click('[data-test=menu-freeze]');
    await expect.poll(() => frozenTitles()).not.toContain('本月');
  });

  it('shows negative figures in red when chosen in 视图', async () => {
    await typeInto(page, A03, PRIOR, '20'); // 本月 10 against 20 a year ago: 同比 −50.0
    await expectCell(page, A03, GROWTH, '-50.0');
    const color = (): Promise<string> => gridCell(page, A03, GROWTH).evaluate((el) => getComputedStyle(el).color);
    expect(await color()).not.toBe('rgb(209, 31, 31)');
    await page.click('[data-test=menu-view]');
    await page.click('[data-test=menu-negative-red]');
    await expect.poll(color).toBe('rgb(209, 31, 31)');
    await page.click('[data-test=menu-view]');
    await page.click('[data-test=menu-negative-red]');
    await expect.poll(color).not.toBe('rgb(209, 31, 31)');
  });

  it('gives the keyboard back to the grid when a dialog or the shortcut list closes', async () => {
    await selectCell(page, A03, TARGET);
    await page.click('[data-test=open-catalog]');
    await page.locator('[data-test=catalog-dialog]').waitFor();
    await page.screenshot({ path: join(artifacts, 'entry-catalog-1366.png') });
    // The dialog's buttons fit the window.
    const foot = await page.locator('[data-test=catalog-dialog]').boundingBox();
    expect((foot?.y ?? 0) + (foot?.height ?? 0)).toBeLessThanOrEqual(768);
    await page.keyboard.press('Escape');
    await page.locator('[data-test=catalog-dialog]').waitFor({ state: 'detached' });
    await page.keyboard.type('600');
    await page.keyboard.press('Enter');
    await expectCell(page, A03, TARGET, '600.0');

    await page.keyboard.press('F1');
    await page.locator('[data-test=shortcuts-dialog]').waitFor();
    expect(await page.locator('[data-test=shortcuts-dialog]').innerText()).toContain('Ctrl+D');
    await page.keyboard.press('Escape');
    await page.locator('[data-test=shortcuts-dialog]').waitFor({ state: 'detached' });
    await selectCell(page, A03, TARGET);
    await page.keyboard.type('700');
    await page.keyboard.press('Enter');
    await expectCell(page, A03, TARGET, '700.0');
  });

  it('shows all twelve months of the year view at 1366×768', async () => {
    await page.click('[data-test=view-year]');
    await page.click('[data-test=year-month]');
    await expect.poll(() => headerTitles(), { timeout: 15_000 }).toContain('12月');
    const december = await page.locator('.entry-grid .ht_clone_top thead tr:last-child th', { hasText: '12月' }).boundingBox();
    expect((december?.x ?? 9999) + (december?.width ?? 0)).toBeLessThanOrEqual(1366);
    await page.screenshot({ path: join(artifacts, 'entry-year-1366.png') });
    await page.click('[data-test=view-templates]');
    await page.locator('.templates').waitFor();
    await page.screenshot({ path: join(artifacts, 'entry-templates-1366.png') });
    await page.click('[data-test=view-form]');
    await expectCell(page, A03, TARGET, '700.0');
  });

  it('keeps working in a second tab and after a reload without the token in the address', async () => {
    expect(page.url()).not.toContain('token=');
    await page.reload();
    await choosePeriod('2024', '1');
    await expectCell(page, A03, TARGET, '700.0');

    const second = await page.context().newPage();
    await second.setViewportSize({ width: 1366, height: 768 });
    await second.goto(`${host.origin}/`);
    // The host's open workbook comes up in the new tab too.
    await second.locator('[data-test=year-select]').waitFor({ timeout: 15_000 });
    await second.selectOption('[data-test=year-select]', '2024');
    await second.selectOption('[data-test=month-select]', '1');
    await expect.poll(async () => (await second.locator('.entry-grid .ht_master tbody tr[aria-rowindex="7"] td[aria-colindex="10"]').innerText()).trim(), { timeout: 15_000 }).toBe('700.0');
    expect(await second.locator('[data-test=status-message]').innerText()).not.toContain('令牌');
    await second.close();

    // A page of another origin cannot use the cookie: without the token the host still refuses.
    const refused = await fetch(`${host.origin}/api/workbook:current`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '' });
    expect(refused.status).toBe(403);
  });

  it('takes screenshots at 1920×1080', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.click('[data-test=view-form]');
    await expectCell(page, A03, TARGET, '700.0');
    await page.screenshot({ path: join(artifacts, 'entry-form-1920.png') });
    await page.click('[data-test=view-year]');
    await page.click('[data-test=year-month]');
    await expect.poll(() => headerTitles(), { timeout: 15_000 }).toContain('12月');
    await page.screenshot({ path: join(artifacts, 'entry-year-1920.png') });
    await page.click('[data-test=view-templates]');
    await page.locator('.templates').waitFor();
    await page.screenshot({ path: join(artifacts, 'entry-templates-1920.png') });
    await page.click('[data-test=view-form]');
    await page.click('[data-test=open-catalog]');
    await page.locator('[data-test=catalog-dialog]').waitFor();
    await page.screenshot({ path: join(artifacts, 'entry-catalog-1920.png') });
    await page.keyboard.press('Escape');
  });
});
