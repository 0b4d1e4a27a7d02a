import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { expectCell, statusMessage, typeInto } from './support/grid-page.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

const A03 = 5; // 一般公共预算收入, entered as 本月

describe('catalog editing, year view and plain export in the browser host', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-views-'));
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('adds an indicator in the catalog and shows it in the form', async () => {
    await page.goto(host.url);
    await page.fill('[data-test=new-name]', '指标体系测试');
    await page.click('[data-test=create]');
    await page.selectOption('[data-test=year-select]', '2024');
    await page.selectOption('[data-test=month-select]', '3');
    await expectCell(page, 1, 0, '规模以上工业总产值');

    await page.click('[data-test=open-catalog]');
    await page.fill('[data-test=ind-code]', 'E01');
    await page.fill('[data-test=ind-name]', '规上工业企业数');
    await page.fill('[data-test=ind-unit]', '家');
    await page.fill('[data-test=ind-decimals]', '0');
    await page.selectOption('[data-test=ind-kind]', 'stock');
    await page.click('[data-test=ind-add]');
    await expect.poll(() => page.locator('[data-test=catalog-row]').allInnerTexts()).toContainEqual(expect.stringContaining('规上工业企业数'));

    // The same code again is refused in Chinese and adds nothing.
    await page.click('[data-test=ind-add]');
    await expect.poll(() => page.locator('[data-test=catalog-error]').innerText()).toContain('代码“E01”已被使用');
    expect((await page.locator('[data-test=catalog-row]').allInnerTexts()).filter((t) => t.includes('E01'))).toHaveLength(1);

    await page.click('[data-test=dialog-close]');
    await expect.poll(() => page.locator('.entry-grid').innerText()).toContain('规上工业企业数');
  });

  it('takes monthly figures in the year view and shows them as 累计', async () => {
    await page.click('[data-test=view-year]');
    await page.click('[data-test=year-month]');
    await typeInto(page, A03, 2, '10');
    await typeInto(page, A03, 3, '20.5');
    await expectCell(page, A03, 3, '20.5');
    await page.click('[data-test=year-cumulative]');
    await expectCell(page, A03, 3, '30.5');
    await page.click('[data-test=view-form]');
    await page.selectOption('[data-test=month-select]', '2');
    await expectCell(page, A03, 4, '30.5');
  });

  it('exports the form view as a UTF-8 CSV with BOM', async () => {
    await page.click('[data-test=open-export]');
    await page.selectOption('[data-test=export-format]', 'csv');
    await page.fill('[data-test=export-name]', '园区月报-2024年2月');
    await page.click('[data-test=export-run]');
    await expect.poll(() => statusMessage(page)).toContain('已导出');
    const file = join(home, '园区月报-2024年2月.csv');
    expect(existsSync(file)).toBe(true);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toContain('一般公共预算收入');
    expect(text).toContain('30.5');
  });
});
