import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY_TEMPLATES, writeCountyTemplate as writeFixtureTemplate } from '../fixtures/county-templates.js';
import { launchChromium } from './support/chromium.js';
import { expectCell, statusMessage } from './support/grid-page.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

/**
 * A county template as clerks receive it: a title, a two-row header, row labels
 * written the county's way ("1、", "其中："), and one row whose label the
 * auto-map cannot know (财政收入 is the county's word for 一般公共预算收入).
 */
async function writeCountyTemplate(path: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('月报');
  sheet.getCell('A1').value = '园区主要经济指标月报';
  sheet.mergeCells('A1:F1');
  sheet.getCell('A2').value = '单位：万元';
  sheet.getRow(3).values = ['指标名称', '计量单位', '本月', '1-11月累计', '上年同期', '增长%'];
  sheet.getRow(4).values = ['1、规模以上工业总产值', '万元'];
  sheet.getRow(5).values = ['2、固定资产投资', '万元'];
  sheet.getRow(6).values = ['  其中：工业投资', '万元'];
  sheet.getRow(7).values = ['3、财政收入', '万元'];
  for (const row of [4, 5, 6, 7]) for (const col of ['C', 'D', 'E']) sheet.getCell(`${col}${row}`).numFmt = '#,##0.0';
  sheet.getColumn(1).width = 26;
  await book.xlsx.writeFile(path);
}

/** Clicks a cell of the template preview (0-based row and column of the sheet). */
async function clickTemplateCell(page: Page, row: number, col: number): Promise<void> {
  await page.locator('.template-grid .ht_master tbody tr').nth(row).locator('td').nth(col).click({ force: true });
}

describe('county template round trip in the browser host', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const templatePath = () => join(home, '县模板-园区月报.xlsx');

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-tpl-'));
    await writeCountyTemplate(templatePath());
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('registers the template and shows its sheet', async () => {
    await page.goto(host.url);
    await page.click('[data-test=demo]');
    await expectCell(page, 1, 4, '863,300.0');
    await page.click('[data-test=view-templates]');
    await page.fill('[data-test=register-path]', templatePath());
    await page.click('[data-test=register]');
    await expect.poll(() => statusMessage(page)).toContain('已注册模板');
    await expect.poll(() => page.locator('.template-grid').innerText()).toContain('1、规模以上工业总产值');
  });

  it('auto-maps the labelled rows and takes a manual correction', async () => {
    await page.click('[data-test=auto-map]');
    await expect.poll(() => page.locator('[data-test=proposals] tbody tr').count()).toBeGreaterThan(3);
    await page.click('[data-test=accept-proposals]');
    // 财政收入 (row 7, 1-11月累计 in column D) is bound by hand to 一般公共预算收入.
    await clickTemplateCell(page, 6, 3);
    const option = await page.locator('[data-test=bind-indicator] option', { hasText: '一般公共预算收入' }).getAttribute('value');
    await page.selectOption('[data-test=bind-indicator]', option ?? '');
    await page.selectOption('[data-test=bind-figure]', 'cumulative');
    await page.click('[data-test=bind]');
    await page.click('[data-test=save-bindings]');
    await expect.poll(() => statusMessage(page)).toMatch(/已保存 \d+ 个映射/);
    await page.screenshot({ path: join(process.cwd(), 'tests', '.artifacts', 'templates-view.png') });
  });

  it('exports a filled copy with the workbook figures as numbers, as a browser download', async () => {
    // No folder to type: the host writes the copy and the browser downloads it.
    expect(await page.locator('[data-test=export-dir]').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-test=export]')]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    // The status names the file, never the host's path.
    await expect.poll(() => statusMessage(page), { timeout: 60_000 }).toContain(`已导出：${download.suggestedFilename()}`);
    expect(await statusMessage(page)).not.toContain(home);
    const file = join(mkdtempSync(join(tmpdir(), 'statbench-e2e-tpl-dl-')), download.suggestedFilename());
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('月报');
    if (!sheet) throw new Error('the export lost the sheet 月报');
    expect(sheet.getCell('D4').value).toBe(863300);
    expect(sheet.getCell('D7').value).toBe(41200);
    expect(sheet.getCell('A4').value).toBe('1、规模以上工业总产值');

    // The township sends it back with a corrected figure and a figure typed in 亿元.
    sheet.getCell('D4').value = 870000;
    sheet.getCell('D5').value = '6.9亿元';
    await book.xlsx.writeFile(join(home, '返回-京滨工业园.xlsx'));
  });

  it('previews an import, commits it and shows the values in the grid', async () => {
    await page.fill('[data-test=import-paths]', join(home, '返回-京滨工业园.xlsx'));
    await page.click('[data-test=import-preview]');
    await expect.poll(() => page.locator('[data-test=import-counts]').innerText()).toMatch(/修改 2/);
    const rows = await page.locator('[data-test=import-row]').allInnerTexts();
    expect(rows.some((r) => r.includes('规模以上工业总产值') && r.includes('870000'))).toBe(true);
    expect(rows.some((r) => r.includes('固定资产投资') && r.includes('69000'))).toBe(true);
    await page.click('[data-test=import-commit]');
    await expect.poll(() => statusMessage(page)).toContain('已导入');
    // The audit of what was imported runs at once; its summary stays until the clerk closes it.
    await page.locator('[data-test=import-audit]').waitFor({ timeout: 60_000 });
    await page.click('[data-test=import-close]');
    await page.locator('[data-test=import-preview-dialog]').waitFor({ state: 'detached', timeout: 15_000 });
    await page.click('[data-test=view-form]');
    await expectCell(page, 1, 4, '870,000.0');
    await expectCell(page, 2, 4, '69,000.0');
  });

  it('shows two returned copies of one unit as a file-level problem and will not commit them', async () => {
    // The township sends its return twice (a second, "corrected" copy): both name 京滨工业园.
    await page.click('[data-test=view-templates]');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(home, '返回-京滨工业园.xlsx'));
    const sheet = book.getWorksheet('月报');
    if (!sheet) throw new Error('the return lost the sheet 月报');
    sheet.getCell('D4').value = 880000;
    await book.xlsx.writeFile(join(home, '返回-京滨工业园（更正）.xlsx'));
    await page.fill('[data-test=import-paths]', [join(home, '返回-京滨工业园.xlsx'), join(home, '返回-京滨工业园（更正）.xlsx')].join('\n'));
    await page.click('[data-test=import-preview]');
    const dialog = page.locator('[data-test=import-preview-dialog]');
    await dialog.waitFor({ timeout: 60_000 });
    // The count says so before any commit is tried: 问题 1, a file's.
    await expect.poll(() => page.locator('[data-test=import-counts]').innerText(), { timeout: 60_000 }).toMatch(/问题 1（其中文件问题 1）/);
    expect(await page.locator('[data-test=import-file-problems]').innerText()).toContain('都是 京滨工业园 的报表，请只保留一个');
    expect(await page.locator('[data-test=import-commit]').isDisabled()).toBe(true);
    expect(await page.locator('[data-test=import-blocked]').innerText()).toContain('不能提交：有 1 个文件问题');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: join(process.cwd(), 'tests', '.artifacts', 'import-preview-file-problem-1366.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.click('[data-test=import-cancel]');
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => statusMessage(page)).toContain('已取消导入');
  });

  it('shows 待确认 proposals unticked with their doubts and evidence until the clerk decides', async () => {
    const fixture = COUNTY_TEMPLATES.find((t) => t.file === '代码列与括号限定.xlsx');
    if (fixture === undefined) throw new Error('fixture missing');
    await page.click('[data-test=view-templates]');
    await page.fill('[data-test=register-path]', await writeFixtureTemplate(home, fixture));
    await page.click('[data-test=register]');
    await expect.poll(() => page.locator('.template-grid').innerText()).toContain('固定资产投资（不含农户）');
    await page.click('[data-test=auto-map]');
    await expect.poll(() => page.locator('[data-test=proposal-counts]').innerText()).toContain('2 个待确认');
    const pending = page.locator('[data-test=proposals] tr[data-status=pending]');
    expect(await pending.count()).toBe(2);
    expect(await pending.first().locator('input[type=checkbox]').isChecked()).toBe(false);
    expect(await pending.first().locator('[data-test=proposal-doubt]').innerText()).toContain('代码“A03”是“一般公共预算收入”');
    const confident = page.locator('[data-test=proposals] tr[data-status=confident]');
    expect(await confident.first().locator('input[type=checkbox]').isChecked()).toBe(true);
    expect(await confident.first().locator('.evidence').innerText()).toMatch(/A3 · D2 · 单位亿元 C3/);
    const shots = join(process.cwd(), 'tests', '.artifacts');
    for (const [width, height] of [[1366, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      // The side panel fits the window once the layout has followed the resize.
      await expect.poll(async () => ((await page.locator('.templates-side').boundingBox())?.x ?? width) + 360 <= width + 1).toBe(true);
      await page.screenshot({ path: join(shots, `templates-automap-${width}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    // Choosing the indicator decides the proposal: it is ticked and accepted with the choice.
    const select = pending.first().locator('[data-test=proposal-indicator]');
    const choice = await select.locator('option', { hasText: '国家高新技术企业数' }).getAttribute('value');
    await select.selectOption(choice ?? '');
    expect(await pending.first().locator('input[type=checkbox]').isChecked()).toBe(true);
    await page.click('[data-test=accept-proposals]');
    await expect.poll(() => page.locator('[data-test=bindings] tr').count()).toBe(11);
  });
});
