import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FormColumn, type FormView } from '../../shared/domain/grid.js';
import { launchChromium } from './support/chromium.js';
import { cellClasses, cellText, cellTitle, columnTitles, expectCell, revealCell, selectCell, statusMessage, typeInto } from './support/grid-page.js';
import { callApi } from './support/host-api.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

const artifacts = join(process.cwd(), 'tests', '.artifacts');

/**
 * The figure model as a clerk meets it in Chromium (issue 7): 本月 and 累计 both typeable with a
 * mismatch kept and marked, a month without data never counted as 0, 比率 rows in 百分点, analysis
 * columns and display units saved with the form, and undo that shows where it happened.
 */
describe('the figure model in the browser host', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let formId = 0;
  let unitId = 0;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-figures-'));
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const formView = (period: string): Promise<FormView> => callApi(host, 'grid:formView', { formId, unitId, period });

  /** Grid row of an indicator (sections are rows too, as in the view model). */
  async function rowOf(code: string, period = '2024-01'): Promise<number> {
    const index = (await formView(period)).rows.findIndex((r) => r.code === code);
    expect(index, `row of ${code}`).toBeGreaterThanOrEqual(0);
    return index;
  }

  /** Grid column of a figure column: after 指标名称 · 代码 · 计量单位, in the view's order. */
  async function colOf(key: FormColumn, period = '2024-01'): Promise<number> {
    const index = (await formView(period)).columns.findIndex((c) => c.key === key);
    expect(index, `column ${key}`).toBeGreaterThanOrEqual(0);
    return index + 3;
  }

  async function choosePeriod(year: string, month: string): Promise<void> {
    await page.selectOption('[data-test=year-select]', year);
    await page.selectOption('[data-test=month-select]', month);
    // Wait for the view of that period itself, not just the toolbar: typing earlier would land in the old one.
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-period'), { timeout: 15_000 }).toBe(`${year}-${month.padStart(2, '0')}`);
  }

  /** Reloads the page and waits until the reopened workbook shows a view. */
  async function reloadPage(): Promise<void> {
    await page.reload();
    await expect.poll(() => page.locator('[data-test=view-title]').count(), { timeout: 15_000 }).toBe(1);
  }

  async function openProperties(): Promise<void> {
    await page.click('[data-test=open-form-properties]');
    await expect.poll(() => page.locator('[data-test=form-properties-dialog]').count(), { timeout: 10_000 }).toBe(1);
  }

  it('creates a workbook with the starter form', async () => {
    await page.goto(host.url);
    await page.fill('[data-test=new-name]', '数据模型测试');
    await page.click('[data-test=create]');
    await expect.poll(() => page.locator('[data-test=workbook-name]').innerText(), { timeout: 15_000 }).toBe('数据模型测试.statbench');
    const catalog = await callApi(host, 'catalog:get', {});
    formId = catalog.form.id;
    unitId = (await callApi(host, 'units:list'))[0]?.id ?? 0;
    expect(unitId).toBeGreaterThan(0);
    await choosePeriod('2024', '1');
    await expectCell(page, await rowOf('A01'), 0, '规模以上工业总产值');
    // The columns come from the view model: 可比口径 stands beside 上年同期累计.
    expect(await columnTitles(page)).toEqual(expect.arrayContaining(['本月', '1月累计', '上年同期累计', '上年同期(可比口径)', '同比增长(%)']));
  });

  it('keeps 本月 and 累计 both as typed when they disagree, and marks the row', async () => {
    const row = await rowOf('A01');
    const month = await colOf('month');
    const cumulative = await colOf('cumulative');
    // January's 本月 600 is 1月止累计; February's figures are typed in the grid.
    await typeInto(page, row, month, '600');
    await expectCell(page, row, month, '600.0');
    await choosePeriod('2024', '2');
    await typeInto(page, row, cumulative, '1000');
    await expectCell(page, row, cumulative, '1,000.0');
    // 本月 not typed: derived from 1-2月累计 − 1月止累计, and shown as derived.
    await expectCell(page, row, month, '400.0');
    expect(await cellClasses(page, row, month)).toContain('sb-derived');

    await typeInto(page, row, month, '300');
    await expectCell(page, row, month, '300.0');
    await expectCell(page, row, cumulative, '1,000.0');
    await expect.poll(() => cellClasses(page, row, month), { timeout: 15_000 }).toContain('sb-mismatch');
    expect(await cellClasses(page, row, cumulative)).toContain('sb-mismatch');
    // The marker's tooltip names the three figures.
    const tip = await cellTitle(page, row, cumulative);
    expect(tip).toContain('600');
    expect(tip).toContain('300');
    expect(tip).toContain('1000');
    expect(await cellTitle(page, row, month)).toBe(tip);
    // So does the row's name, in the frozen columns the clerk sees (drawn by their own overlay).
    const frozenName = page.locator(`.entry-grid .ht_clone_inline_start tbody tr[aria-rowindex="${row + 2}"] td[aria-colindex="2"]`);
    await expect.poll(() => frozenName.getAttribute('title'), { timeout: 15_000 }).toBe(tip);

    // The workbook kept both typed figures: nothing was overwritten.
    const view = await formView('2024-02');
    const a01 = view.rows[row];
    expect(a01?.cells.month).toMatchObject({ value: '300', state: 'mismatch' });
    expect(a01?.cells.cumulative).toMatchObject({ value: '1000', state: 'mismatch' });
    expect(a01?.mismatch).toBe(tip);
  });

  it('leaves 累计 blank and marked when a month has no data (缺2月数据)', async () => {
    const row = await rowOf('A03'); // 一般公共预算收入, typed month by month
    const month = await colOf('month');
    const cumulative = await colOf('cumulative');
    await choosePeriod('2024', '1');
    await typeInto(page, row, month, '10');
    await expectCell(page, row, cumulative, '10.0');
    // February stays blank; March's 本月 is typed.
    await choosePeriod('2024', '3');
    await typeInto(page, row, month, '30');
    await expectCell(page, row, month, '30.0');
    await expectCell(page, row, cumulative, '');
    await expect.poll(() => cellClasses(page, row, cumulative), { timeout: 15_000 }).toContain('sb-missing');
    expect(await cellTitle(page, row, cumulative)).toContain('缺2月数据');
    // Growth on an unknown 累计 is unknown too, never computed on 10 + 0 + 30.
    expect(await cellText(page, row, await colOf('growth'))).toBe('');
    const cell = (await formView('2024-03')).rows[row]?.cells.cumulative;
    expect(cell).toMatchObject({ value: null, state: 'missing' });
    expect(cell?.remark).toContain('缺2月数据');
  });

  it('compares a 比率 row with last year in 百分点', async () => {
    await callApi(host, 'catalog:addIndicator', {
      formId,
      afterItemId: null,
      fields: { code: 'D04', name: '隐患整改率', unit: '%', decimals: 1, kind: 'ratio', entryBasis: 'month', parentId: null, growthBasis: 'nominal' },
    });
    await reloadPage();
    await choosePeriod('2023', '3');
    const row = await rowOf('D04', '2023-03');
    const month = await colOf('month', '2023-03');
    await typeInto(page, row, month, '95.2');
    await expectCell(page, row, month, '95.2');
    await choosePeriod('2024', '3');
    await typeInto(page, row, month, '100');
    await expectCell(page, row, month, '100.0');
    await expectCell(page, row, await colOf('prior_cumulative', '2024-03'), '95.2');
    const growth = await colOf('growth', '2024-03');
    await expectCell(page, row, growth, '+4.8个百分点');
    expect(await cellClasses(page, row, growth)).toContain('sb-computed');
  });

  it('saves the analysis columns switched on in the form properties, across a reload', async () => {
    await openProperties();
    // The dialog takes the keyboard: the name field has focus.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('form-name');
    await page.check('[data-test=analysis-share]');
    await page.check('[data-test=analysis-projection]');
    await page.keyboard.press('Enter'); // Enter saves
    await expect.poll(() => page.locator('[data-test=form-properties-dialog]').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => (await formView('2024-03')).columns.map((c) => c.key), { timeout: 15_000 }).toEqual(expect.arrayContaining(['share', 'projection', 'projectionMethod']));

    await reloadPage();
    await choosePeriod('2024', '3');
    const row = await rowOf('A01', '2024-03');
    const share = await colOf('share', '2024-03');
    const projection = await colOf('projection', '2024-03');
    await revealCell(page, row, share);
    await expect.poll(() => columnTitles(page), { timeout: 15_000 }).toContain('占比(%)');
    await revealCell(page, row, projection);
    await expect.poll(() => columnTitles(page), { timeout: 15_000 }).toContain('预计全年');
    // Computed columns look read-only.
    expect(await cellClasses(page, row, share)).toEqual(expect.arrayContaining(['sb-computed', 'sb-readonly']));

    await openProperties();
    expect(await page.isChecked('[data-test=analysis-share]')).toBe(true);
    expect(await page.isChecked('[data-test=analysis-projection]')).toBe(true);
    expect(await page.isChecked('[data-test=analysis-contribution]')).toBe(false);
    await page.keyboard.press('Escape'); // Esc closes without saving
    await expect.poll(() => page.locator('[data-test=form-properties-dialog]').count(), { timeout: 10_000 }).toBe(0);
  });

  it('shows the form in 亿元 with 舍位平衡: the parts add up to the total as shown', async () => {
    // A total exactly made up of three parts, stored in 万元.
    let view = await callApi(host, 'catalog:addIndicator', {
      formId,
      afterItemId: null,
      fields: { code: 'E01', name: '园区营业收入', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'month', parentId: null, growthBasis: 'nominal' },
    });
    const totalId = view.items.flatMap((i) => (i.type === 'indicator' && i.indicator.code === 'E01' ? [i.indicator.id] : []))[0] ?? 0;
    for (const [code, name] of [
      ['E0101', '工业企业'],
      ['E0102', '商贸企业'],
      ['E0103', '服务业企业'],
    ] as const) {
      view = await callApi(host, 'catalog:addIndicator', {
        formId,
        afterItemId: null,
        fields: { code, name, unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'month', parentId: totalId, growthBasis: 'nominal' },
      });
    }
    await reloadPage();
    await choosePeriod('2024', '1');
    await openProperties();
    await page.selectOption('[data-test=display-unit]', '亿元');
    await page.selectOption('[data-test=display-decimals]', '2');
    await page.check('[data-test=balance-rounding]');
    await page.click('[data-test=form-properties-save]');
    await expect.poll(() => page.locator('[data-test=form-properties-dialog]').count(), { timeout: 15_000 }).toBe(0);

    const total = await rowOf('E01');
    const parts = [await rowOf('E0101'), await rowOf('E0102'), await rowOf('E0103')];
    const month = await colOf('month');
    await expectCell(page, total, 2, '亿元');
    // Typed in 亿元 as shown; stored in 万元.
    await typeInto(page, total, month, '3');
    await expectCell(page, total, month, '3.00');
    const typed = ['1.004', '1.004', '0.992'];
    for (const [i, row] of parts.entries()) {
      await typeInto(page, row, month, typed[i] ?? '');
    }
    await expectCell(page, parts[2] ?? 0, month, '0.99');
    const year = await callApi(host, 'grid:yearView', { formId, unitId, year: 2024, mode: 'month' });
    expect(year.rows.filter((r) => r.code.startsWith('E01')).map((r) => r.months[0]?.value)).toEqual(['30000', '10040', '10040', '9920']);

    // Rounded alone the parts make 1.00 + 1.00 + 0.99 = 2.99; balanced they make the total's 3.00.
    const cents = (text: string): number => Math.round(Number(text.replace(/,/g, '')) * 100);
    await expect
      .poll(async () => {
        let sum = 0;
        for (const row of parts) sum += cents(await cellText(page, row, month));
        return sum;
      }, { timeout: 15_000 })
      .toBe(cents(await cellText(page, total, month)));
    await expect.poll(() => page.locator('[data-test=form-notes]').innerText(), { timeout: 15_000 }).toContain('舍位平衡');
  });

  it('repaints in place what follows from a typed figure: 累计, the 占比 of the rows under it, markers; the selection stays', async () => {
    await choosePeriod('2024', '1');
    const total = await rowOf('E01');
    const part = await rowOf('E0101');
    const last = await rowOf('E0103');
    const month = await colOf('month');
    const cumulative = await colOf('cumulative');
    const share = await colOf('share');
    // 占比 is on (saved with the form above) and in view beside 本月 at 1366×768: no scrolling
    // between the typing and the reading, so what is read is what the save painted.
    await expectCell(page, part, share, '33.5'); // 1.004 亿元 of 3.00
    await typeInto(page, total, month, '4');
    await expectCell(page, total, month, '4.00');
    await expectCell(page, total, cumulative, '4.00');
    await expectCell(page, part, share, '25.1'); // the parent's figure changed, the part's share with it
    // Enter moved the selection down, and the repaint left it there.
    const current = (): Promise<string | null> =>
      page.evaluate(() => {
        const td = document.querySelector('.entry-grid .ht_master td.current');
        return td ? `${Number(td.parentElement?.getAttribute('aria-rowindex')) - 2},${Number(td.getAttribute('aria-colindex')) - 2}` : null;
      });
    expect(await current()).toBe(`${part},${month}`);
    // Tab lands on the 累计 the save changes: F2 there edits the new figure, not the one before.
    await selectCell(page, total, month);
    await page.keyboard.type('5');
    await page.keyboard.press('Tab');
    await expectCell(page, total, cumulative, '5.00');
    expect(await current()).toBe(`${total},${cumulative}`);
    await page.keyboard.press('F2');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.value ?? null), { timeout: 15_000 }).toBe('5.00');
    await page.keyboard.press('Escape');
    await expectCell(page, part, share, '20.1');
    // A negative figure is marked for 负数显示为红色 on every cell it reaches.
    await typeInto(page, last, month, '-0.5');
    await expectCell(page, last, month, '-0.50');
    await expect.poll(() => cellClasses(page, last, cumulative), { timeout: 15_000 }).toContain('sb-neg');
    expect(await cellClasses(page, last, month)).toContain('sb-neg');
    const view = await formView('2024-01');
    expect(await cellText(page, last, share)).toBe(view.rows[last]?.cells.share?.display);
    expect(view.rows[total]?.cells.cumulative?.value).toBe('5'); // in 亿元, as shown
    // What the clerk sees after these saves, repainted cell by cell (looked at: selection, markers, grey read-only).
    await page.screenshot({ path: join(artifacts, 'figure-model-repainted-1366x768.png') });
  });

  it('undoing a change made in another month shows where it happened', async () => {
    const row = await rowOf('A02', '2024-03');
    const cumulative = await colOf('cumulative', '2024-03');
    await choosePeriod('2024', '3');
    await typeInto(page, row, cumulative, '500');
    await expectCell(page, row, cumulative, '500.00'); // the form still shows amounts in 亿元
    await choosePeriod('2024', '4');
    await expect.poll(() => page.locator('[data-test=undo]').isEnabled(), { timeout: 10_000 }).toBe(true);
    await page.click('[data-test=undo]');
    // The view goes back to March (or, at the least, the status names March).
    await expect
      .poll(async () => (await page.inputValue('[data-test=month-select]')) === '3' || (await statusMessage(page)).includes('2024年3月'), { timeout: 15_000 })
      .toBe(true);
    expect(await statusMessage(page)).toContain('已撤销');
    expect(await page.inputValue('[data-test=month-select]')).toBe('3');
    await expectCell(page, row, cumulative, '');
    expect((await formView('2024-03')).rows[row]?.cells.cumulative?.value ?? null).toBeNull();
  });

  it('fits the form with analysis columns and the properties dialog at 1366×768 and 1920×1080 (screenshots)', async () => {
    // Every analysis column on, amounts back in each indicator's unit: the widest form.
    const form = (await callApi(host, 'catalog:get', { formId })).form;
    await callApi(host, 'forms:update', {
      formId,
      name: form.name,
      firstReturnMonth: form.firstReturnMonth,
      options: { ...form.options, moneyDisplayUnit: null, displayDecimals: null, balanceRounding: false, analysisColumns: ['previousCumulative', 'monthOnMonth', 'share', 'contribution', 'twoYearAverage', 'timeProgress', 'projection'] },
    });
    mkdirSync(artifacts, { recursive: true });
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await reloadPage();
      await choosePeriod('2024', '3');
      await expectCell(page, await rowOf('A01', '2024-03'), 0, '规模以上工业总产值');
      // The toolbar stays on one line and the grid ends above the status bar.
      const toolbar = await page.locator('.toolbar').boundingBox();
      expect(toolbar?.height ?? 0).toBeLessThan(48);
      const grid = await page.locator('.entry-grid').boundingBox();
      const status = await page.locator('.statusbar').boundingBox();
      expect((grid?.y ?? 0) + (grid?.height ?? 0)).toBeLessThanOrEqual(status?.y ?? 0);
      expect((grid?.x ?? 0) + (grid?.width ?? 0)).toBeLessThanOrEqual(width);
      const formShot = join(artifacts, `figure-model-form-${width}x${height}.png`);
      await page.screenshot({ path: formShot });
      expect(statSync(formShot).size).toBeGreaterThan(20_000);

      await openProperties();
      // The whole dialog, buttons included, is on screen.
      const dialog = await page.locator('[data-test=form-properties-dialog]').boundingBox();
      expect(dialog?.y ?? -1).toBeGreaterThanOrEqual(0);
      expect((dialog?.y ?? 0) + (dialog?.height ?? 0)).toBeLessThanOrEqual(height);
      await expect.poll(() => page.locator('[data-test=form-properties-save]').isVisible()).toBe(true);
      const dialogShot = join(artifacts, `figure-model-properties-${width}x${height}.png`);
      await page.screenshot({ path: dialogShot });
      expect(statSync(dialogShot).size).toBeGreaterThan(20_000);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('[data-test=form-properties-dialog]').count(), { timeout: 10_000 }).toBe(0);
    }
  });
});
