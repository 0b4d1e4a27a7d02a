import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { expectCell, gridCell, revealCell } from './support/grid-page.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

// 一般公共预算收入 (entered as 本月) in the built-in form; column 3 is 本月.
const A03 = 5;
const MONTH = 3;

/**
 * A clerk who clicks a cell and types at once, on a busy PC: the first keystroke must not be lost.
 * Chromium runs input events before timers, so the focus has to be on the input method's box as
 * soon as the click ends — not a timer tick later.
 */
describe('typing right after a click', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-race-'));
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('opens a new workbook at January', async () => {
    await page.goto(host.url);
    await page.fill('[data-test=new-name]', '抢键测试');
    await page.click('[data-test=create]');
    await expect.poll(() => page.locator('[data-test=workbook-name]').innerText(), { timeout: 30_000 }).toBe('抢键测试.statbench');
    await page.selectOption('[data-test=year-select]', '2024');
    await page.selectOption('[data-test=month-select]', '1');
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-period'), { timeout: 15_000 }).toBe('2024-01');
  });

  it('has the keys in the input box the moment the click ends, before any timer runs', async () => {
    await revealCell(page, A03, MONTH);
    const cell = await gridCell(page, A03, MONTH).elementHandle();
    expect(cell).not.toBeNull();
    // Click and look at the focus in one task: no timer can run in between, as on a busy machine.
    const focused = await cell?.evaluate((td) => {
      const options = { bubbles: true, cancelable: true, button: 0, view: window };
      td.dispatchEvent(new MouseEvent('mousedown', options));
      td.dispatchEvent(new MouseEvent('mouseup', options));
      td.dispatchEvent(new MouseEvent('click', options));
      const active = document.activeElement;
      return active instanceof HTMLTextAreaElement && active.classList.contains('handsontableInput');
    });
    expect(focused).toBe(true);
    await page.keyboard.type('1500');
    await page.keyboard.press('Enter');
    await expectCell(page, A03, MONTH, '1,500.0');
  });
});
