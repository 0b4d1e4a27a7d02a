import { copyFile, mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TemplateBindingInput } from '../../../shared/api/template-api.js';
import { type ImportPreview } from '../../../shared/domain/template.js';
import { ensureFixtures, type FixturePaths } from '../../../tests/fixtures/ensure-fixtures.js';
import { unzipParts } from '../../../tests/fixtures/package-diff.js';
import { writeStarterLikeTemplate } from '../../../tests/fixtures/starter-like-template.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

type CellInput = string | number | { formula: string; result: number };

/** Reads cells with ExcelJS: an independent reader, not our package parser or filler. */
async function readCells(path: string, sheet: string, addresses: string[]): Promise<Record<string, unknown>> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const ws = workbook.getWorksheet(sheet);
  return Object.fromEntries(addresses.map((a) => [a, ws?.getCell(a).value ?? null]));
}

/** A clerk's filled return: a copy of `source` with some cells overwritten (saved by ExcelJS). */
async function writeReturn(source: string, target: string, cells: Record<string, CellInput>, title?: string): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(source);
  const ws = workbook.getWorksheet('月报');
  if (!ws) throw new Error('no sheet');
  for (const [address, value] of Object.entries(cells)) ws.getCell(address).value = value;
  if (title !== undefined) ws.getCell('A1').value = title;
  await workbook.xlsx.writeFile(target);
}

describe('templates on a real workbook', () => {
  let host: TestHost;
  let formId: number;
  let parkId: number;
  const ids = new Map<string, number>();
  const id = (code: string): number => ids.get(code) ?? Number.NaN;
  const db = () => {
    if (!host.ctx.session) throw new Error('no workbook');
    return host.ctx.session.db;
  };
  const count = (sql: string, ...args: unknown[]): number => (db().prepare(sql).get(...args) as { n: number }).n;

  /** Registers the starter-like template and saves the auto-mapped bindings; returns its id. */
  async function mappedTemplate(): Promise<number> {
    const path = join(host.dir, '园区月报.xlsx');
    await writeStarterLikeTemplate(path);
    const template = await host.call('templates:register', { path });
    const proposals = await host.call('templates:autoMap', { templateId: template.id, formId });
    const bindings: TemplateBindingInput[] = proposals.map(({ sheet, cell, indicatorId, figure, unit, periodOffset }) => ({ sheet, cell, indicatorId, figure, unit, periodOffset }));
    await host.call('templates:saveBindings', { templateId: template.id, bindings });
    return template.id;
  }

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'templates', starterCatalog: true });
    const catalog = await host.call('catalog:get', {});
    formId = catalog.form.id;
    for (const item of catalog.items) if (item.type === 'indicator') ids.set(item.indicator.code, item.indicator.id);
    for (const [code, name] of [['002', '城关镇'], ['003', '新华镇'], ['004', '东风镇']] as const) await host.call('units:add', { code, name, parentId: null });
    parkId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    // 产值 A01 is entered as 1-N月累计, 收入 A03 as 本月.
    await host.call('values:set', {
      unitId: parkId,
      source: 'edit',
      changes: [
        { indicatorId: id('A01'), period: '2023-10', field: 'cumulative', value: '780000' },
        { indicatorId: id('A01'), period: '2023-11', field: 'cumulative', value: '863300' },
        { indicatorId: id('A01'), period: '2022-11', field: 'cumulative', value: '814900' },
        { indicatorId: id('A03'), period: '2023-11', field: 'month', value: '4000' },
      ],
    });
  });
  afterEach(() => host.dispose());

  describe('register, view, map', () => {
    let fixtures: FixturePaths;
    beforeAll(async () => {
      fixtures = await ensureFixtures();
    }, 300_000);

    it('registers a LibreOffice-made .xlsx and shows its sheets with merges, styles and widths', async () => {
      const template = await host.call('templates:register', { path: fixtures.xlsx, name: '园区月报' });
      expect(template).toMatchObject({ name: '园区月报', fileName: 'template.xlsx', format: 'xlsx', sheetNames: ['工业月报', '说明'], bindingCount: 0 });
      const view = await host.call('templates:view', { templateId: template.id });
      const sheet = view.sheets[0];
      expect(sheet?.texts[0]?.[0]).toBe('2024年11月园区主要经济指标完成情况');
      expect(sheet?.texts[7]?.[3]).toBe('100.00'); // D8 = 100 in "#,##0.00"
      expect(sheet?.merges).toContainEqual({ top: 2, left: 2, bottom: 2, right: 4 });
      expect(sheet?.formulas).toContainEqual({ row: 8, col: 2, formula: '=SUM(C5:C8)' });
      expect(sheet?.colWidths[0]).toBeGreaterThan(150); // 28.81 characters
      const headerStyle = sheet?.styles[sheet.styleIndex[2]?.[0] ?? 0];
      expect(headerStyle).toMatchObject({ bold: true, fillColor: '#DDE8F3' });
      expect(await host.call('templates:list', undefined)).toHaveLength(1);
    });

    it('registers an .xls, keeps its bytes and a LibreOffice .xlsx for export', async () => {
      const template = await host.call('templates:register', { path: fixtures.xls });
      expect(template).toMatchObject({ name: 'template', format: 'xls', sheetNames: ['工业月报', '说明'] });
      const row = db().prepare('SELECT content, fill_content FROM templates WHERE id = ?').get(template.id) as { content: Buffer; fill_content: Buffer | null };
      expect(row.content.equals(await readFile(fixtures.xls))).toBe(true);
      expect(row.fill_content?.subarray(0, 2).toString('latin1')).toBe('PK');
      const view = await host.call('templates:view', { templateId: template.id });
      expect(view.sheets[0]?.texts[4]?.[0]).toBe('1、规模以上工业总产值');

      const proposals = await host.call('templates:autoMap', { templateId: template.id, formId });
      const c5 = proposals.find((p) => p.cell === 'C5');
      expect(c5).toMatchObject({ indicatorId: id('A01'), figure: 'cumulative' });
      await host.call('templates:saveBindings', { templateId: template.id, bindings: [{ sheet: '工业月报', cell: 'C5', indicatorId: id('A01'), figure: 'cumulative', unit: '万元', periodOffset: 0 }] });
      const result = await host.call('templates:export', { templateId: template.id, unitIds: [parkId], period: '2023-11', outputDir: 'out-xls' });
      expect(result.files[0]).toMatch(/template-本园区-2023年11月\.xlsx$/);
      expect(result.notes.join()).toContain('已导出为 .xlsx');
      expect(await readCells(result.files[0] ?? '', '工业月报', ['C5'])).toEqual({ C5: 863300 });
    }, 300_000);

    it('an .xls registered without LibreOffice asks the clerk to 另存为 .xlsx on export', async () => {
      process.env.STATBENCH_SOFFICE = join(host.dir, 'no-soffice');
      try {
        const template = await host.call('templates:register', { path: fixtures.xls });
        await host.call('templates:saveBindings', { templateId: template.id, bindings: [{ sheet: '工业月报', cell: 'C5', indicatorId: id('A01'), figure: 'cumulative', unit: null, periodOffset: 0 }] });
        const message = await host.refusal('templates:export', { templateId: template.id, unitIds: [parkId], period: '2023-11', outputDir: 'out' });
        expect(message).toContain('另存为 .xlsx');
        expect(message).toContain('template.xls');
      } finally {
        delete process.env.STATBENCH_SOFFICE;
      }
    });

    it('refuses unreadable files and bad bindings with Chinese messages', async () => {
      expect(await host.refusal('templates:register', { path: 'missing.xlsx' })).toContain('找不到文件“missing.xlsx”');
      const templateId = await mappedTemplate();
      const binding = { sheet: '月报', cell: 'B4', indicatorId: id('A01'), figure: 'month' as const, unit: null, periodOffset: 0 };
      expect(await host.refusal('templates:saveBindings', { templateId, bindings: [{ ...binding, sheet: '年报' }] })).toContain('没有工作表“年报”');
      expect(await host.refusal('templates:saveBindings', { templateId, bindings: [{ ...binding, cell: 'Z99' }] })).toContain('超出模板该表的范围');
      expect(await host.refusal('templates:saveBindings', { templateId, bindings: [{ ...binding, cell: 'C1' }] })).toContain('左上角的 A1');
      expect(await host.refusal('templates:saveBindings', { templateId, bindings: [{ ...binding, unit: '家' }] })).toContain('不能换算为家');
      expect(await host.refusal('templates:saveBindings', { templateId, bindings: [binding, binding] })).toContain('映射了两次');
      expect(await host.refusal('templates:saveBindings', { templateId, bindings: [{ ...binding, indicatorId: 9999 }] })).toContain('指标已不存在');
      // The refused saves left the auto-mapped bindings as they were.
      expect((await host.call('templates:view', { templateId })).bindings).toHaveLength(16);
    });
  });

  it('auto-maps a template labelled like the starter form', async () => {
    const path = join(host.dir, '园区月报.xlsx');
    await writeStarterLikeTemplate(path);
    const template = await host.call('templates:register', { path });
    const proposals = await host.call('templates:autoMap', { templateId: template.id, formId });
    const at = (cell: string) => proposals.find((p) => p.cell === cell);
    expect(proposals).toHaveLength(16); // 4 rows × 本月/累计/上年同期/增长%
    expect(at('B4')).toMatchObject({ indicatorId: id('A01'), figure: 'month', unit: '万元' });
    expect(at('C5')).toMatchObject({ indicatorId: id('A02'), figure: 'cumulative', unit: '万元' });
    expect(at('D6')).toMatchObject({ indicatorId: id('A0201'), figure: 'prior_cumulative' });
    expect(at('E7')).toMatchObject({ indicatorId: id('A03'), figure: 'growth', unit: '%' });
    expect(at('C4')?.reason).toContain('规模以上工业总产值');
  });

  it('keeps bindings after the workbook is closed and reopened', async () => {
    const templateId = await mappedTemplate();
    const before = (await host.call('templates:view', { templateId })).bindings;
    const path = host.ctx.session?.path ?? '';
    await host.call('workbook:close', undefined);
    await host.call('workbook:open', { path });
    const after = await host.call('templates:view', { templateId });
    expect(after.bindings).toEqual(before);
    expect(after.template.bindingCount).toBe(16);
  });

  it('removing a template removes its bindings', async () => {
    const templateId = await mappedTemplate();
    expect(await host.call('templates:remove', { templateId })).toEqual([]);
    expect(count('SELECT count(*) AS n FROM template_bindings')).toBe(0);
    expect(await host.refusal('templates:view', { templateId })).toContain('找不到该模板');
  });

  describe('undo of template registration, removal and mapping', () => {
    it('undoes a removal with the template’s bytes and its bindings intact', async () => {
      const templateId = await mappedTemplate();
      const row = () => db().prepare('SELECT * FROM templates WHERE id = ?').get(templateId) as { content: Buffer } | undefined;
      const bindings = () => db().prepare('SELECT * FROM template_bindings ORDER BY rowid').all();
      const before = { template: row(), bindings: bindings() };
      await host.call('templates:remove', { templateId });
      expect(row()).toBeUndefined();
      expect((await host.call('history:undo', undefined)).description).toBe('已撤销：删除模板“园区月报”');
      expect(row()).toEqual(before.template);
      expect(row()?.content.equals(await readFile(join(host.dir, '园区月报.xlsx')))).toBe(true);
      expect(bindings()).toEqual(before.bindings);
      expect((await host.call('templates:view', { templateId })).bindings).toHaveLength(16);
      await host.call('history:redo', undefined);
      expect(await host.call('templates:list', undefined)).toEqual([]);
    });

    it('undoes saved bindings and a registration', async () => {
      const templateId = await mappedTemplate();
      const mapped = (await host.call('templates:view', { templateId })).bindings;
      await host.call('templates:saveBindings', { templateId, bindings: mapped.slice(0, 2) });
      expect((await host.call('history:undo', undefined)).description).toBe('已撤销：保存模板“园区月报”的映射（2 个单元格）');
      expect((await host.call('templates:view', { templateId })).bindings).toEqual(mapped);
      await host.call('history:undo', undefined);
      expect((await host.call('templates:view', { templateId })).bindings).toEqual([]);
      expect((await host.call('history:undo', undefined)).description).toBe('已撤销：登记模板“园区月报”');
      expect(await host.call('templates:list', undefined)).toEqual([]);
    });

    it('forgets the cached sheets of a template whose registration was undone', async () => {
      const first = join(host.dir, '园区月报.xlsx');
      await writeStarterLikeTemplate(first);
      const { id: firstId } = await host.call('templates:register', { path: first });
      expect((await host.call('templates:view', { templateId: firstId })).sheets.map((s) => s.name)).toEqual(['月报', '说明']);
      await host.call('history:undo', undefined);
      // Another file now gets the same id: its own sheets must show, not the cached ones.
      const { default: ExcelJS } = await import('exceljs');
      const other = new ExcelJS.Workbook();
      other.addWorksheet('年报').getCell('A1').value = '年度指标';
      const second = join(host.dir, '年报.xlsx');
      await other.xlsx.writeFile(second);
      const { id: secondId } = await host.call('templates:register', { path: second });
      expect(secondId).toBe(firstId);
      expect((await host.call('templates:view', { templateId: secondId })).sheets.map((s) => s.name)).toEqual(['年报']);
    });
  });

  describe('export', () => {
    it('fills the mapped cells with the grid figures and leaves every other part as it was', async () => {
      const templateId = await mappedTemplate();
      const result = await host.call('templates:export', { templateId, unitIds: [parkId], period: '2023-11', outputDir: 'out' });
      expect(result.files).toEqual([join(host.dir, 'out', '园区月报-本园区-2023年11月.xlsx')]);
      const file = result.files[0] ?? '';
      // 累计 typed, 本月 derived (863300 − 780000), 上年同期 typed, 同比 rounded to one decimal as shown.
      expect(await readCells(file, '月报', ['B4', 'C4', 'D4', 'E4', 'B7', 'C5'])).toEqual({ B4: 83300, C4: 863300, D4: 814900, E4: 5.9, B7: 4000, C5: null });

      const before = unzipParts(await readFile(join(host.dir, '园区月报.xlsx')));
      const after = unzipParts(await readFile(file));
      expect(after.map((p) => p.name)).toEqual(before.map((p) => p.name));
      for (const part of before) {
        const other = after.find((p) => p.name === part.name);
        if (part.name === 'xl/worksheets/sheet1.xml') expect(other?.data.equals(part.data)).toBe(false);
        else if (part.name === 'xl/workbook.xml') expect(other?.data.toString('utf8').replace(' fullCalcOnLoad="1"', '')).toBe(part.data.toString('utf8'));
        else expect(other?.data.equals(part.data), part.name).toBe(true);
      }

      // A second export never overwrites the first; progress was reported.
      const again = await host.call('templates:export', { templateId, unitIds: [parkId], period: '2023-11', outputDir: 'out' });
      expect(again.files[0]).toMatch(/2023年11月\(2\)\.xlsx$/);
      expect(host.events.filter((e) => e.event === 'job:progress').at(-1)?.payload).toMatchObject({ done: 1, total: 1 });
    });

    it('converts to the binding unit and writes one file per unit', async () => {
      const templateId = await mappedTemplate();
      const bindings = (await host.call('templates:view', { templateId })).bindings.map((b) => (b.cell === 'C4' ? { ...b, unit: '亿元' } : b));
      await host.call('templates:saveBindings', { templateId, bindings });
      const units = await host.call('units:list', undefined);
      const result = await host.call('templates:export', { templateId, unitIds: units.map((u) => u.id), period: '2023-11', outputDir: 'all' });
      expect((await readdir(join(host.dir, 'all'))).sort()).toEqual(units.map((u) => `园区月报-${u.name}-2023年11月.xlsx`).sort());
      expect(await readCells(result.files[0] ?? '', '月报', ['C4'])).toEqual({ C4: 86.33 });
    });
  });

  describe('import', () => {
    let templateId: number;
    let exported: string;
    beforeEach(async () => {
      templateId = await mappedTemplate();
      exported = (await host.call('templates:export', { templateId, unitIds: [parkId], period: '2023-11', outputDir: 'out' })).files[0] ?? '';
    });
    const cellOf = (preview: ImportPreview, cell: string) => preview.files[0]?.cells.find((c) => c.cell === cell);

    it('previews new, changed, unchanged and problem cells without writing', async () => {
      const path = join(host.dir, 'return.xlsx');
      await writeReturn(exported, path, {
        C4: '86.33亿元', // = 863300万元: unchanged after conversion
        B7: { formula: '4000+100', result: 4100 }, // formula: the cached value counts
        C5: '1,234.5',
        C6: '１２３',
        D6: '约100',
      });
      const logged = count('SELECT count(*) AS n FROM change_log');
      const preview = await host.call('imports:preview', { templateId, paths: [path], period: '2023-11', unitId: parkId });
      expect(cellOf(preview, 'C4')).toMatchObject({ status: 'unchanged', newValue: '863300' });
      expect(cellOf(preview, 'B7')).toMatchObject({ status: 'changed', oldValue: '4000', newValue: '4100' });
      expect(cellOf(preview, 'C5')).toMatchObject({ status: 'new', newValue: '1234.5' });
      expect(cellOf(preview, 'C6')).toMatchObject({ status: 'new', newValue: '123' });
      expect(cellOf(preview, 'D6')).toMatchObject({ status: 'problem' });
      expect(cellOf(preview, 'D6')?.message).toContain('约数');
      expect(cellOf(preview, 'E4')).toBeUndefined(); // 同比 is computed, never imported
      expect(preview.counts).toEqual({ new: 2, changed: 1, unchanged: 8, problem: 1 });
      expect(preview.canCommit).toBe(false);
      expect(await host.refusal('imports:commit', { previewId: preview.previewId })).toContain('还有 1 个问题');
      expect(count('SELECT count(*) AS n FROM change_log')).toBe(logged);
    });

    it('stores both 本月 and 累计 when a return gives both, even when they disagree', async () => {
      const path = join(host.dir, 'return.xlsx');
      await writeReturn(exported, path, { B4: 90000 }); // 累计 863300 − 上月止累计 780000 = 83300
      const preview = await host.call('imports:preview', { templateId, paths: [path], period: '2023-11', unitId: parkId });
      expect(cellOf(preview, 'B4')).toMatchObject({ status: 'changed', newValue: '90000' });
      expect(cellOf(preview, 'C4')).toMatchObject({ status: 'unchanged' });
      expect(preview.canCommit).toBe(true);
      await host.call('imports:commit', { previewId: preview.previewId });
      // Nothing is overwritten: the figure model shows the two as a mismatch.
      const a01 = (field: string) => db().prepare("SELECT value FROM cell_values WHERE indicator_id = ? AND period = '2023-11' AND field = ?").get(id('A01'), field);
      expect(a01('month')).toEqual({ value: '90000' });
      expect(a01('cumulative')).toEqual({ value: '863300' });
    });

    it('refuses a commit when a cell it writes was changed after the preview, writing nothing', async () => {
      const path = join(host.dir, 'return.xlsx');
      await writeReturn(exported, path, { B7: 4100, C5: 700 });
      const preview = await host.call('imports:preview', { templateId, paths: [path], period: '2023-11', unitId: parkId });
      expect(cellOf(preview, 'B7')).toMatchObject({ status: 'changed', oldValue: '4000', newValue: '4100' });
      // The clerk types over the figure after the preview.
      await host.call('values:set', { unitId: parkId, source: 'edit', changes: [{ indicatorId: id('A03'), period: '2023-11', field: 'month', value: '5000' }] });
      const logged = count('SELECT count(*) AS n FROM change_log');
      const message = await host.refusal('imports:commit', { previewId: preview.previewId });
      expect(message).toContain('“月报”!B7 一般公共预算收入 本月：预览时 4000，现在 5000（文件中为 4100）');
      expect(message).toContain('未导入任何数据');
      expect(message).toContain('请重新预览');
      const a03 = db().prepare("SELECT value FROM cell_values WHERE indicator_id = ? AND period = '2023-11' AND field = 'month'").get(id('A03'));
      expect(a03).toEqual({ value: '5000' });
      // C5 (new, unchanged since the preview) was not written either.
      expect(count("SELECT count(*) AS n FROM cell_values WHERE indicator_id = ? AND field = 'cumulative'", id('A02'))).toBe(0);
      expect(count('SELECT count(*) AS n FROM change_log')).toBe(logged);
      expect(await host.refusal('imports:commit', { previewId: preview.previewId })).toContain('已失效');

      // A fresh preview compares with 5000 and commits.
      const again = await host.call('imports:preview', { templateId, paths: [path], period: '2023-11', unitId: parkId });
      expect(cellOf(again, 'B7')).toMatchObject({ status: 'changed', oldValue: '5000', newValue: '4100' });
      await host.call('imports:commit', { previewId: again.previewId });
      expect(db().prepare("SELECT value FROM cell_values WHERE indicator_id = ? AND period = '2023-11' AND field = 'month'").get(id('A03'))).toEqual({ value: '4100' });
    });

    it('flags a return whose title names another month', async () => {
      const path = join(host.dir, 'return.xlsx');
      await writeReturn(exported, path, {}, '2023年10月园区主要经济指标');
      const preview = await host.call('imports:preview', { templateId, paths: [path], period: '2023-11', unitId: parkId });
      expect(preview.files[0]?.problems.join()).toContain('2023年10月');
      expect(preview.canCommit).toBe(false);
    });

    async function townshipFolder(): Promise<string> {
      const folder = join(host.dir, 'returns');
      await mkdir(folder);
      for (const [name, value] of [['城关镇', 100], ['新华镇', 200], ['东风镇', 300]] as const) {
        await writeReturn(exported, join(folder, `园区月报-${name}.xlsx`), { B7: value, C7: '', C4: '', B4: '', D4: '' });
      }
      return folder;
    }
    const townshipValues = () => count("SELECT count(*) AS n FROM cell_values WHERE unit_id <> ?", parkId);

    it('commits a folder of returns in one transaction and one undo step', async () => {
      const preview = await host.call('imports:preview', { templateId, paths: [await townshipFolder()], period: '2023-11' });
      expect(preview.files.map((f) => f.unitName)).toEqual(['东风镇', '城关镇', '新华镇'].sort((a, b) => a.localeCompare(b, 'zh-CN')));
      expect(preview.canCommit).toBe(true);
      expect(preview.counts.new).toBe(3);
      const result = await host.call('imports:commit', { previewId: preview.previewId });
      expect(result.applied).toBe(3);
      expect(townshipValues()).toBe(3);
      expect(count("SELECT count(DISTINCT batch_id) AS n FROM change_log WHERE source = 'import'")).toBe(1);
      const xinhua = (await host.call('units:list', undefined)).find((u) => u.name === '新华镇')?.id ?? 0;
      const view = await host.call('grid:formView', { formId, unitId: xinhua, period: '2023-11' });
      expect(view.rows.find((r) => r.code === 'A03')?.cells.month?.value).toBe('200');

      // The same preview cannot be committed twice; undo takes the whole import back.
      expect(await host.refusal('imports:commit', { previewId: preview.previewId })).toContain('已失效');
      await host.call('history:undo', undefined);
      expect(townshipValues()).toBe(0);
    });

    it('writes nothing of any file when the third fails at commit time', async () => {
      const preview = await host.call('imports:preview', { templateId, paths: [await townshipFolder()], period: '2023-11' });
      expect(preview.canCommit).toBe(true);
      const dongfeng = (await host.call('units:list', undefined)).find((u) => u.name === '东风镇')?.id ?? 0;
      // 东风镇 sorts last among the batches only by unit order; the failure must roll back the others either way.
      await host.call('units:remove', { id: dongfeng });
      expect(await host.refusal('imports:commit', { previewId: preview.previewId })).toContain('找不到该填报单位');
      expect(townshipValues()).toBe(0);
      expect(count("SELECT count(*) AS n FROM change_log WHERE source = 'import'")).toBe(0);
    });

    it('cancel drops the preview and writes nothing', async () => {
      const preview = await host.call('imports:preview', { templateId, paths: [await townshipFolder()], period: '2023-11' });
      expect(await host.call('imports:cancel', { previewId: preview.previewId })).toBeNull();
      expect(await host.refusal('imports:commit', { previewId: preview.previewId })).toContain('已失效');
      expect(townshipValues()).toBe(0);
    });

    it('undo of an import restores the previous values', async () => {
      const path = join(host.dir, 'return-本园区.xlsx');
      await writeReturn(exported, path, { B7: 4500, C5: 700 });
      const preview = await host.call('imports:preview', { templateId, paths: [path], period: '2023-11' });
      expect(preview.files[0]?.unitName).toBe('本园区');
      await host.call('imports:commit', { previewId: preview.previewId });
      const a03 = () => db().prepare("SELECT value FROM cell_values WHERE indicator_id = ? AND period = '2023-11' AND field = 'month'").get(id('A03'));
      expect(a03()).toEqual({ value: '4500' });
      const undo = await host.call('history:undo', undefined);
      expect(undo.description).toContain('导入 1 个文件');
      expect(a03()).toEqual({ value: '4000' });
      expect(count("SELECT count(*) AS n FROM cell_values WHERE indicator_id = ? AND field = 'cumulative' AND period = '2023-11'", id('A02'))).toBe(0);
    });

    it('names files whose unit cannot be told from the file name', async () => {
      const path = join(host.dir, '报表.xlsx');
      await copyFile(exported, path);
      const preview = await host.call('imports:preview', { templateId, paths: [path, join(host.dir, 'nope.xlsx')], period: '2023-11' });
      expect(preview.files[0]?.problems.join()).toContain('无法从文件名“报表.xlsx”判断填报单位');
      expect(preview.files[1]?.problems.join()).toContain('找不到“nope.xlsx”');
      expect(preview.canCommit).toBe(false);
    });
  });

  describe('plain form-view exports', () => {
    beforeEach(async () => {
      await host.call('values:set', { unitId: parkId, source: 'edit', changes: [{ indicatorId: id('A01'), period: '2023-11', field: 'note', value: '=HYPERLINK("x")' }] });
    });

    it('writes a styled .xlsx with a frozen header and per-indicator number formats', async () => {
      const result = await host.call('exports:formView', { formId, unitId: parkId, period: '2023-11', format: 'xlsx', outputPath: 'form.xlsx' });
      const { default: ExcelJS } = await import('exceljs');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(result.files[0] ?? '');
      const ws = workbook.worksheets[0];
      expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws?.getCell('A1').value).toBe('园区主要经济指标月报');
      expect(ws?.getCell('A2').text).toContain('本园区');
      expect(ws?.getCell('E3').value).toBe('1-11月累计');
      const a01 = ws?.getRows(1, 30)?.find((r) => r.getCell(1).value === '规模以上工业总产值');
      expect(a01?.getCell(5).value).toBe(863300);
      expect(a01?.getCell(5).numFmt).toBe('#,##0.0');
      const child = ws?.getRows(1, 30)?.find((r) => r.getCell(1).value === '其中：工业投资');
      expect(child?.getCell(1).alignment?.indent).toBe(1);
    });

    it('writes GBK CSV with formula-looking text neutralised', async () => {
      const result = await host.call('exports:formView', { formId, unitId: parkId, period: '2023-11', format: 'csv', encoding: 'gbk', outputPath: 'form.csv' });
      const text = iconv.decode(await readFile(result.files[0] ?? ''), 'gb18030');
      expect(text).toContain('规模以上工业总产值,A01,万元,83300.0,863300.0,814900.0,,5.9');
      expect(text).toContain(`"'=HYPERLINK(""x"")"`);
      const utf8 = await host.call('exports:formView', { formId, unitId: parkId, period: '2023-11', format: 'csv', outputPath: 'form.csv' });
      expect(utf8.files[0]).toMatch(/form\(2\)\.csv$/);
      expect((await readFile(utf8.files[0] ?? '')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    });
  });
});
