import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

/** Writes a roster .xlsx into the host's data folder as a clerk's Excel would. */
async function rosterFile(host: TestHost, name: string, rows: string[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('企业名录');
  for (const row of rows) sheet.addRow(row);
  const path = join(host.dir, name);
  await workbook.xlsx.writeFile(path);
  return name;
}

const HEADER = ['企业名称', '统一社会信用代码', '所属单位', '行业代码', '规模', '高新技术企业', '雏鹰企业', '备注说明'];

describe('企业名录 on a real workbook', () => {
  let host: TestHost;
  let park = 0;
  let town = 0;

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'roster.statbench', starterCatalog: true });
    const [root] = await host.call('units:list', undefined);
    park = root?.id ?? 0;
    town = (await host.call('units:add', { code: '110', name: '东片区', parentId: park })).find((u) => u.code === '110')?.id ?? 0;
  });
  afterEach(() => host.dispose());

  it('previews an import row by row, imports the rows not refused as one undo step, and counts designations by month', async () => {
    const file = await rosterFile(host, '名录.xlsx', [
      HEADER,
      ['甲科技有限公司', '91350100M000100Y43', '001', 'C3911', '规上', '2023-01', '', ''],
      ['乙制造有限公司', '914403001922038216', '东片区', 'C3411', '规下', '2022-03至2023-12', '2023-06', ''],
      ['丙公司', '91350100M000100Y44', '001', '', '规上', '', '', ''],
    ]);
    const preview = await host.call('roster:preview', { path: file });
    expect(preview.unknownColumns).toEqual(['备注说明']);
    expect(preview.rows.map((r) => [r.rowNumber, r.status, r.change])).toEqual([
      [2, 'ok', 'new'],
      [3, 'ok', 'new'],
      [4, 'refused', undefined],
    ]);
    const imported = await host.call('roster:import', { path: file });
    expect(imported).toEqual({
      added: 2,
      changed: 0,
      unchanged: 0,
      refused: [{ rowNumber: 4, name: '丙公司', reasons: ['统一社会信用代码“91350100M000100Y44”校验位不符（第18位应为“3”），请核对是否录错'] }],
    });
    expect((await host.call('roster:list', { unitId: park })).map((e) => e.name)).toEqual(['甲科技有限公司', '乙制造有限公司']);
    expect((await host.call('roster:list', { unitId: town })).map((e) => e.name)).toEqual(['乙制造有限公司']);
    const counts = async (period: string) => (await host.call('roster:counts', { unitId: park, period })).byDesignation.filter((d) => d.count > 0);
    expect(await counts('2023-06')).toEqual([
      { designation: '高新技术企业', count: 2 },
      { designation: '雏鹰企业', count: 1 },
    ]);
    expect(await counts('2024-01')).toEqual([
      { designation: '高新技术企业', count: 1 },
      { designation: '雏鹰企业', count: 1 },
    ]);
    // A unit with enterprises is not deleted (retire it or move them).
    expect(await host.refusal('units:remove', { id: town })).toContain('企业名录中有 1 家企业属于该单位');
    // The same file again changes nothing; a change is matched by credit code.
    expect(await host.call('roster:preview', { path: file })).toMatchObject({ rows: [{ change: 'unchanged' }, { change: 'unchanged' }, { status: 'refused' }] });
    const changed = await rosterFile(host, '名录2.xlsx', [HEADER, ['甲科技股份有限公司', '91350100M000100Y43', '001', 'C3911', '规上', '2023-01', '', '']]);
    expect((await host.call('roster:preview', { path: changed })).rows[0]).toMatchObject({ change: 'changed', changedFields: ['企业名称'] });
    // Exported with its Chinese headers, the roster imports back unchanged.
    const exported = await host.call('roster:export', { unitId: park, outputPath: '导出名录' });
    const back = await host.call('roster:preview', { path: exported.files[0] ?? '' });
    expect(back.unknownColumns).toEqual([]);
    expect(back.rows.map((r) => [r.status, r.change])).toEqual([
      ['ok', 'unchanged'],
      ['ok', 'unchanged'],
    ]);
    // A file without the 规模 and designation columns leaves those fields as they are.
    const partial = await rosterFile(host, '名录3.xlsx', [['企业名称', '统一社会信用代码', '所属单位'], ['甲科技有限公司', '91350100M000100Y43', '001']]);
    expect((await host.call('roster:preview', { path: partial })).rows[0]).toMatchObject({ change: 'unchanged' });
    // Undo takes the whole import back.
    await host.call('history:undo', undefined);
    expect(await host.call('roster:list', { unitId: park })).toEqual([]);
  });

  it('refuses a file without the required columns, naming them, and changes nothing', async () => {
    const file = await rosterFile(host, '缺列.xlsx', [['企业名称', '地址'], ['甲', '某路1号']]);
    expect(await host.refusal('roster:import', { path: file })).toBe('文件“缺列.xlsx”的工作表“企业名录”缺少列：统一社会信用代码、所属单位。请在第一行写上这些列名后再导入，未做任何修改。');
    expect(await host.call('roster:list', { unitId: park })).toEqual([]);
  });

  it('feeds a stock indicator from the roster for any month, shown as derived, and its 汇总 counts every enterprise under the node', async () => {
    const file = await rosterFile(host, '名录.xlsx', [
      HEADER,
      ['甲科技有限公司', '91350100M000100Y43', '001', 'C3911', '规上', '2023-01', '', ''],
      ['乙制造有限公司', '914403001922038216', '东片区', 'C3411', '规下', '2022-03至2023-12', '2023-06', ''],
    ]);
    await host.call('roster:import', { path: file });
    const catalog = await host.call('catalog:get', {});
    const formId = catalog.form.id;
    const c01 = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === 'C01');
    const a01 = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === 'A01');
    if (c01?.type !== 'indicator' || a01?.type !== 'indicator') throw new Error('starter catalog missing');
    // A figure typed before binding is replaced by the count once the indicator is fed.
    await host.call('values:set', { unitId: park, source: 'edit', changes: [{ indicatorId: c01.indicator.id, period: '2023-06', field: 'month', value: '99' }] });
    expect(await host.refusal('roster:bindIndicator', { indicatorId: a01.indicator.id, source: '高新技术企业' })).toContain('不是存量指标');
    await host.call('roster:bindIndicator', { indicatorId: c01.indicator.id, source: '高新技术企业' });

    const cell = async (unitId: number, period: string) => (await host.call('grid:formView', { formId, unitId, period })).rows.find((r) => r.code === 'C01')?.cells.month;
    expect(await cell(park, '2023-06')).toMatchObject({ value: '2', state: 'derived', editable: false, remark: '取自企业名录：高新技术企业（期末数）' });
    // A figure typed (or imported) over the count is refused, and nothing is stored.
    const refused = await host.refusal('values:set', { unitId: park, source: 'edit', changes: [{ indicatorId: c01.indicator.id, period: '2023-07', field: 'month', value: '5' }] });
    expect(refused).toContain('由企业名录统计，不能直接填写');
    expect(host.ctx.session?.db.prepare("SELECT count(*) AS n FROM cell_values WHERE indicator_id = ? AND period = '2023-07'").get(c01.indicator.id)).toEqual({ n: 0 });
    expect((await cell(park, '2022-12'))?.value).toBe('1');
    expect((await cell(park, '2024-01'))?.value).toBe('1');
    expect((await cell(town, '2023-06'))?.value).toBe('1');
    // 上年同期 of the count and 同比 come from the same roster.
    const june = await host.call('grid:formView', { formId, unitId: park, period: '2023-06' });
    expect(june.rows.find((r) => r.code === 'C01')?.cells.prior_cumulative?.value).toBe('1');
    expect(june.rows.find((r) => r.code === 'C01')?.cells.growth?.display).toBe('100.0');
    // The park's 汇总 counts every enterprise under it; the comparison shows each unit's count.
    const total = await host.call('consolidation:formView', { formId, unitId: park, period: '2023-06' });
    expect(total.rows.find((r) => r.code === 'C01')?.cells.cumulative?.value).toBe('2');
    const compare = await host.call('consolidation:compare', { formId, unitId: park, period: '2023-06', indicatorIds: [c01.indicator.id] });
    expect(compare.rows.map((r) => [r.name, r.cells[c01.indicator.id]?.cumulative.value])).toEqual([['东片区', '1']]);
    // Unbound, the indicator is typed again and the typed figure is back.
    await host.call('roster:bindIndicator', { indicatorId: c01.indicator.id, source: null });
    expect(await cell(park, '2023-06')).toMatchObject({ value: '99', state: 'typed', editable: true });
  });
});
