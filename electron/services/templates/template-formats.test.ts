import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TemplateBindingInput } from '../../../shared/api/template-api.js';
import { type ImportPreview } from '../../../shared/domain/template.js';
import { handWrittenGbkHtml, handWrittenSpreadsheetMl, saveInEveryFormat, type FormatCopies } from '../../../tests/fixtures/format-fixtures.js';
import { writeStarterLikeTemplate } from '../../../tests/fixtures/starter-like-template.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { detectFileFormat, type SpreadsheetFormat } from '../excel/file-format.js';
import { readWorkbookFile } from '../excel/read-workbook.js';

/** The format each copy must be recognised as, from its bytes (the HTML and XML ones are named .xls). */
const EXPECTED: Record<keyof FormatCopies, SpreadsheetFormat> = { ods: 'ods', xls: 'xls', xlsb: 'xlsb', xml2003: 'xml2003', html: 'html' };
const FORMATS = Object.keys(EXPECTED) as Array<keyof FormatCopies>;

/** What a clerk sees of a preview: per cell its status and value. */
const shownCells = (preview: ImportPreview): string[] => (preview.files[0]?.cells ?? []).map((c) => `${c.sheet}!${c.cell} ${c.status} ${c.newValue ?? ''}`).sort();

describe('templates and returns in every format Excel, WPS and LibreOffice save', () => {
  let host: TestHost;
  let templateId: number;
  let parkId: number;
  let templates: FormatCopies;
  let returns: FormatCopies;
  let xlsxPreview: ImportPreview;

  beforeAll(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'formats', starterCatalog: true });
    const catalog = await host.call('catalog:get', {});
    const a01 = catalog.items.flatMap((i) => (i.type === 'indicator' && i.indicator.code === 'A01' ? [i.indicator.id] : []))[0] ?? 0;
    await host.call('units:add', { code: '002', name: '城关镇', parentId: null });
    parkId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    await host.call('values:set', { unitId: parkId, source: 'edit', changes: [{ indicatorId: a01, period: '2023-11', field: 'cumulative', value: '863300' }] });
    const template = join(host.dir, '园区月报.xlsx');
    await writeStarterLikeTemplate(template);
    templateId = (await host.call('templates:register', { path: template })).id;
    const proposals = await host.call('templates:autoMap', { templateId, formId: catalog.form.id });
    const bindings: TemplateBindingInput[] = proposals.map(({ sheet, cell, indicatorId, figure, unit, periodOffset }) => ({ sheet, cell, indicatorId, figure, unit, periodOffset }));
    await host.call('templates:saveBindings', { templateId, bindings });
    const exported = (await host.call('templates:export', { templateId, unitIds: [parkId], period: '2023-11', outputDir: 'out' })).files[0] ?? '';
    templates = await saveInEveryFormat(template, join(host.dir, 'templates'));
    returns = await saveInEveryFormat(exported, join(host.dir, 'returns'));
    xlsxPreview = await host.call('imports:preview', { templateId, paths: [exported], period: '2023-11', unitId: parkId });
  }, 300_000);
  afterAll(() => host.dispose());

  it.each(FORMATS)('%s: the format is told from the bytes, whatever the name says', async (format) => {
    for (const path of [templates[format], returns[format]]) {
      const snapshot = await readWorkbookFile(path);
      expect(snapshot.source).toBe(EXPECTED[format]);
      const texts = snapshot.sheets.flatMap((s) => s.cells.map((c) => (c.value?.type === 'text' ? c.value.value : '')));
      expect(texts.some((t) => t.includes('规模以上工业总产值'))).toBe(true);
    }
  });

  it.each(FORMATS)('%s: registers as a template with its sheets', async (format) => {
    const summary = await host.call('templates:register', { path: templates[format] });
    expect(summary.sheetNames).toContain(format === 'html' ? summary.sheetNames[0] : '月报');
    const view = await host.call('templates:view', { templateId: summary.id });
    expect(JSON.stringify(view)).toContain('规模以上工业总产值');
  });

  it.each(FORMATS)('%s: a return previews exactly like the same return as .xlsx', async (format) => {
    const preview = await host.call('imports:preview', { templateId, paths: [returns[format]], period: '2023-11', unitId: parkId });
    expect(preview.files[0]?.problems).toEqual([]);
    expect(shownCells(preview)).toEqual(shownCells(xlsxPreview));
    expect(preview.files[0]?.cells.find((c) => c.cell === 'C4')).toMatchObject({ status: 'unchanged', newValue: '863300' });
  });

  it('reads hand-written SpreadsheetML 2003 and a GBK HTML table, both named .xls', async () => {
    const rows = [['指标名称', '本月', '1-11月'], ['规模以上工业总产值', 8633, 86330.25]] as const;
    const dir = join(host.dir, 'hand');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '平台导出.xls'), handWrittenSpreadsheetMl('月报', rows));
    await writeFile(join(dir, '网页报表.xls'), iconv.encode(handWrittenGbkHtml(rows), 'gbk'));
    for (const [name, source] of [['平台导出.xls', 'xml2003'], ['网页报表.xls', 'html']] as const) {
      const snapshot = await readWorkbookFile(join(dir, name));
      expect(snapshot.source).toBe(source);
      const cells = snapshot.sheets[0]?.cells ?? [];
      expect(cells.find((c) => c.row === 1 && c.col === 0)?.value).toEqual({ type: 'text', value: '规模以上工业总产值' });
      expect(cells.find((c) => c.row === 1 && c.col === 2)?.value).toEqual({ type: 'number', value: '86330.25' });
    }
  });

  it('names what a file is when it is not a spreadsheet, from its bytes', async () => {
    const dir = join(host.dir, 'wrong');
    await mkdir(dir, { recursive: true });
    const cases: Array<[string, Buffer, RegExp]> = [
      ['月报.xlsx', Buffer.from('%PDF-1.4\n'), /“月报\.xlsx”实际是PDF 文档/],
      ['月报.xls', Buffer.from('指标,本月\n产值,1\n'), /实际是文本表格（CSV\/制表符分隔）.*另存为 \.xlsx/],
      ['报表.xlsx', Buffer.alloc(0), /空文件/],
    ];
    for (const [name, bytes, message] of cases) {
      await writeFile(join(dir, name), bytes);
      expect(await host.refusal('templates:register', { path: join(dir, name) })).toMatch(message);
    }
    expect(detectFileFormat(Buffer.from('<html><body><table><tr><td>1</td></tr></table>'), 'a.xls').kind).toBe('html');
  });
});
