import { mkdirSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { statusMessage } from './support/grid-page.js';
import { callApi } from './support/host-api.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

const artifacts = join(process.cwd(), 'tests', '.artifacts');

interface SeriesOption {
  name: string;
  type: string;
  data: (number | null)[];
}

/** The ECharts option of a chart on the page (the instance sits on its element, see StatChart.vue). */
function chartSeries(page: Page, test: string): Promise<SeriesOption[] | null> {
  return page.evaluate((selector) => {
    const el = document.querySelector<HTMLElement & { statbenchChart?: { getOption(): { series: SeriesOption[] } } }>(selector);
    const series = el?.statbenchChart?.getOption().series;
    return series ? series.map((s) => ({ name: s.name, type: s.type, data: s.data })) : null;
  }, `[data-test=${test}-canvas]`);
}

/** Pixels of the chart's canvas within a small distance of `rgb` (anti-aliased edges aside). */
function pixelsOfColour(page: Page, test: string, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(
    ([selector, [r, g, b]]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`${selector} canvas`);
      const context = canvas?.getContext('2d');
      if (!canvas || !context) return 0;
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (Math.abs((pixels[i] ?? 0) - r) + Math.abs((pixels[i + 1] ?? 0) - g) + Math.abs((pixels[i + 2] ?? 0) - b) < 24) count += 1;
      }
      return count;
    },
    [`[data-test=${test}-canvas]`, rgb] as const,
  );
}

/** Scripts the page has fetched so far. */
const scriptsLoaded = (page: Page): Promise<string[]> =>
  page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((name) => name.endsWith('.js')));

/** A string only ECharts' own code contains (the attribute it puts on a chart's element), as tests/perf/startup-bench.ts detects it. */
const ECHARTS_MARK = '_echarts_instance_';
/** Which of the fetched scripts (served from the built renderer) hold ECharts. */
const withECharts = async (urls: readonly string[]): Promise<string[]> => {
  const found: string[] = [];
  for (const url of urls) {
    const file = join(process.cwd(), 'dist', 'renderer', 'assets', basename(new URL(url).pathname));
    if ((await readFile(file, 'utf8')).includes(ECHARTS_MARK)) found.push(basename(file));
  }
  return found;
};

/** The dashboard (issue 13) on the demo workbook, in Chromium through the browser host. */
describe('数据看板 in the browser host', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-charts-'));
    mkdirSync(artifacts, { recursive: true });
    host = await startHostProcess(home);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const openDashboard = async (): Promise<void> => {
    await page.click('[data-test=open-dashboard]');
    await expect.poll(() => page.locator('[data-test=dashboard-card-A01] [data-test=card-value]').count(), { timeout: 20_000 }).toBe(1);
  };

  it('shows the demo park’s 2023-11 cards and draws the charts from the figure model', async () => {
    await page.goto(host.url);
    await page.click('[data-test=demo]');
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-period'), { timeout: 20_000 }).toBe('2023-11');
    const beforeCharts = await scriptsLoaded(page);

    await openDashboard();
    const card = page.locator('[data-test=dashboard-card-A01]');
    expect(await card.locator('[data-test=card-value]').innerText()).toBe('863,300.0');
    expect(await card.locator('[data-test=card-growth]').innerText()).toBe('5.9%');
    expect(await card.locator('[data-test=card-completion]').innerText()).toBe('91.8%');

    // The left chart: 2023 累计 by month (bars) against 2022 同期 (line), as the grid shows them.
    await expect.poll(() => chartSeries(page, 'dashboard-chart-0'), { timeout: 20_000 }).not.toBeNull();
    const [thisYear, lastYear] = (await chartSeries(page, 'dashboard-chart-0')) ?? [];
    expect(thisYear).toMatchObject({ name: '2023年累计', type: 'bar' });
    expect(thisYear?.data).toHaveLength(11);
    expect(thisYear?.data.at(-1)).toBe(863300);
    expect(lastYear).toMatchObject({ name: '2022年同期', type: 'line' });
    expect(lastYear?.data).toHaveLength(12);
    // The right chart: 目标完成率 of the cards with a target, 规上工业总产值 first.
    const [completion] = (await chartSeries(page, 'dashboard-chart-1')) ?? [];
    expect(completion?.data[0]).toBeCloseTo(91.84, 2);

    // Drawn, not just configured: the canvases hold the series colours.
    await expect.poll(() => pixelsOfColour(page, 'dashboard-chart-0', [0x1f, 0x6f, 0xb2]), { timeout: 10_000 }).toBeGreaterThan(500);
    await expect.poll(() => pixelsOfColour(page, 'dashboard-chart-1', [0x2e, 0x8b, 0x57]), { timeout: 10_000 }).toBeGreaterThan(500);
    // ECharts came with the dashboard, not with the page: none of the start-up scripts holds it,
    // and a script fetched for the first chart does (the control that the detector works).
    expect(beforeCharts.length).toBeGreaterThan(0);
    expect(await withECharts(beforeCharts)).toEqual([]);
    const chartScripts = (await scriptsLoaded(page)).filter((s) => !beforeCharts.includes(s));
    expect((await withECharts(chartScripts)).length).toBeGreaterThan(0);

    await page.screenshot({ path: join(artifacts, 'dashboard-1366.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(() => pixelsOfColour(page, 'dashboard-chart-0', [0x1f, 0x6f, 0xb2]), { timeout: 10_000 }).toBeGreaterThan(500);
    await page.screenshot({ path: join(artifacts, 'dashboard-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('switches a chart to 同比 and 构成, and exports it as a print-resolution PNG', async () => {
    await page.selectOption('[data-test=dashboard-chart-0-kind]', 'growth');
    await expect.poll(async () => (await chartSeries(page, 'dashboard-chart-0'))?.[0]?.data.at(-1), { timeout: 10_000 }).toBeCloseTo(5.94, 2);
    // The 同比 line is drawn in its red, and the bars of the 累计 chart are gone.
    await expect.poll(() => pixelsOfColour(page, 'dashboard-chart-0', [0xd9, 0x53, 0x4f]), { timeout: 10_000 }).toBeGreaterThan(200);
    expect(await pixelsOfColour(page, 'dashboard-chart-0', [0x1f, 0x6f, 0xb2])).toBeLessThan(50);
    await page.screenshot({ path: join(artifacts, 'dashboard-growth-1366.png') });

    await page.click('[data-test=dashboard-card-A02]');
    await page.selectOption('[data-test=dashboard-chart-0-kind]', 'composition');
    await expect.poll(async () => (await chartSeries(page, 'dashboard-chart-0'))?.[0]?.type, { timeout: 10_000 }).toBe('pie');
    // 工业投资 (76.4%) in the first slice colour, 其他 (16,100.0万元) in the second: a real pie, mostly blue.
    await expect.poll(() => pixelsOfColour(page, 'dashboard-chart-0', [0x1f, 0x6f, 0xb2]), { timeout: 10_000 }).toBeGreaterThan(5_000);
    const [blue, green] = [await pixelsOfColour(page, 'dashboard-chart-0', [0x1f, 0x6f, 0xb2]), await pixelsOfColour(page, 'dashboard-chart-0', [0x2e, 0x8b, 0x57])];
    expect(green).toBeGreaterThan(1_000);
    expect(blue / green).toBeGreaterThan(2);
    await page.screenshot({ path: join(artifacts, 'dashboard-composition-1366.png') });

    const width = await page.locator('[data-test=dashboard-chart-0-canvas]').evaluate((el) => el.getBoundingClientRect().width);
    // The browser receives the PNG as a download.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-test=dashboard-chart-0-png]')]);
    expect(download.suggestedFilename()).toBe('图表-京滨工业园-固定资产投资-2023年11月-其中项构成.png');
    const received = join(mkdtempSync(join(tmpdir(), 'statbench-e2e-desk-')), download.suggestedFilename());
    await download.saveAs(received);
    await expect.poll(() => statusMessage(page), { timeout: 15_000 }).toContain('图表已导出');
    await page.locator('[data-test=dashboard-chart-0-exported] [data-test=export-download]').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(artifacts, 'dashboard-png-exported-1366.png') });
    const png = await readFile(received);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(10_000);
    // What was downloaded is what the host wrote.
    const { dataDir } = await callApi(host, 'app:info');
    expect(png.equals(await readFile(join(dataDir, download.suggestedFilename())))).toBe(true);
    // IHDR width: three times the chart's on-screen width (print resolution).
    expect(png.readUInt32BE(16)).toBe(Math.floor(width) * 3);

    await page.click('[data-test=dashboard-chart-0-copy]');
    await expect.poll(() => statusMessage(page), { timeout: 10_000 }).toMatch(/图表已复制到剪贴板|不允许把图片写入剪贴板/);
  });

  it('remembers the chosen indicators and chart kinds with the workbook', async () => {
    await page.click('[data-test=dashboard-pick]');
    await page.uncheck('[data-test=dashboard-pick-B03]');
    await page.check('[data-test=dashboard-pick-D04]');
    await expect.poll(async () => (await callApi(host, 'charts:dashboardSettings')).indicatorCodes, { timeout: 10_000 }).toEqual(['A01', 'A02', 'A03', 'B01', 'B02', 'D04']);
    expect(await page.locator('[data-test=dashboard-card-D04] [data-test=card-growth]').innerText()).toMatch(/个百分点$/);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-test=dashboard]').count()).toBe(0);
    await openDashboard();
    expect(await page.locator('[data-test=dashboard-card-B03]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-test=dashboard-card-D04]').count(), { timeout: 10_000 }).toBe(1);
    // The chart indicator chosen by the card click is remembered too.
    expect(await page.locator('[data-test=dashboard-card-A02]').getAttribute('class')).toContain('chosen');
    // And the kinds of the two charts: 构成 on the left as chosen above, 目标完成 on the right.
    expect(await page.locator('[data-test=dashboard-chart-0-kind]').inputValue()).toBe('composition');
    expect(await page.locator('[data-test=dashboard-chart-1-kind]').inputValue()).toBe('completion');
    await expect.poll(async () => (await chartSeries(page, 'dashboard-chart-0'))?.[0]?.type, { timeout: 10_000 }).toBe('pie');
    expect((await callApi(host, 'charts:dashboardSettings')).chartKinds).toEqual(['composition', 'completion']);
  });

  it('shows the county’s 汇总 on its dashboard and ranks its units', async () => {
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-test=dashboard]').count()).toBe(0);
    const county = await page.locator('[data-test=unit-select] option', { hasText: '武清区' }).getAttribute('value');
    await page.selectOption('[data-test=unit-select]', county ?? '');
    await openDashboard();
    // The county's cards are its 汇总 (as its 工作总结 is), each equal to the 汇总 view's cell.
    await page.locator('[data-test=dashboard-consolidated]').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('[data-test=dashboard-card-A01] [data-test=card-value]').innerText(), { timeout: 20_000 }).toBe('2,695,100.0');
    const formId = (await callApi(host, 'catalog:get', {})).form.id;
    const total = await callApi(host, 'consolidation:formView', { formId, unitId: Number(county), period: '2023-11' });
    for (const code of ['A01', 'A02', 'A03', 'B02']) {
      const row = total.rows.find((r) => r.code === code);
      const card = page.locator(`[data-test=dashboard-card-${code}]`);
      expect(await card.locator('[data-test=card-value]').innerText(), code).toBe(row?.cells.cumulative?.display);
      expect(await card.locator('[data-test=card-growth]').innerText(), code).toBe(`${row?.cells.growth?.display ?? ''}%`);
      expect(await card.locator('[data-test=card-completion]').innerText(), code).toBe(`${row?.cells.completion?.display ?? ''}%`);
    }
    expect(await page.locator('[data-test=card-value]').allInnerTexts()).not.toContain('—');
    // Its 累计 chart: eleven months of the 汇总 against last year's twelve, drawn.
    await page.click('[data-test=dashboard-card-A01]');
    await page.selectOption('[data-test=dashboard-chart-0-kind]', 'cumulative');
    await expect.poll(async () => (await chartSeries(page, 'dashboard-chart-0'))?.[0]?.data.at(-1), { timeout: 20_000 }).toBe(2695100);
    const [countyYear, countyLastYear] = (await chartSeries(page, 'dashboard-chart-0')) ?? [];
    expect(countyYear?.data.every((v) => typeof v === 'number' && v > 0)).toBe(true);
    expect(countyLastYear?.data.filter((v) => typeof v === 'number')).toHaveLength(12);
    await expect.poll(() => pixelsOfColour(page, 'dashboard-chart-0', [0x1f, 0x6f, 0xb2]), { timeout: 10_000 }).toBeGreaterThan(500);
    await expect.poll(() => pixelsOfColour(page, 'dashboard-chart-1', [0x2e, 0x8b, 0x57]), { timeout: 10_000 }).toBeGreaterThan(500);
    await page.screenshot({ path: join(artifacts, 'dashboard-county-1366.png') });

    await page.click('[data-test=dashboard-card-A02]');
    await expect.poll(() => page.locator('[data-test=dashboard-card-A02]').getAttribute('class'), { timeout: 10_000 }).toContain('chosen');
    await expect.poll(() => page.locator('[data-test=dashboard-chart-0-kind] option[value=ranking]').count(), { timeout: 20_000 }).toBe(1);
    await page.selectOption('[data-test=dashboard-chart-0-kind]', 'ranking');
    // 固定资产投资 (the chart indicator chosen above) of the five parks and townships, largest first.
    // The 累计 chart before it was bars too, and of 规上工业总产值: wait for the five units' 固定资产投资.
    await expect.poll(async () => ((await chartSeries(page, 'dashboard-chart-0'))?.[0]?.data ?? []).map(Number), { timeout: 10_000 }).toContain(68100);
    const [ranked] = (await chartSeries(page, 'dashboard-chart-0')) ?? [];
    const values = (ranked?.data ?? []).map(Number);
    expect(values.length).toBe(5);
    expect(values).toContain(68100);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    await expect.poll(() => pixelsOfColour(page, 'dashboard-chart-0', [0x1f, 0x6f, 0xb2]), { timeout: 10_000 }).toBeGreaterThan(500);
    await page.screenshot({ path: join(artifacts, 'dashboard-ranking-1366.png') });
  });
});
