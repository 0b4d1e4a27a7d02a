import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

/** A small county template written by ExcelJS into the data folder. */
async function writeTemplate(path: string, title: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('月报');
  sheet.getCell('A1').value = title;
  sheet.getRow(2).values = ['指标名称', '本月', '累计'];
  sheet.getRow(3).values = ['规模以上工业总产值'];
  await book.xlsx.writeFile(path);
}

describe('managing registered templates', () => {
  let host: TestHost;
  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'wb', starterCatalog: true });
    await writeTemplate(join(host.dir, '县月报.xlsx'), '园区月报');
    await writeTemplate(join(host.dir, '县季报.xlsx'), '园区季报');
  });
  afterEach(() => host.dispose());

  it('refuses the same file registered again, even renamed, naming the template it is', async () => {
    const first = await host.call('templates:register', { path: '县月报.xlsx', name: '园区月报' });
    copyFileSync(join(host.dir, '县月报.xlsx'), join(host.dir, '县月报-副本.xlsx'));
    expect(await host.refusal('templates:register', { path: '县月报-副本.xlsx' })).toBe('“县月报-副本.xlsx”已登记为模板“园区月报”（0 个映射），未重复登记。请在“报表模板”列表中选择它。');
    expect(await host.call('templates:list', undefined)).toEqual([first]);
    // A different file is registered as usual.
    await host.call('templates:register', { path: '县季报.xlsx' });
    expect((await host.call('templates:list', undefined)).map((t) => t.name)).toEqual(['园区月报', '县季报']);
  });

  it('renames a template as one undo step and refuses a name another template has', async () => {
    const monthly = await host.call('templates:register', { path: '县月报.xlsx' });
    await host.call('templates:register', { path: '县季报.xlsx' });
    expect(await host.call('templates:rename', { templateId: monthly.id, name: '  园区月报（2023版） ' })).toMatchObject({ id: monthly.id, name: '园区月报（2023版）', fileName: '县月报.xlsx' });
    expect(await host.refusal('templates:rename', { templateId: monthly.id, name: '县季报' })).toBe('已有名为“县季报”的模板，请换一个名称，未做任何修改。');
    expect(await host.refusal('templates:rename', { templateId: monthly.id, name: '  ' })).toContain('请填写模板名称');
    expect((await host.call('history:undo', undefined)).description).toBe('已撤销：模板“县月报”改名为“园区月报（2023版）”');
    expect((await host.call('templates:list', undefined))[0]?.name).toBe('县月报');
  });
});
