import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FormView } from '../../shared/domain/grid.js';
import { launchChromium } from './support/chromium.js';
import { cellText, typeInto } from './support/grid-page.js';
import { callApi } from './support/host-api.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

const artifacts = join(process.cwd(), 'tests', '.artifacts');

/**
 * Many units in Chromium (issue 12): a county with two parks, one of them with two townships,
 * set up in the 填报单位 dialog; figures typed in each unit's form; the 单位对比 view shows the
 * park's 汇总, the 合计 row (the county's 汇总) equal to the sum of the rows, the ranks, and a
 * ratio consolidated as Σ分子/Σ分母.
 */
describe('汇总 and the unit comparison view in the browser host', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let formId = 0;
  const ids = new Map<string, number>();
  const id = (code: string): number => ids.get(code) ?? Number.NaN;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-units-'));
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  async function addUnit(code: string, name: string, parent: string): Promise<void> {
    await page.fill('[data-test=unit-code]', code);
    await page.fill('[data-test=unit-name]', name);
    await page.selectOption('[data-test=units-dialog] select', { label: parent });
    await page.click('[data-test=unit-add]');
    await expect.poll(() => page.locator('[data-test=unit-row]', { hasText: name }).count(), { timeout: 10_000 }).toBe(1);
  }

  /** Chooses a unit in the toolbar and waits for its form view. */
  async function chooseUnit(name: string): Promise<void> {
    await page.selectOption('[data-test=unit-select]', { label: name });
    const units = await callApi(host, 'units:list');
    const unitId = String(units.find((u) => u.name === name)?.id);
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-unit'), { timeout: 15_000 }).toBe(unitId);
  }

  async function view(unitName: string): Promise<FormView> {
    const units = await callApi(host, 'units:list');
    return callApi(host, 'grid:formView', { formId, unitId: units.find((u) => u.name === unitName)?.id ?? 0, period: '2024-01' });
  }

  /** Types 规上产值 (1-1月累计), 隐患数 and 已整改数 (本月) into the unit's January form. */
  async function typeFigures(unitName: string, output: string, found: string, fixed: string): Promise<void> {
    await chooseUnit(unitName);
    const v = await view(unitName);
    const row = (code: string): number => v.rows.findIndex((r) => r.code === code);
    const col = (key: 'month' | 'cumulative'): number => v.columns.findIndex((c) => c.key === key) + 3;
    await typeFigure(row('A01'), col('cumulative'), output, Number(output).toLocaleString('en-US', { minimumFractionDigits: 1 }));
    await typeFigure(row('D02'), col('month'), found, found);
    await typeFigure(row('D03'), col('month'), fixed, fixed);
  }

  /**
   * Types a figure and waits for the grid to show it. On a busy machine the first keystroke after
   * choosing another unit is sometimes lost while the grid repaints (seen as "500.2" for
   * "1500.2"): then the figure is typed again, as a clerk would.
   */
  async function typeFigure(row: number, col: number, text: string, shown: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await typeInto(page, row, col, text);
      try {
        await expect.poll(() => cellText(page, row, col), { timeout: 5_000 }).toBe(shown);
        return;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }

  it('sets up a county with two parks and two townships in the 填报单位 dialog', async () => {
    await page.goto(host.url);
    await page.fill('[data-test=new-name]', '全县汇总');
    await page.click('[data-test=create]');
    await expect.poll(() => page.locator('[data-test=workbook-name]').innerText(), { timeout: 15_000 }).toBe('全县汇总.statbench');
    const catalog = await callApi(host, 'catalog:get', {});
    formId = catalog.form.id;
    for (const item of catalog.items) if (item.type === 'indicator') ids.set(item.indicator.code, item.indicator.id);
    // A 比率 defined by its components, as the catalog dialog saves it: 整改率 = 已整改 / 隐患.
    const withRate = await callApi(host, 'catalog:addIndicator', {
      formId,
      afterItemId: null,
      fields: { code: 'D04', name: '隐患整改率', unit: '%', decimals: 1, kind: 'ratio', entryBasis: 'month', parentId: null, growthBasis: 'nominal', numeratorId: id('D03'), denominatorId: id('D02') },
    });
    for (const item of withRate.items) if (item.type === 'indicator') ids.set(item.indicator.code, item.indicator.id);
    await page.goto(host.url);
    await expect.poll(() => page.locator('[data-test=view-title]').count(), { timeout: 15_000 }).toBe(1);
    await page.selectOption('[data-test=year-select]', '2024');
    await page.selectOption('[data-test=month-select]', '1');
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-period'), { timeout: 15_000 }).toBe('2024-01');

    await page.click('[data-test=open-units]');
    await expect.poll(() => page.locator('[data-test=units-dialog]').count(), { timeout: 10_000 }).toBe(1);
    await addUnit('100', '甲园区', '本园区');
    await addUnit('200', '乙园区', '本园区');
    await addUnit('110', '东镇', '甲园区');
    await addUnit('120', '西镇', '甲园区');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'units-dialog-1366x768.png') });
    await page.click('[data-test=units-dialog] header button');
    await expect.poll(() => page.locator('[data-test=units-dialog]').count(), { timeout: 10_000 }).toBe(0);
    const units = await callApi(host, 'units:list');
    expect(units.map((u) => u.name)).toEqual(['本园区', '甲园区', '东镇', '西镇', '乙园区']);
  });

  it('takes figures typed in each unit’s form', async () => {
    await typeFigures('东镇', '1200.5', '40', '38');
    await typeFigures('西镇', '800', '10', '5');
    await typeFigures('乙园区', '1500.2', '30', '30');
  });

  it('shows the county’s 汇总 as a read-only form view', async () => {
    await chooseUnit('本园区');
    await page.check('[data-test=show-consolidated]');
    await expect.poll(() => page.locator('[data-test=view-title]').innerText(), { timeout: 15_000 }).toContain('本园区（汇总）');
    const v = await view('东镇');
    const row = v.rows.findIndex((r) => r.code === 'A01');
    const col = v.columns.findIndex((c) => c.key === 'cumulative') + 3;
    await expect.poll(() => cellText(page, row, col), { timeout: 15_000 }).toBe('3,500.7');
    expect(await page.locator('[data-test=form-notes]').innerText()).toContain('汇总范围：“本园区”下2024年1月在用的3个填报单位');
    // Read-only: typing into the total changes nothing.
    await typeInto(page, row, col, '1');
    await expect.poll(() => cellText(page, row, col), { timeout: 15_000 }).toBe('3,500.7');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'consolidated-form-1366x768.png') });
    await page.uncheck('[data-test=show-consolidated]');
    await expect.poll(() => page.locator('[data-test=view-title]').innerText(), { timeout: 15_000 }).not.toContain('（汇总）');
  });

  it('shows the park’s 汇总, the 合计 as the sum of the rows, the ranks and the ratio as Σ分子/Σ分母', async () => {
    await page.click('[data-test=open-compare]');
    await expect.poll(() => page.locator('[data-test=comparison-row]').count(), { timeout: 15_000 }).toBe(4);
    // Choose the ratio too (the first three indicators are shown at first).
    await page.click('[data-test=comparison-pick-indicators]');
    await page.check('[data-test=pick-D04]');
    await page.click('[data-test=comparison-pick-indicators]');
    const a01 = id('A01');
    const d04 = id('D04');
    await expect.poll(() => page.locator(`[data-test=total-${d04}-cumulative]`).count(), { timeout: 15_000 }).toBe(1);

    const rowCell = (unit: string, indicatorId: number, figure: string) => page.locator(`[data-test=comparison-row][data-unit="${unit}"] [data-test=cell-${indicatorId}-${figure}]`);
    const text = async (unit: string, indicatorId: number, figure: string): Promise<string> => (await rowCell(unit, indicatorId, figure).innerText()).trim();
    const total = async (indicatorId: number, figure: string): Promise<string> => (await page.locator(`[data-test=total-${indicatorId}-${figure}]`).innerText()).trim();

    // Rows in tree order: the park (its 汇总), its townships, the other park.
    expect(await page.locator('[data-test=comparison-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')))).toEqual(['甲园区', '东镇', '西镇', '乙园区']);
    // 甲园区 = 东镇 + 西镇.
    expect(await text('甲园区', a01, 'cumulative')).toBe('2,000.5');
    // 合计 = 甲园区 + 乙园区 = 3,500.7, and it equals the sum of the top-level rows as shown.
    expect(await total(a01, 'cumulative')).toBe('3,500.7');
    const sum = [await text('甲园区', a01, 'cumulative'), await text('乙园区', a01, 'cumulative')].reduce((s, t) => s + Number(t.replaceAll(',', '')), 0);
    expect(Number((await total(a01, 'cumulative')).replaceAll(',', ''))).toBeCloseTo(sum, 6);
    // Ranks among siblings by 累计: 甲园区 2,000.5 > 乙园区 1,500.2; 东镇 > 西镇.
    expect(await text('甲园区', a01, 'rank')).toBe('1/2');
    expect(await text('乙园区', a01, 'rank')).toBe('2/2');
    expect(await text('东镇', a01, 'rank')).toBe('1/2');
    expect(await text('西镇', a01, 'rank')).toBe('2/2');
    // 占全县比重: 1,500.2 / 3,500.7.
    expect(await text('乙园区', a01, 'share')).toBe('42.9');
    // The ratio: 东镇 95.0%, 西镇 50.0% → 甲园区 43/50 = 86.0% (not the mean 72.5%); county 73/80 = 91.3%.
    expect(await text('东镇', d04, 'cumulative')).toBe('95.0');
    expect(await text('西镇', d04, 'cumulative')).toBe('50.0');
    expect(await text('甲园区', d04, 'cumulative')).toBe('86.0');
    expect(await total(d04, 'cumulative')).toBe('91.3');
    expect(await page.locator('[data-test=comparison-notes]').innerText()).toContain('比率由分子、分母汇总后重算，不取平均');

    // Sorted by 累计 ascending (second click): 乙园区 first, the townships sorted within their park.
    await page.click(`[data-test=sort-${a01}-cumulative]`);
    await page.click(`[data-test=sort-${a01}-cumulative]`);
    await expect
      .poll(() => page.locator('[data-test=comparison-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit'))), { timeout: 10_000 })
      .toEqual(['乙园区', '甲园区', '西镇', '东镇']);
  });

  it('takes a target typed in the comparison view and shows 完成率 against 时间进度', async () => {
    const a01 = id('A01');
    await page.check('.figure-toggles input[value=target]');
    await page.check('.figure-toggles input[value=progressGap]');
    const target = page.locator(`[data-test=comparison-row][data-unit="乙园区"] [data-test=cell-${a01}-target]`);
    await target.dblclick();
    await page.fill('[data-test=target-input]', '15002');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await page.locator(`[data-test=comparison-row][data-unit="乙园区"] [data-test=cell-${a01}-completion]`).innerText()).trim(), { timeout: 15_000 }).toBe('10.0');
    // January: 时间进度 8.3%, so 10.0% is ahead of it by 1.7 points.
    expect(await page.locator(`[data-test=comparison-row][data-unit="乙园区"] [data-test=cell-${a01}-progressGap]`).innerText()).toContain('1.7');
    const units = await callApi(host, 'units:list');
    const stored = await callApi(host, 'grid:formView', { formId, unitId: units.find((u) => u.name === '乙园区')?.id ?? 0, period: '2024-01' });
    expect(stored.rows.find((r) => r.code === 'A01')?.cells.target?.value).toBe('15002');

    // A column pasted from Excel onto 甲园区's target: rows follow the units as shown (乙园区, 甲园区, 西镇, 东镇).
    const paste = async (unit: string, text: string): Promise<void> => {
      const cell = page.locator(`[data-test=comparison-row][data-unit="${unit}"] [data-test=cell-${a01}-target]`);
      await cell.focus();
      await cell.evaluate((el, clip) => {
        const data = new DataTransfer();
        data.setData('text/plain', clip);
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, text);
    };
    await paste('甲园区', '一千\r\n2000\r\n');
    await expect.poll(() => page.locator('[data-test=comparison-error]').innerText(), { timeout: 10_000 }).toContain('粘贴的第1行第1列（甲园区 · 规模以上工业总产值 年度目标）');
    await paste('甲园区', '4000\r\n2000\r\n');
    await expect.poll(async () => (await page.locator(`[data-test=comparison-row][data-unit="西镇"] [data-test=cell-${a01}-completion]`).innerText()).trim(), { timeout: 15_000 }).toBe('40.0');
    expect((await page.locator(`[data-test=comparison-row][data-unit="甲园区"] [data-test=cell-${a01}-target]`).innerText()).trim()).toBe('4,000.0');
    expect(await page.locator('[data-test=comparison-error]').count()).toBe(0);

    // Export as shown: the browser receives the .xlsx as a download, and it reads back.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-test=comparison-export]')]);
    expect(download.suggestedFilename()).toBe('单位对比-本园区-2024年1月.xlsx');
    const received = join(mkdtempSync(join(tmpdir(), 'statbench-e2e-desk-')), download.suggestedFilename());
    await download.saveAs(received);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(received);
    const sheet = book.getWorksheet('单位对比');
    if (sheet === undefined) throw new Error('the download has no sheet 单位对比');
    const labels = (sheet.getColumn(1).values as unknown[]).map((v) => (typeof v === 'string' ? v.trim() : ''));
    expect(labels).toEqual(expect.arrayContaining(['合计', '甲园区', '乙园区', '东镇', '西镇']));
    // The dialog offers the download again (the browser host's 打开).
    await expect.poll(() => page.locator('[data-test=comparison-exported]').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('[data-test=comparison-dialog] [data-test=export-download]').innerText()).toContain('单位对比-本园区-2024年1月.xlsx');

    mkdirSync(artifacts, { recursive: true });
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      const file = join(artifacts, `comparison-${width}x${height}.png`);
      await page.screenshot({ path: file });
      expect(statSync(file).size).toBeGreaterThan(10_000);
    }
  });

  it('imports an enterprise list, refusing the row with an invalid 统一社会信用代码', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-test=comparison-dialog]').count(), { timeout: 10_000 }).toBe(0);
    await chooseUnit('本园区');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名录');
    for (const row of [
      ['企业名称', '统一社会信用代码', '所属单位', '行业代码', '规模', '国家高新技术企业', '雏鹰企业', '联系电话'],
      ['甲科技有限公司', '91350100M000100Y43', '东镇', 'C3911', '规上', '2023-01', '', '123'],
      ['乙制造有限公司', '914403001922038216', '乙园区', 'C3411', '规下', '2022-03至2025-12', '2023-06', ''],
      ['丙材料有限公司', '91350100M000100Y44', '西镇', 'C2641', '规上', '2023-05', '', ''],
    ]) {
      sheet.addRow(row);
    }
    await workbook.xlsx.writeFile(join(home, '企业名录.xlsx'));

    await page.click('[data-test=menu-data]');
    await page.click('[data-test=menu-roster]');
    await expect.poll(() => page.locator('[data-test=roster-dialog]').count(), { timeout: 10_000 }).toBe(1);
    await page.fill('[data-test=roster-path]', '企业名录.xlsx');
    await page.click('[data-test=roster-preview]');
    await expect.poll(() => page.locator('[data-test=roster-preview-row]').count(), { timeout: 15_000 }).toBe(3);
    const refused = page.locator('[data-test=roster-preview-row][data-row="4"]');
    expect(await refused.getAttribute('class')).toContain('refused');
    expect(await refused.innerText()).toContain('校验位不符（第18位应为“3”）');
    expect(await page.locator('[data-test=roster-preview-summary]').innerText()).toContain('未识别的列（不导入）：联系电话');
    await page.screenshot({ path: join(artifacts, 'roster-preview-1366x768.png') });
    // The same file chosen in the file picker (uploaded, not typed) previews the same rows.
    await page.locator('[data-test=roster-drop] input[type=file]').setInputFiles(join(home, '企业名录.xlsx'));
    await expect.poll(() => page.locator('[data-test=roster-path]').inputValue(), { timeout: 15_000 }).toContain('上传');
    await expect.poll(() => page.locator('[data-test=roster-preview-row]').count(), { timeout: 15_000 }).toBe(3);
    expect(await page.locator('[data-test=roster-commit]').innerText()).toBe('导入 2 行（1 行被拒绝，不导入）');
    await page.click('[data-test=roster-commit]');
    await expect.poll(() => page.locator('[data-test=roster-row]').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator('[data-test=roster-result]').innerText()).toContain('拒绝 1 行：第4行 丙材料有限公司');
    // January 2024: both hold 高新技术企业, 乙 is also a 雏鹰企业.
    // The counts are asked for after the rows, in a request of their own.
    await expect
      .poll(() => page.locator('[data-test=roster-counts]').innerText(), { timeout: 15_000 })
      .toContain('企业 2 家，其中规上 1 家；高新技术企业 2 家；雏鹰企业 1 家');
    const stored = await callApi(host, 'roster:list', { unitId: (await callApi(host, 'units:list'))[0]?.id ?? 0 });
    expect(stored.map((e) => e.creditCode).sort()).toEqual(['91350100M000100Y43', '914403001922038216']);

    // 国家高新技术企业数 counted from the roster: the form shows it as derived, for this month.
    await page.selectOption('[data-test=roster-source-C01]', '高新技术企业');
    await expect.poll(async () => (await callApi(host, 'roster:sources')).length, { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: join(artifacts, 'roster-1366x768.png') });
    await page.click('[data-test=roster-dialog] header button');
    const v = await view('本园区');
    const row = v.rows.findIndex((r) => r.code === 'C01');
    const col = v.columns.findIndex((c) => c.key === 'month') + 3;
    await expect.poll(() => cellText(page, row, col), { timeout: 15_000 }).toBe('2');
    expect(v.rows[row]?.cells.month).toMatchObject({ state: 'derived', editable: false, remark: '取自企业名录：高新技术企业（期末数）' });
  });

  it('adds a project that moves from 签约 to 开工, and the form’s project counts follow', async () => {
    // A month-end count of projects under construction, read from the ledger (set up as the catalog dialog would).
    const catalog = await callApi(host, 'catalog:addIndicator', {
      formId,
      afterItemId: null,
      fields: { code: 'B04', name: '开工项目个数', unit: '个', decimals: 0, kind: 'stock', entryBasis: 'month', parentId: null, growthBasis: 'nominal' },
    });
    for (const item of catalog.items) if (item.type === 'indicator') ids.set(item.indicator.code, item.indicator.id);
    await page.reload();
    await expect.poll(() => page.locator('[data-test=view-title]').count(), { timeout: 15_000 }).toBe(1);
    await page.selectOption('[data-test=year-select]', '2024');
    await page.selectOption('[data-test=month-select]', '1');
    await chooseUnit('本园区');

    const openLedger = async (): Promise<void> => {
      await page.click('[data-test=menu-data]');
      await page.click('[data-test=menu-projects]');
      await expect.poll(() => page.locator('[data-test=projects-dialog]').count(), { timeout: 10_000 }).toBe(1);
    };
    await openLedger();
    await page.selectOption('[data-test=project-source-B03]', 'signed');
    await page.selectOption('[data-test=project-source-B04]', 'status:开工');
    await expect.poll(async () => (await callApi(host, 'projects:sources')).length, { timeout: 10_000 }).toBe(2);
    await page.fill('[data-test=project-name]', '新能源电池项目');
    await page.selectOption('[data-test=project-unit]', { label: '东镇' });
    await page.fill('[data-test=project-total]', '2.5亿元');
    await page.click('[data-test=project-add]');
    const row = page.locator('[data-test=project-row][data-name="新能源电池项目"]');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.innerText()).toContain('25,000.0');
    // The status is saved while 本月完成投资 is being typed: the reply re-renders the row, and the
    // typed figure must survive it (it used to be wiped back to the stored blank).
    await row.locator('[data-test=project-month]').fill('1200.5');
    await row.locator('[data-test=project-status]').evaluate((select: HTMLSelectElement) => {
      select.value = '签约';
      select.dispatchEvent(new Event('change'));
    });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('签约');
    expect(await row.locator('[data-test=project-month]').inputValue()).toBe('1200.5');
    await row.locator('[data-test=project-month]').press('Tab');
    await expect.poll(async () => (await row.innerText()).includes('4.8'), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: join(artifacts, 'projects-1366x768.png') });
    await page.click('[data-test=projects-dialog] header button');

    const v = await view('本园区');
    const col = v.columns.findIndex((c) => c.key === 'month') + 3;
    const signedRow = v.rows.findIndex((r) => r.code === 'B03');
    const startedRow = v.rows.findIndex((r) => r.code === 'B04');
    await expect.poll(() => cellText(page, signedRow, col), { timeout: 15_000 }).toBe('1');
    await expect.poll(() => cellText(page, startedRow, col), { timeout: 15_000 }).toBe('0');

    await openLedger();
    await row.locator('[data-test=project-status]').selectOption('开工');
    await expect.poll(async () => (await callApi(host, 'projects:list', { unitId: v.unitId }))[0]?.statusHistory.length, { timeout: 10_000 }).toBe(2);
    // Exported with its Chinese headers, the ledger reads back unchanged in the import preview.
    await page.click('[data-test=projects-export]');
    await expect.poll(() => statSync(join(home, '项目台账-本园区.xlsx'), { throwIfNoEntry: false })?.size ?? 0, { timeout: 10_000 }).toBeGreaterThan(3_000);
    await page.fill('[data-test=projects-path]', '项目台账-本园区.xlsx');
    await page.click('[data-test=projects-preview]');
    await expect.poll(() => page.locator('[data-test=projects-preview-row]').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('[data-test=projects-preview-row]').innerText()).toContain('不变');
    await page.click('[data-test=projects-dialog] header button');
    await expect.poll(() => cellText(page, startedRow, col), { timeout: 15_000 }).toBe('1');
    expect(await cellText(page, signedRow, col)).toBe('1');
  });
});
