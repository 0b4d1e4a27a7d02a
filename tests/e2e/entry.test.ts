import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { cellText, expectCell, pasteText, statusMessage, typeInto } from './support/grid-page.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

// Rows of the built-in 园区主要经济指标月报 (row 0 is the section title 一、经济运行).
const A01 = 1; // 规模以上工业总产值, entered as 1-N月累计
const A02 = 2; // 固定资产投资, entered as 1-N月累计
const A03 = 5; // 一般公共预算收入, entered as 本月
// Columns of the form view (上年同期(可比口径) stands between 上年同期累计 and 同比).
const MONTH = 3;
const CUMULATIVE = 4;
const PRIOR = 5;
const GROWTH = 7;
const TARGET = 8;
const COMPLETION = 9;

const artifacts = join(process.cwd(), 'tests', '.artifacts');

describe('monthly entry in the browser host', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-'));
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  async function choosePeriod(year: string, month: string): Promise<void> {
    await page.selectOption('[data-test=year-select]', year);
    await page.selectOption('[data-test=month-select]', month);
    // The view of that period is loaded (typing earlier would land in the previous one).
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-period'), { timeout: 15_000 }).toBe(`${year}-${month.padStart(2, '0')}`);
  }

  it('creates a workbook with the starter form', async () => {
    await page.goto(host.url);
    await page.fill('[data-test=new-name]', '园区月报2024');
    await page.click('[data-test=create]');
    await expect.poll(() => page.locator('[data-test=workbook-name]').innerText()).toBe('园区月报2024.statbench');
    await choosePeriod('2024', '2');
    await expectCell(page, A01, 0, '规模以上工业总产值');
    await expect.poll(() => page.locator('.entry-grid .ht_clone_top thead th').allInnerTexts()).toContain('1-2月累计');
    // Entry starts in January: a February 累计 without January's figures would be unknown (缺1月数据).
    await choosePeriod('2024', '1');
  });

  it('derives 累计, 同比 and 完成进度 from typed figures', async () => {
    await typeInto(page, A03, MONTH, '100.5');
    await expectCell(page, A03, CUMULATIVE, '100.5');
    await typeInto(page, A03, PRIOR, '80');
    await expectCell(page, A03, GROWTH, '25.6');
    await typeInto(page, A03, TARGET, '1005');
    await expectCell(page, A03, COMPLETION, '10.0');
    await expect.poll(() => page.locator('[data-test=saved-indicator]').innerText()).toMatch(/^已保存 \d{1,2}:\d{2}:\d{2}$/);
  });

  it('refuses text in a number cell on the cell, changing nothing', async () => {
    await typeInto(page, A03, MONTH, 'abc');
    await expect.poll(() => statusMessage(page)).toContain('“一般公共预算收入”本月');
    expect(await cellText(page, A03, MONTH)).toBe('100.5');
  });

  it('pastes a block from Excel/WPS as one step and undoes it', async () => {
    await pasteText(page, A01, CUMULATIVE, '1,234.5\r\n１２３\r\n');
    await expectCell(page, A01, CUMULATIVE, '1,234.5');
    await expectCell(page, A02, CUMULATIVE, '123.0');
    await page.keyboard.press('Control+z');
    await expectCell(page, A01, CUMULATIVE, '');
    await expectCell(page, A02, CUMULATIVE, '');
    expect(await cellText(page, A03, MONTH)).toBe('100.5');
    await page.keyboard.press('Control+y');
    await expectCell(page, A01, CUMULATIVE, '1,234.5');
    await expectCell(page, A02, CUMULATIVE, '123.0');
  });

  it('refuses a paste with a bad cell and changes nothing', async () => {
    await pasteText(page, A01, CUMULATIVE, '999\r\n12.3.4\r\n');
    await expect.poll(() => statusMessage(page)).toMatch(/第3行 “固定资产投资”累计：.*已取消，未作任何修改/);
    expect(await cellText(page, A01, CUMULATIVE)).toBe('1,234.5');
    expect(await cellText(page, A02, CUMULATIVE)).toBe('123.0');
  });

  it('keeps every value across a page reload', async () => {
    await page.reload();
    await choosePeriod('2024', '1');
    await expectCell(page, A01, CUMULATIVE, '1,234.5');
    await expectCell(page, A02, CUMULATIVE, '123.0');
    await expectCell(page, A03, MONTH, '100.5');
    await expectCell(page, A03, GROWTH, '25.6');
  });

  it('keeps every value across a restart of the host', async () => {
    await host.stop();
    host = await startHostProcess(home);
    await page.goto(host.url);
    await page.locator('[data-test=recent]').first().click();
    await choosePeriod('2024', '1');
    await expectCell(page, A01, CUMULATIVE, '1,234.5');
    await expectCell(page, A02, CUMULATIVE, '123.0');
    await expectCell(page, A03, MONTH, '100.5');
    await expectCell(page, A03, PRIOR, '80.0');
    await expectCell(page, A03, TARGET, '1,005.0');
  });

  it('shows the demo park as a tidy form view (screenshot)', async () => {
    await page.click('[data-test=close-workbook]');
    await page.click('[data-test=demo]');
    await expectCell(page, A01, CUMULATIVE, '863,300.0');
    await expectCell(page, A01, GROWTH, '5.9');
    // Chinese must render with a CJK font, not as boxes: the font stack resolves to an installed face.
    expect(await page.evaluate(() => document.fonts.check('13px "Noto Sans CJK SC"'))).toBe(true);
    mkdirSync(artifacts, { recursive: true });
    const file = join(artifacts, 'form-view.png');
    await page.screenshot({ path: file });
    expect(statSync(file).size).toBeGreaterThan(20_000);
  });
});
