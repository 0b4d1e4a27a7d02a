import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { callApi } from './support/host-api.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

const artifacts = join(process.cwd(), 'tests', '.artifacts');

/**
 * 报送情况 in Chromium (issue 12 "Completeness"): a county of two parks, one with two townships;
 * one township 上报, one typed and audited, the other park nothing. The view lists each unit with
 * its status and filled cells, marks the ones still to return, opens a unit's form, exports .xlsx;
 * the 工作总结 of the county is written from its 汇总.
 */
describe('the units’ returns for a month in the browser host', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let formId = 0;
  const unit = new Map<string, number>();

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-completeness-'));
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const rows = () => page.locator('[data-test=completeness-row]').evaluateAll((list) => list.map((r) => `${r.getAttribute('data-unit')}:${r.getAttribute('data-status')}`));
  const row = (name: string) => page.locator(`[data-test=completeness-row][data-unit="${name}"]`);

  it('sets up the county, its figures and one 上报', async () => {
    await page.goto(host.url);
    await page.fill('[data-test=new-name]', '报送情况');
    await page.click('[data-test=create]');
    await expect.poll(() => page.locator('[data-test=workbook-name]').innerText(), { timeout: 15_000 }).toBe('报送情况.statbench');
    const catalog = await callApi(host, 'catalog:get', {});
    formId = catalog.form.id;
    const a01 = catalog.items.flatMap((i) => (i.type === 'indicator' && i.indicator.code === 'A01' ? [i.indicator.id] : []))[0] ?? 0;
    const county = (await callApi(host, 'units:list'))[0]?.id ?? 0;
    for (const [code, name, parent] of [
      ['100', '甲园区', county],
      ['110', '东镇', '100'],
      ['120', '西镇', '100'],
      ['200', '乙园区', county],
    ] as const) {
      const parentId = typeof parent === 'number' ? parent : (unit.get(parent) ?? 0);
      unit.set(code, (await callApi(host, 'units:add', { code, name, parentId })).find((u) => u.code === code)?.id ?? 0);
    }
    // Only 规上产值 is asked of the townships this month: the 必填 rule is switched off.
    await callApi(host, 'audit:setRuleEnabled', { key: 'builtin:required', enabled: false });
    for (const [code, value] of [
      ['110', '1200.5'],
      ['120', '800'],
    ] as const) {
      await callApi(host, 'values:set', { unitId: unit.get(code) ?? 0, source: 'edit', changes: [{ indicatorId: a01, period: '2024-03', field: 'cumulative', value }] });
    }
    await callApi(host, 'period:submit', { unitId: unit.get('110') ?? 0, formId, period: '2024-03' });

    await page.goto(host.url);
    await expect.poll(() => page.locator('[data-test=view-title]').count(), { timeout: 15_000 }).toBe(1);
    await page.selectOption('[data-test=year-select]', '2024');
    await page.selectOption('[data-test=month-select]', '3');
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-period'), { timeout: 15_000 }).toBe('2024-03');
  });

  it('lists each unit with its status and filled cells, the ones still to return marked', async () => {
    await page.click('[data-test=menu-audit]');
    await page.click('[data-test=menu-completeness]');
    await expect.poll(rows, { timeout: 15_000 }).toEqual(['甲园区:empty', '东镇:submitted', '西镇:audited', '乙园区:empty']);
    expect(await row('东镇').locator('[data-test=completeness-status]').innerText()).toBe('已上报');
    expect(await row('西镇').locator('[data-test=completeness-status]').innerText()).toBe('已审核');
    expect(await row('东镇').locator('[data-test=completeness-filled]').innerText()).toBe('1');
    // 乙园区 has not returned: marked; 甲园区 is a 汇总 (its own return optional): not marked.
    expect(await row('乙园区').getAttribute('class')).toContain('awaited');
    expect(await row('甲园区').getAttribute('class')).not.toContain('awaited');
    expect(await page.locator('[data-test=completeness-notes]').innerText()).toContain('下3个填报单位，未录入1个，已审核1个，已上报1个。 尚待报送：乙园区（未录入）。');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'completeness-1366x768.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(artifacts, 'completeness-1920x1080.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    // The township's form is under the 甲园区 node alone.
    await page.selectOption('[data-test=completeness-node]', { label: '甲园区' });
    await expect.poll(rows, { timeout: 15_000 }).toEqual(['东镇:submitted', '西镇:audited']);
  });

  it('exports the view as .xlsx', async () => {
    await page.fill('[data-test=completeness-export-name]', '报送情况-2024年3月');
    // The browser receives it as a download; the footer offers it again.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-test=completeness-export]')]);
    expect(download.suggestedFilename()).toBe('报送情况-2024年3月.xlsx');
    await expect.poll(() => page.locator('[data-test=completeness-exported]').count(), { timeout: 15_000 }).toBe(1);
    await page.locator('[data-test=completeness-dialog] [data-test=export-download]').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(artifacts, 'completeness-exported-1366x768.png') });
    const { dataDir } = await callApi(host, 'app:info');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dataDir, '报送情况-2024年3月.xlsx'));
    const sheet = workbook.getWorksheet('报送情况');
    const names = Array.from(sheet?.getSheetValues() ?? [], (r) => (Array.isArray(r) && typeof r[1] === 'string' ? r[1].trim() : ''));
    expect(names).toContain('东镇');
    expect(names).toContain('西镇');
    expect(sheet?.getRow(names.indexOf('东镇')).getCell(3).value).toBe('已上报');
  });

  it('opens a unit’s form from its row (Enter)', async () => {
    await row('西镇').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-test=completeness-dialog]').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-unit'), { timeout: 15_000 }).toBe(String(unit.get('120')));
  });

  it('writes the 工作总结 of a park from its 汇总', async () => {
    await page.selectOption('[data-test=unit-select]', { label: '甲园区' });
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-unit'), { timeout: 15_000 }).toBe(String(unit.get('100')));
    await page.click('[data-test=open-narrative]');
    const paragraph = () => page.locator('[data-test=narrative-text]').inputValue();
    // 东镇 1,200.5 + 西镇 800 = 2,000.5万元.
    await expect.poll(paragraph, { timeout: 15_000 }).toMatch(/^1-3月，甲园区规模以上工业总产值完成2000\.5万元/);
    expect(await page.locator('[data-test=narrative-info]').innerText()).toContain('按“甲园区”下各单位汇总数据撰写');
  });
});
