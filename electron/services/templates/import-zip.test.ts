import { readdir } from 'node:fs/promises';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TemplateBindingInput } from '../../../shared/api/template-api.js';
import { writeStarterLikeTemplate } from '../../../tests/fixtures/starter-like-template.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { decodeEntryName } from '../excel/zip-archive.js';
import { MAIN_THREAD_ID, workerTaskRecords } from '../jobs/worker-pool.js';

/** A township's return: the park's exported form with 本月 收入 (B7) filled in, saved by ExcelJS. */
async function writeReturn(source: string, target: string, value: number): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(source);
  const ws = workbook.getWorksheet('月报');
  if (!ws) throw new Error('no sheet');
  for (const address of ['C7', 'C4', 'B4', 'D4']) ws.getCell(address).value = null;
  ws.getCell('B7').value = value;
  await workbook.xlsx.writeFile(target);
  return readFile(target);
}

describe('template jobs off the main thread, and returns from a zip', () => {
  let host: TestHost;
  let templateId: number;
  let exported: string;
  const db = () => {
    if (!host.ctx.session) throw new Error('no workbook');
    return host.ctx.session.db;
  };
  const count = (sql: string): number => (db().prepare(sql).get() as { n: number }).n;
  const townshipValues = (): number => count("SELECT count(*) AS n FROM cell_values WHERE unit_id IN (SELECT id FROM reporting_units WHERE name IN ('城关镇', '新华镇', '东风镇'))");

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'zip', starterCatalog: true });
    const catalog = await host.call('catalog:get', {});
    for (const [code, name] of [['002', '城关镇'], ['003', '新华镇'], ['004', '东风镇']] as const) await host.call('units:add', { code, name, parentId: null });
    const path = join(host.dir, '园区月报.xlsx');
    await writeStarterLikeTemplate(path);
    templateId = (await host.call('templates:register', { path })).id;
    const proposals = await host.call('templates:autoMap', { templateId, formId: catalog.form.id });
    const bindings: TemplateBindingInput[] = proposals.map(({ sheet, cell, indicatorId, figure, unit, periodOffset }) => ({ sheet, cell, indicatorId, figure, unit, periodOffset }));
    await host.call('templates:saveBindings', { templateId, bindings });
    const park = (await host.call('units:list', undefined))[0]?.id ?? 0;
    exported = (await host.call('templates:export', { templateId, unitIds: [park], period: '2023-11', outputDir: 'out' })).files[0] ?? '';
  });
  afterEach(() => host.dispose());

  it('fills the export in a worker thread, not on the host’s main thread', () => {
    const fills = workerTaskRecords().filter((r) => r.task === 'fillTemplate');
    expect(fills.at(-1)).toMatchObject({ outcome: 'done' });
    expect(fills.at(-1)?.threadId).not.toBe(MAIN_THREAD_ID);
  });

  it('imports a zip of two returns: each file matched to its unit, one preview, one commit, one undo step', async () => {
    const zip = new JSZip();
    zip.file('11月报表/园区月报-城关镇.xlsx', await writeReturn(exported, join(host.dir, 'a.xlsx'), 100));
    zip.file('11月报表/园区月报-新华镇.xlsx', await writeReturn(exported, join(host.dir, 'b.xlsx'), 200));
    zip.file('__MACOSX/11月报表/._园区月报-城关镇.xlsx', 'resource fork');
    const zipPath = join(host.dir, '乡镇报表.zip');
    await writeFile(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const readsBefore = workerTaskRecords().filter((r) => r.task === 'readReturn').length;

    const preview = await host.call('imports:preview', { templateId, paths: [zipPath], period: '2023-11' });
    expect(preview.files.map((f) => [f.fileName, f.unitName])).toEqual([
      ['园区月报-城关镇.xlsx', '城关镇'],
      ['园区月报-新华镇.xlsx', '新华镇'],
    ]);
    expect(preview.canCommit).toBe(true);
    expect(preview.counts.new).toBe(2);
    // Both returns were read in the worker pool.
    expect(workerTaskRecords().filter((r) => r.task === 'readReturn' && r.outcome === 'done').length).toBeGreaterThanOrEqual(Math.min(readsBefore + 2, 50));

    const result = await host.call('imports:commit', { previewId: preview.previewId });
    expect(result.applied).toBe(2);
    expect(townshipValues()).toBe(2);
    expect(count("SELECT count(DISTINCT batch_id) AS n FROM change_log WHERE source = 'import'")).toBe(1);
    const undo = await host.call('history:undo', undefined);
    expect(undo.description).toContain('导入 2 个文件');
    expect(townshipValues()).toBe(0);
  });

  it('refuses a zip bomb entry and a zip without returns, in Chinese, writing nothing', async () => {
    const zip = new JSZip();
    zip.file('园区月报-城关镇.xlsx', await writeReturn(exported, join(host.dir, 'a.xlsx'), 100));
    zip.file('园区月报-东风镇.xlsx', Buffer.alloc(8 * 1024 * 1024, 0x20)); // 8 MB of blanks deflate ~1000:1
    const bomb = join(host.dir, '报表.zip');
    await writeFile(bomb, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const preview = await host.call('imports:preview', { templateId, paths: [bomb], period: '2023-11' });
    expect(preview.files.find((f) => f.fileName === '园区月报-东风镇.xlsx')?.problems.join()).toMatch(/压缩包“报表\.zip”中的“园区月报-东风镇\.xlsx”压缩比达 \d+ 倍/);
    expect(preview.canCommit).toBe(false);
    expect(await host.refusal('imports:commit', { previewId: preview.previewId })).toContain('问题');

    const empty = new JSZip();
    empty.file('说明.docx', 'not a return');
    const emptyPath = join(host.dir, '空.zip');
    await writeFile(emptyPath, await empty.generateAsync({ type: 'nodebuffer' }));
    const none = await host.call('imports:preview', { templateId, paths: [emptyPath], period: '2023-11' });
    expect(none.files[0]?.problems.join()).toContain('压缩包“空.zip”中没有报表文件');
    expect(none.canCommit).toBe(false);

    const many = new JSZip();
    for (let i = 0; i < 1001; i++) many.file(`园区月报-${i}.csv`, '1');
    const manyPath = join(host.dir, '多.zip');
    await writeFile(manyPath, await many.generateAsync({ type: 'nodebuffer' }));
    const tooMany = await host.call('imports:preview', { templateId, paths: [manyPath], period: '2023-11' });
    expect(tooMany.files[0]?.problems.join()).toContain('包含的部件过多（1001 个）');
    expect(townshipValues()).toBe(0);
    expect(await readdir(join(host.dir, 'out'))).toHaveLength(1);
  });

  it('reads names Windows wrote in GBK, and UTF-8 names without the flag', () => {
    const gbk = Buffer.from([0xb3, 0xc7, 0xb9, 0xd8, 0xd5, 0xf2, 0x2e, 0x78, 0x6c, 0x73, 0x78]); // 城关镇.xlsx in CP936
    expect(decodeEntryName(gbk, false)).toBe('城关镇.xlsx');
    expect(decodeEntryName(Buffer.from('新华镇.xlsx', 'utf8'), false)).toBe('新华镇.xlsx');
    expect(decodeEntryName(Buffer.from('[Content_Types].xml'), false)).toBe('[Content_Types].xml');
  });
});
