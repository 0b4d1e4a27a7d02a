import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CellChange } from '../../shared/api/grid-api.js';
import { type FormColumn, type FormView } from '../../shared/domain/grid.js';
import { writeStarterLikeTemplate } from '../fixtures/starter-like-template.js';
import { launchChromium } from './support/chromium.js';
import { cellClasses, cellTitle, expectCell, pasteText, selectCell, statusMessage, typeInto } from './support/grid-page.js';
import { callApi } from './support/host-api.js';
import { type RunningHost, startHostProcess } from './support/web-host-process.js';

const artifacts = join(process.cwd(), 'tests', '.artifacts');

/**
 * Audit (审核) as a clerk meets it in Chromium (issue 8): a violating figure gives a 强制 finding
 * that jumps to its cell, 上报 is refused until it is fixed and every 提示 finding explained (one
 * by one or several at once), a submitted month refuses typing, and a cell's history opens.
 */
describe('audit, explanations and 上报 in the browser host', () => {
  let home: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let formId = 0;
  let unitId = 0;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'statbench-e2e-audit-'));
    host = await startHostProcess(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const formView = (): Promise<FormView> => callApi(host, 'grid:formView', { formId, unitId, period: '2024-03' });
  const rowOf = async (code: string): Promise<number> => (await formView()).rows.findIndex((r) => r.code === code);
  const colOf = async (key: FormColumn): Promise<number> => (await formView()).columns.findIndex((c) => c.key === key) + 3;
  const findings = (rule: string) => page.locator(`[data-test=audit-panel] [data-test=finding][data-rule="${rule}"]`);

  it('shows a 强制 finding for 制造业投资 over its total and jumps to the cell', async () => {
    await page.goto(host.url);
    await page.fill('[data-test=new-name]', '审核测试');
    await page.click('[data-test=create]');
    await expect.poll(() => page.locator('[data-test=workbook-name]').innerText(), { timeout: 15_000 }).toBe('审核测试.statbench');
    const catalog = await callApi(host, 'catalog:get', {});
    formId = catalog.form.id;
    for (const item of catalog.items) if (item.type === 'indicator') ids.set(item.indicator.code, item.indicator.id);
    unitId = (await callApi(host, 'units:list'))[0]?.id ?? 0;

    // A clean first quarter for 2023 and 2024 (every row, growth 10%), entered as a paste would.
    const changes: CellChange[] = [];
    const bases: Record<string, number> = { A01: 1000, A02: 500, A0201: 300, A020101: 200, A03: 80, B01: 60, B0101: 30, B02: 40, B03: 2, C01: 20, D01: 40, D02: 10, D03: 8 };
    for (const [code, base] of Object.entries(bases)) {
      for (const year of [2023, 2024]) {
        for (const month of [1, 2, 3]) {
          const value = code === 'C01' || year === 2023 ? base : base + Math.round(base / 10);
          changes.push({ indicatorId: ids.get(code) ?? 0, period: `${year}-0${month}`, field: 'month', value: String(value) });
        }
      }
    }
    await callApi(host, 'values:set', { unitId, changes, source: 'paste' });

    await page.selectOption('[data-test=year-select]', '2024');
    await page.selectOption('[data-test=month-select]', '3');
    await expect.poll(() => page.locator('[data-test=view-title]').getAttribute('data-period'), { timeout: 15_000 }).toBe('2024-03');

    const row = await rowOf('A020101');
    const cumulative = await colOf('cumulative');
    await pasteText(page, row, cumulative, '2000');
    await expectCell(page, row, cumulative, '2,000.0');

    await page.click('[data-test=open-audit]');
    await expect.poll(() => findings('builtin:part-le-total').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('[data-test=audit-hard]').innerText()).toContain('制造业投资 2,000.0万元 大于“工业投资” 990.0万元');
    expect(await page.locator('[data-test=period-status]').innerText()).toBe('暂存');

    // The cell carries the red 强制 marker with the message on hover.
    await expect.poll(() => cellClasses(page, row, cumulative), { timeout: 10_000 }).toContain('sb-finding-hard');
    expect(await cellTitle(page, row, cumulative)).toContain('强制：制造业投资 2,000.0万元 大于“工业投资” 990.0万元');
    expect(await cellClasses(page, await rowOf('A01'), cumulative)).not.toContain('sb-finding-hard');

    // Away from the cell first, then the finding brings the clerk back to it.
    await selectCell(page, await rowOf('A01'), cumulative);
    await findings('builtin:part-le-total').click();
    await expect.poll(() => cellClasses(page, row, cumulative), { timeout: 10_000 }).toContain('current');
    await page.screenshot({ path: join(artifacts, 'audit-panel-1366.png') });
  });

  it('refuses 上报 while the 强制 finding stands, then needs explanations for 提示 findings', async () => {
    await page.click('[data-test=period-submit]');
    await expect.poll(() => page.locator('[data-test=audit-error]').innerText(), { timeout: 10_000 }).toContain('条强制性审核问题，不能上报');
    expect(await page.locator('[data-test=period-status]').innerText()).toBe('暂存');

    // Fix the figure (1-3月 = 上月止累计 440 + 本月 220); two big jumps make two 提示 findings.
    const cumulative = await colOf('cumulative');
    const month = await colOf('month');
    // Pasted, as a clerk corrects from the source sheet; each is waited for before the next.
    for (const [code, col, text, shown] of [
      ['A020101', cumulative, '660', '660.0'],
      ['B01', month, '300', '300.0'],
      ['A03', month, '400', '400.0'],
    ] as const) {
      await pasteText(page, await rowOf(code), col, text);
      await expectCell(page, await rowOf(code), col, shown);
    }
    await expect.poll(() => page.locator('[data-test=audit-hard]').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => findings('builtin:volatility').count(), { timeout: 15_000 }).toBe(2);
    // The fixed cell lost its marker; the jumps carry the orange 提示 marker.
    const fixedRow = await rowOf('A020101');
    await expect.poll(() => cellClasses(page, fixedRow, cumulative), { timeout: 10_000 }).not.toContain('sb-finding-hard');
    const jump = await formView();
    const marked = jump.rows.findIndex((r) => r.code === 'B01');
    const shownColumn = jump.columns.some((c) => c.key === 'growth') ? await colOf('growth') : cumulative;
    await expect.poll(() => cellClasses(page, marked, shownColumn), { timeout: 10_000 }).toContain('sb-finding-soft');
    expect(await cellTitle(page, marked, shownColumn)).toContain('提示：');

    await page.click('[data-test=period-submit]');
    await expect.poll(() => page.locator('[data-test=audit-error]').innerText(), { timeout: 10_000 }).toContain('2 条提示性审核问题没有填写说明');

    // Several at once: tick both and give one explanation.
    const checks = page.locator('[data-test=audit-soft] [data-test=finding-check]');
    await checks.nth(0).check();
    await checks.nth(1).check();
    await page.fill('[data-test=batch-text]', '企业新投产');
    await page.click('[data-test=batch-explain]');
    await expect.poll(() => page.locator('[data-test=audit-soft] h3').innerText(), { timeout: 10_000 }).not.toContain('待说明');
    expect(await page.locator('[data-test=explain-input]').nth(0).inputValue()).toBe('企业新投产');
    // One by one: change the second explanation and save with Enter.
    await page.fill('[data-test=explain-input] >> nth=1', '季节因素');
    await page.press('[data-test=explain-input] >> nth=1', 'Enter');
    const report = await callApi(host, 'audit:run', { unitId, formId, period: '2024-03' });
    await expect.poll(async () => (await callApi(host, 'audit:run', { unitId, formId, period: '2024-03' })).soft.map((f) => f.explanation).sort()).toEqual(['企业新投产', '季节因素']);
    expect(report.hard).toEqual([]);
    await expect.poll(() => page.locator('[data-test=period-status]').innerText(), { timeout: 10_000 }).toBe('已审核');
    await page.screenshot({ path: join(artifacts, 'audit-explained-1366.png') });
  });

  it('submits, then refuses typing in that month; the cell history opens from the panel', async () => {
    await page.click('[data-test=period-submit]');
    await expect.poll(() => page.locator('[data-test=period-status]').innerText(), { timeout: 10_000 }).toBe('已上报');
    expect(await statusMessage(page)).toContain('已上报，本月数据已锁定');

    const row = await rowOf('A01');
    const cumulative = await colOf('cumulative');
    const before = (await formView()).rows[row]?.cells.cumulative?.display ?? '';
    await typeInto(page, row, cumulative, '9999');
    await expect.poll(() => statusMessage(page), { timeout: 10_000 }).toContain('已上报，数据已锁定，不能修改“规模以上工业总产值”');
    await expectCell(page, row, cumulative, before);
    expect((await formView()).rows[row]?.cells.cumulative?.display).toBe(before);

    // History of 制造业投资 累计: 2000, then corrected to 660 (newest first), both pasted.
    await selectCell(page, await rowOf('A020101'), cumulative);
    await page.click('[data-test=cell-history]');
    await expect.poll(() => page.locator('[data-test=history-row]').count(), { timeout: 10_000 }).toBe(2);
    const rows = await page.locator('[data-test=history-row]').allInnerTexts();
    expect(rows[0]).toMatch(/累计\s+2000\s+660\s+粘贴/);
    expect(rows[1]).toMatch(/累计\s+空\s+2000\s+粘贴/);
    await page.screenshot({ path: join(artifacts, 'audit-history-1366.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-test=history-dialog]').count(), { timeout: 5_000 }).toBe(0);

    // 撤回 with a reason makes the month editable again.
    await page.click('[data-test=period-unlock]');
    await page.fill('[data-test=unlock-reason]', '统计局退回核实');
    await page.click('[data-test=unlock-confirm]');
    await expect.poll(() => page.locator('[data-test=period-status]').innerText(), { timeout: 10_000 }).toBe('退回');
    expect(await page.locator('[data-test=status-log]').innerText()).toContain('原因：统计局退回核实');

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(artifacts, 'audit-panel-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('edits a rule: a syntax error shows in place with its position; a saved rule audits at once and can be switched off', async () => {
    await page.click('[data-test=audit-rules]');
    await expect.poll(() => page.locator('[data-test=rule-row]').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    await page.click('[data-test=rule-new]');
    await page.fill('[data-test=rule-name]', '制造业投资不超过 100');
    await page.fill('[data-test=rule-expression]', 'A020101.累计 <= ');
    await expect.poll(() => page.locator('[data-test=rule-syntax-error]').innerText(), { timeout: 10_000 }).toContain('第 15 个字符处：公式不完整');
    expect(await page.locator('[data-test=rule-save]').isDisabled()).toBe(true);
    await page.screenshot({ path: join(artifacts, 'audit-rule-editor-1366.png') });

    await page.fill('[data-test=rule-expression]', 'A020101.累计 <= 100');
    await expect.poll(() => page.locator('[data-test=rule-syntax-error]').count(), { timeout: 10_000 }).toBe(0);
    await page.fill('[data-test=rule-scope-code]', 'A020101');
    await page.selectOption('[data-test=rule-severity]', 'hard');
    await page.fill('[data-test=rule-message]', '{指标} {值} 超过 100，请核对。');
    await page.click('[data-test=rule-save]');
    await expect.poll(() => page.locator('[data-test=rule-form]').count(), { timeout: 10_000 }).toBe(0);
    // The list shows the saved rule at once.
    await expect.poll(() => page.locator('[data-test=rule-row]', { hasText: '制造业投资不超过 100' }).count(), { timeout: 10_000 }).toBe(1);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(artifacts, 'audit-rules-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-test=audit-rules-dialog]').count(), { timeout: 5_000 }).toBe(0);
    // The panel audits again with the new rule: 制造业投资 660 is over 100.
    await expect.poll(() => page.locator('[data-test=audit-hard]').innerText(), { timeout: 15_000 }).toContain('制造业投资 660.0万元 超过 100，请核对。');

    await page.click('[data-test=audit-rules]');
    const row = page.locator('[data-test=rule-row]', { hasText: '制造业投资不超过 100' });
    await row.locator('[data-test=rule-enabled]').uncheck();
    await expect.poll(async () => (await callApi(host, 'audit:rules')).find((r) => r.name === '制造业投资不超过 100')?.enabled, { timeout: 10_000 }).toBe(false);
    expect(await row.locator('[data-test=rule-enabled]').isChecked()).toBe(false);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-test=audit-rules-dialog]').count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => page.locator('[data-test=audit-hard]').count(), { timeout: 15_000 }).toBe(0);
  });
  it('an import whose 累计 is typed in 元 instead of 万元 shows the unit-slip finding in the preview, naming the cell', async () => {
    // The county's template, mapped by its labels, exported for March and sent back with
    // 规模以上工业总产值 1-3月 typed in 元 (3,300万元 → 33,000,000).
    const templatePath = join(home, '园区月报.xlsx');
    await writeStarterLikeTemplate(templatePath, '2024年3月园区主要经济指标');
    await page.click('[data-test=view-templates]');
    await page.fill('[data-test=register-path]', templatePath);
    await page.click('[data-test=register]');
    await expect.poll(() => statusMessage(page), { timeout: 15_000 }).toContain('已注册模板');
    await page.click('[data-test=auto-map]');
    await expect.poll(() => page.locator('[data-test=proposals] tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    await page.click('[data-test=accept-proposals]');
    await page.click('[data-test=save-bindings]');
    await expect.poll(() => statusMessage(page), { timeout: 15_000 }).toMatch(/已保存 \d+ 个映射/);
    const templateId = (await callApi(host, 'templates:list')).at(-1)?.id ?? 0;
    const exported = (await callApi(host, 'templates:export', { templateId, unitIds: [unitId], period: '2024-03', outputDir: join(home, '导出') })).files[0] ?? '';
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(exported);
    const sheet = book.getWorksheet('月报');
    if (!sheet) throw new Error('the export lost the sheet 月报');
    expect(sheet.getCell('C4').value).toBe(3300);
    sheet.getCell('C4').value = 33_000_000;
    const returned = join(home, '返回-元万元混用.xlsx');
    await book.xlsx.writeFile(returned);

    await page.fill('[data-test=import-paths]', returned);
    await page.click('[data-test=import-preview]');
    const finding = page.locator('[data-test=import-preview-finding]', { hasText: '元、万元' });
    await expect.poll(() => finding.count(), { timeout: 30_000 }).toBe(1);
    const text = await finding.innerText();
    expect(text).toContain('“月报”!C4');
    expect(text).toContain('规模以上工业总产值');
    expect(text).toContain('提示');
    // Nothing is written yet: the import can still be cancelled.
    expect(await page.locator('[data-test=import-commit]').isDisabled()).toBe(false);
    await page.screenshot({ path: join(artifacts, 'audit-import-preview-unit-slip-1366.png') });
    await page.click('[data-test=import-cancel]');
    await page.locator('[data-test=import-preview-dialog]').waitFor({ state: 'detached', timeout: 15_000 });
    const stored = await callApi(host, 'audit:run', { unitId, formId, period: '2024-03' });
    expect(stored.soft.some((f) => f.ruleKey === 'builtin:unit-slip')).toBe(false);
  });
});
