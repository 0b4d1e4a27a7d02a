import { mkdirSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { statusMessage } from './support/grid-page.js';
import { callApi } from './support/host-api.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

const artifacts = join(process.cwd(), 'tests', '.artifacts');

/** The 工作总结 dialog (issue 13) on the demo workbook, in Chromium through the browser host. */
describe('工作总结 in the browser host', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-narrative-'));
    mkdirSync(artifacts, { recursive: true });
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const paragraph = (): Promise<string> => page.locator('[data-test=narrative-text]').inputValue();

  async function openDialog(): Promise<void> {
    await page.click('[data-test=open-narrative]');
    await expect.poll(() => page.locator('[data-test=narrative-dialog]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(paragraph, { timeout: 15_000 }).not.toBe('');
  }

  it('writes the demo park’s 2023-11 paragraph from its figures', async () => {
    await page.goto(host.url);
    await page.click('[data-test=demo]');
    // The demo opens at its latest month with data: 2023年11月.
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-period'), { timeout: 20_000 }).toBe('2023-11');
    await openDialog();
    expect(await paragraph()).toMatch(/^1-11月，京滨工业园规模以上工业总产值完成86\.33亿元，同比增长5\.9%/);

    await page.selectOption('[data-test=narrative-period-style]', 'month-end');
    await expect.poll(paragraph, { timeout: 15_000 }).toMatch(/^截至11月底，/);
    const text = await paragraph();
    expect(text).toContain('86.33亿元');
    expect(text).toContain('同比增长5.9');
    expect(text).toContain('年度目标完成率115.6%');
    expect(text).not.toMatch(/—|NaN|undefined/);
    await page.screenshot({ path: join(artifacts, 'narrative-1366.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(artifacts, 'narrative-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('keeps the clerk’s edits and exports them as .docx that reads back', async () => {
    const box = page.locator('[data-test=narrative-text]');
    await box.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('下一步，园区将继续抓好重点项目建设。');
    await expect.poll(paragraph).toMatch(/下一步，园区将继续抓好重点项目建设。$/);

    await page.fill('[data-test=narrative-file-name]', '工作总结-2023年11月');
    await page.selectOption('[data-test=narrative-format]', 'docx');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-test=narrative-export]')]);
    expect(download.suggestedFilename()).toBe('工作总结-2023年11月.docx');
    await expect.poll(() => statusMessage(page), { timeout: 15_000 }).toContain('已导出');
    expect(await page.locator('[data-test=narrative-dialog]').count()).toBe(0);

    const { dataDir } = await callApi(host, 'app:info');
    const zip = await JSZip.loadAsync(await readFile(join(dataDir, '工作总结-2023年11月.docx')));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const written = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(written).toMatch(/^截至11月底，京滨工业园规模以上工业总产值完成86\.33亿元/);
    expect(written.endsWith('下一步，园区将继续抓好重点项目建设。')).toBe(true);
  });

  it('remembers the period style saved with the workbook', async () => {
    await openDialog();
    await page.selectOption('[data-test=narrative-period-style]', 'month-end');
    await expect.poll(paragraph, { timeout: 15_000 }).toMatch(/^截至11月底，/);
    await page.click('[data-test=narrative-save-settings]');
    await expect.poll(() => page.locator('[data-test=narrative-info]').innerText(), { timeout: 10_000 }).toContain('设置已保存');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-test=narrative-dialog]').count()).toBe(0);

    await openDialog();
    expect(await paragraph()).toMatch(/^截至11月底，京滨工业园规模以上工业总产值完成86\.33亿元/);
    expect((await callApi(host, 'narrative:settings')).periodStyle).toBe('month-end');
  });
});
