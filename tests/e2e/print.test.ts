import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPageCount } from '../fixtures/pdf-pages.js';
import { launchChromium } from './support/chromium.js';
import { expectCell, statusMessage } from './support/grid-page.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

const ARTIFACTS = join(process.cwd(), 'tests', '.artifacts');

/**
 * Clicks 打印 with the browser's print dialog stubbed (headless Chromium has none) and answers
 * the page printed as Chromium prints it: print media, the page size the stylesheet asks for.
 */
async function printedPdf(page: Page, file: string): Promise<{ pages: number; text: string }> {
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await page.click('[data-test=print]');
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed), { timeout: 60_000 }).toBe(1);
  await page.emulateMedia({ media: 'print' });
  const text = await page.locator('[data-test=paper-print]').innerText();
  await page.screenshot({ path: file.replace(/\.pdf$/, '-print-media.png'), fullPage: true });
  writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  await page.emulateMedia({ media: 'screen' });
  return { pages: await pdfPageCount(file), text };
}

describe('print: the form view and the year view on paper, as the submission export', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-print-'));
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('prints the starter form view on one A4 landscape page with title, 填报单位/期别 line and 其中 labels', async () => {
    await page.goto(host.url);
    await page.click('[data-test=demo]');
    await expectCell(page, 1, 4, '863,300.0');
    await page.screenshot({ path: join(ARTIFACTS, 'print-toolbar-1366.png') });
    const { pages, text } = await printedPdf(page, join(ARTIFACTS, 'print-form.pdf'));
    expect(pages).toBe(1);
    expect(text).toContain('园区主要经济指标月报');
    expect(text).toContain('填报单位：京滨工业园');
    expect(text).toContain('期别：2023年11月（1-11月）');
    expect(text).toContain('其中：工业投资');
    expect(text).toContain('863,300.0');
    expect(text).toContain('单位负责人：');
    // On screen the print view never shows.
    expect(await page.locator('[data-test=paper-print]').isVisible()).toBe(false);
  }, 180_000);

  it('prints the year view on one page, 1-12月 across', async () => {
    await page.click('[data-test=view-year]');
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-period'), { timeout: 60_000 }).toBe('2023');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(ARTIFACTS, 'print-toolbar-year-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
    const { pages, text } = await printedPdf(page, join(ARTIFACTS, 'print-year.pdf'));
    expect(pages).toBe(1);
    expect(text).toContain('园区主要经济指标月报（2023年各月累计数）');
    expect(text).toContain('1-12月');
  }, 180_000);

  it('downloads the year view as a submission-grade .xlsx at once, and names it without the host path', async () => {
    await expect.poll(() => page.locator('[data-test=export-year]').innerText()).toBe('导出年表');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-test=export-year]')]);
    expect(download.suggestedFilename()).toMatch(/^园区主要经济指标月报-京滨工业园-2023年.*\.xlsx$/);
    await expect.poll(() => statusMessage(page), { timeout: 60_000 }).toBe(`已导出：${download.suggestedFilename()}`);
    // The browser has the file: no desktop 打开 / 打开所在文件夹 box over the toolbar.
    expect(await page.locator('[data-test=paper-written]').count()).toBe(0);
    const saved = join(home, 'downloaded-year.xlsx');
    await download.saveAs(saved);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(saved);
    const sheet = book.worksheets[0];
    if (sheet === undefined) throw new Error('the year export has no sheet');
    const texts: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
    expect(texts.some((t) => t.includes('园区主要经济指标月报'))).toBe(true);
    // Numbers as numbers: 1-11月 规上工业总产值 of the demo.
    const numbers: unknown[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => numbers.push(cell.value)));
    expect(numbers).toContain(863300);
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1 });
  }, 180_000);
});
