import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY_TEMPLATES, writeCountyTemplate } from '../fixtures/county-templates.js';
import { convertWithLibreOffice } from '../fixtures/libreoffice.js';
import { pdfPageCount } from '../fixtures/pdf-pages.js';
import { launchChromium } from './support/chromium.js';
import { expectCell, statusMessage } from './support/grid-page.js';
import { callApi } from './support/host-api.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

/** Drops files (from this machine's disk) onto the element `selector` together, as a clerk drags them from the desktop. */
async function dropFiles(page: Page, selector: string, files: ReadonlyArray<{ file: string; name: string }>): Promise<void> {
  await page.evaluate(
    ({ selector, dropped }) => {
      const transfer = new DataTransfer();
      for (const { base64, name } of dropped) transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name));
      const target = document.querySelector(selector);
      if (target === null) throw new Error(`no ${selector}`);
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { selector, dropped: files.map(({ file, name }) => ({ base64: readFileSync(file).toString('base64'), name })) },
  );
}

/** Drops one file onto the element `selector`. */
function dropFile(page: Page, selector: string, file: string, name: string): Promise<void> {
  return dropFiles(page, selector, [{ file, name }]);
}

describe('files in the browser host: upload by drag and drop, download the export', () => {
  let home: string;
  let desk: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const fixture = COUNTY_TEMPLATES.find((t) => t.file === '期别行在表头上方.xlsx');

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-files-'));
    // The clerk's own folder, outside the host's data folder: files reach the host only by upload.
    desk = mkdtempSync(join(tmpdir(), 'statbench-e2e-desk-'));
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('registers a template dropped onto the page, maps it, exports it and hands over the download', async () => {
    if (fixture === undefined) throw new Error('fixture missing');
    const template = await writeCountyTemplate(desk, fixture);
    await page.goto(host.url);
    await page.click('[data-test=demo]');
    await expectCell(page, 1, 4, '863,300.0');
    await page.click('[data-test=view-templates]');

    await dropFile(page, '[data-test=register-drop]', template, fixture.file);
    await expect.poll(() => statusMessage(page), { timeout: 60_000 }).toContain('已注册模板');
    expect(readdirSync(join(home, '上传'))).toEqual([fixture.file]);
    await expect.poll(() => page.locator('.template-grid').innerText()).toContain('招商引资到位额');

    await page.click('[data-test=auto-map]');
    await expect.poll(() => page.locator('[data-test=proposals] tbody tr').count()).toBeGreaterThan(3);
    await page.click('[data-test=accept-proposals]');
    await page.click('[data-test=save-bindings]');
    await expect.poll(() => statusMessage(page)).toMatch(/已保存 \d+ 个映射/);

    // 导出并下载: the browser receives the filled copy at once, no link to click first.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-test=export]')]);
    // The status names the file, not the host's folder; the link downloads it again.
    await expect.poll(() => statusMessage(page), { timeout: 60_000 }).toMatch(/^已导出：[^/\\]+\.xlsx/);
    expect(await statusMessage(page)).not.toContain(home);
    await page.locator('[data-test=export-download]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-test=export-dir]').count()).toBe(0);
    await page.screenshot({ path: join(process.cwd(), 'tests', '.artifacts', 'files-templates-1366.png') });
    const saved = join(desk, download.suggestedFilename());
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(saved);
    const sheet = book.getWorksheet(fixture.sheet);
    if (sheet === undefined) throw new Error(`the download lost the sheet ${fixture.sheet}`);
    expect(sheet.getCell('C5').value).toBe(184000);

    // The township sends it back corrected; the clerk picks it with the file chooser.
    sheet.getCell('C5').value = 190000;
    const returned = join(desk, '返回-京滨工业园.xlsx');
    await book.xlsx.writeFile(returned);
    await page.locator('[data-test=import-drop] input[type=file]').setInputFiles(returned);
    await expect.poll(() => page.locator('[data-test=import-paths]').inputValue(), { timeout: 60_000 }).toContain('返回-京滨工业园.xlsx');
    await page.click('[data-test=import-preview]');
    await expect.poll(() => page.locator('[data-test=import-counts]').innerText(), { timeout: 60_000 }).toMatch(/修改 1/);
    await page.click('[data-test=import-commit]');
    await expect.poll(() => statusMessage(page)).toContain('已导入');
    // The audit of what was imported runs at once; its summary stays until the clerk closes it.
    await page.locator('[data-test=import-audit]').waitFor({ timeout: 60_000 });
    await page.click('[data-test=import-close]');
    await page.locator('[data-test=import-preview-dialog]').waitFor({ state: 'detached', timeout: 15_000 });
    expect(existsSync(join(home, '上传', '返回-京滨工业园.xlsx'))).toBe(true);
  });

  it('takes two units’ returned copies dropped together: one preview of both, one commit, both in the grid', async () => {
    if (fixture === undefined) throw new Error('fixture missing');
    // The county sends the template to every unit (one download, a .zip of one file per unit) …
    await page.getByLabel('所有填报单位（每个单位一个文件）').check();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-test=export]')]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    await expect.poll(() => statusMessage(page), { timeout: 60_000 }).toMatch(/^已导出 \d+ 个文件：/);
    expect(await statusMessage(page)).not.toContain(home);
    await expect.poll(() => page.locator('[data-test=export-download]').innerText(), { timeout: 60_000 }).toContain('.zip');
    const zipped = join(desk, download.suggestedFilename());
    await download.saveAs(zipped);
    const zip = await JSZip.loadAsync(readFileSync(zipped));
    // One copy per unit, as many as the status says were written.
    const copies = Object.keys(zip.files).filter((name) => name.endsWith('.xlsx')).length;
    expect(copies).toBeGreaterThan(2);
    expect(await statusMessage(page)).toContain(`已导出 ${copies} 个文件：`);
    // … and two townships send theirs back filled in: 本月 招商引资到位额 in B5.
    const typed = new Map([
      ['梅厂镇', 1200],
      ['大碱厂镇', 3400],
    ]);
    const returned: Array<{ file: string; name: string }> = [];
    for (const [unit, amount] of typed) {
      const entry = Object.values(zip.files).find((f) => f.name.includes(unit));
      if (entry === undefined) throw new Error(`the .zip has no copy for ${unit}: ${Object.keys(zip.files).join(', ')}`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await entry.async('arraybuffer'));
      const sheet = book.getWorksheet(fixture.sheet);
      if (sheet === undefined) throw new Error(`${entry.name} lost the sheet ${fixture.sheet}`);
      sheet.getCell('B5').value = amount;
      const file = join(desk, `返回-${entry.name}`);
      await book.xlsx.writeFile(file);
      returned.push({ file, name: `返回-${entry.name}` });
    }

    await dropFiles(page, '[data-test=import-drop]', returned);
    await expect.poll(() => page.locator('[data-test=import-paths]').inputValue(), { timeout: 60_000 }).toContain('大碱厂镇');
    expect((await page.locator('[data-test=import-paths]').inputValue()).split('\n').filter((p) => p.trim() !== '')).toHaveLength(2);
    await page.click('[data-test=import-preview]');
    const dialog = page.locator('[data-test=import-preview-dialog]');
    await dialog.waitFor({ timeout: 60_000 });
    await expect.poll(() => dialog.locator('h2').innerText()).toContain('2 个文件');
    // One figure from each copy (the townships' demo figures are there already: new or changed), nothing refused.
    const taken = async (): Promise<string> => {
      const counts = /新增 (\d+) · 修改 (\d+) · 不变 \d+ ·\s*问题 (\d+)/.exec(await page.locator('[data-test=import-counts]').innerText());
      return counts ? `${Number(counts[1]) + Number(counts[2])} taken, ${counts[3]} problems` : '';
    };
    await expect.poll(taken, { timeout: 60_000 }).toBe('2 taken, 0 problems');
    const unitsShown = await dialog.locator('[data-test=import-row] td:nth-child(2)').allInnerTexts();
    expect(new Set(unitsShown)).toEqual(new Set(['梅厂镇', '大碱厂镇']));
    await page.screenshot({ path: join(process.cwd(), 'tests', '.artifacts', 'files-import-two-1366.png') });
    await page.click('[data-test=import-commit]');
    await expect.poll(() => statusMessage(page), { timeout: 60_000 }).toContain('已导入 2 个单元格');
    await page.locator('[data-test=import-audit]').waitFor({ timeout: 60_000 });
    await page.click('[data-test=import-close]');
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });

    // Each township's form shows its own figure.
    await page.click('[data-test=view-form]');
    const units = await callApi(host, 'units:list');
    for (const [unit, amount] of typed) {
      const unitId = units.find((u) => u.name === unit)?.id ?? 0;
      await page.selectOption('[data-test=unit-select]', { label: unit });
      await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-unit'), { timeout: 15_000 }).toBe(String(unitId));
      const { form } = await callApi(host, 'catalog:get', {});
      const view = await callApi(host, 'grid:formView', { formId: form.id, unitId, period: '2023-11' });
      const row = view.rows.findIndex((r) => r.code === 'B01');
      const col = view.columns.findIndex((c) => c.key === 'month') + 3;
      await expectCell(page, row, col, amount.toLocaleString('en-US', { minimumFractionDigits: 1 }));
    }
    await page.selectOption('[data-test=unit-select]', { label: '京滨工业园' });
    await expectCell(page, 1, 4, '863,300.0');
  }, 240_000);

  it('downloads the form view as a submission-grade .xlsx that prints on one page', async () => {
    await page.click('[data-test=view-form]');
    await page.click('[data-test=open-export]');
    await page.fill('[data-test=export-name]', '月报-京滨工业园');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-test=export-run]')]);
    expect(download.suggestedFilename()).toBe('月报-京滨工业园.xlsx');
    const saved = join(desk, download.suggestedFilename());
    await download.saveAs(saved);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(saved);
    const sheet = book.worksheets[0];
    if (sheet === undefined) throw new Error('no sheet');
    const row = (code: string) => sheet.getRows(1, sheet.rowCount)?.find((r) => r.getCell(2).value === code);
    expect(row('A0201')?.getCell(1).value).toBe('其中：工业投资');
    expect(row('A0201')?.getCell(1).alignment.indent).toBe(1);
    expect(row('A01')?.getCell(5).border.bottom?.style).toBe('thin');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, printTitlesRow: '3:3' });

    const pdf = await convertWithLibreOffice(saved, 'pdf', join(desk, 'pdf'));
    expect(await pdfPageCount(pdf)).toBe(1);
  }, 240_000);

  it('refuses the same template dropped again, renames and removes it', async () => {
    if (fixture === undefined) throw new Error('fixture missing');
    await page.click('[data-test=view-templates]');
    await dropFile(page, '[data-test=register-drop]', join(desk, fixture.file), '招商月报-副本.xlsx');
    await expect.poll(() => statusMessage(page), { timeout: 60_000 }).toContain('已登记为模板“期别行在表头上方”');
    expect(await page.locator('[data-test=template-select] option').allInnerTexts()).toEqual([`期别行在表头上方（${fixture.file}，12 个映射）`]);
    expect(await page.inputValue('[data-test=register-path]')).toBe('');

    await page.click('[data-test=template-rename]');
    await page.fill('[data-test=template-name]', '招商引资月报');
    await page.press('[data-test=template-name]', 'Enter');
    await expect.poll(() => page.locator('[data-test=template-select] option').allInnerTexts()).toEqual([`招商引资月报（${fixture.file}，12 个映射）`]);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(process.cwd(), 'tests', '.artifacts', 'files-templates-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    await page.click('[data-test=template-remove]');
    await expect.poll(() => page.locator('[data-test=template-remove]').innerText()).toBe('确认删除');
    await page.click('[data-test=template-remove]');
    await expect.poll(() => statusMessage(page)).toContain('已删除模板“招商引资月报”');
    expect(await page.locator('[data-test=template-select] option').count()).toBe(0);
  });

  it('refuses a path outside the data folder typed into the box, with a Chinese message', async () => {
    if (fixture === undefined) throw new Error('fixture missing');
    await page.click('[data-test=view-templates]');
    await page.fill('[data-test=register-path]', join(desk, fixture.file));
    await page.click('[data-test=register]');
    await expect.poll(() => statusMessage(page)).toContain('不在数据文件夹');
  });
});
