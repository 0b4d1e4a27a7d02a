import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CellChange } from '../../../shared/api/grid-api.js';
import { DEFAULT_NARRATIVE_SETTINGS, type NarrativeSettings } from '../../../shared/narrative/index.js';
import { addIndicator as addTestIndicator, countyWorkbook } from '../../../tests/support/county-workbook.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

/** Short sentences: name, value and 同比 only, so each case reads its figures plainly. */
const PLAIN: NarrativeSettings = {
  ...DEFAULT_NARRATIVE_SETTINGS,
  templates: { ...DEFAULT_NARRATIVE_SETTINGS.templates, flow: '{名称}[完成{数值}][，同比{增速}]', stock: '{名称}[{数值}]' },
};

describe('工作总结 of a consolidated node and the ledgers’ counts', () => {
  let host: TestHost;
  let county = 0;
  let countyName = '';
  let east = 0;
  let west = 0;
  let formId = 0;
  const ids = new Map<string, number>();

  const addIndicator = async (fields: Parameters<typeof addTestIndicator>[2]): Promise<number> => {
    const id = await addTestIndicator(host, formId, { decimals: 2, ...fields });
    ids.set(fields.code, id);
    return id;
  };
  const save = (unitId: number, changes: CellChange[]) => host.call('values:set', { unitId, changes, source: 'edit' });
  const generate = (request: { unitId: number; period: string; consolidated?: boolean; ledgers?: boolean; indicatorCodes?: string[] }) =>
    host.call('narrative:generate', { settings: PLAIN, ...request });

  beforeEach(async () => {
    host = makeTestHost();
    const made = await countyWorkbook(host, [
      ['101', '东乡'],
      ['102', '西镇'],
    ]);
    ({ formId } = made);
    county = made.county.id;
    countyName = made.county.name;
    east = made.units.get('101') ?? 0;
    west = made.units.get('102') ?? 0;
  });
  afterEach(() => host.dispose());

  it('writes a node’s paragraph from its 汇总 (Σ of its units, 同比 on the same scope), or from its own figures when asked', async () => {
    const output = await addIndicator({ code: 'A', name: '工业总产值' });
    await save(east, [
      { indicatorId: output, period: '2024-06', field: 'cumulative', value: '30000' },
      { indicatorId: output, period: '2023-06', field: 'cumulative', value: '24000' },
    ]);
    await save(west, [
      { indicatorId: output, period: '2024-06', field: 'cumulative', value: '20000' },
      { indicatorId: output, period: '2023-06', field: 'cumulative', value: '16000' },
    ]);
    // The county also types its own figure: its own paragraph says that one, the 汇总 the sum.
    await save(county, [
      { indicatorId: output, period: '2024-06', field: 'cumulative', value: '48000' },
      { indicatorId: output, period: '2023-06', field: 'cumulative', value: '40000' },
    ]);

    const total = await generate({ unitId: county, period: '2024-06' });
    expect(total.text).toBe(`1-6月，${countyName}工业总产值完成5.00亿元，同比增长25.0%。`);
    expect(total.consolidated).toBe(true);
    expect(total.notes[0]).toContain('下2024年6月在用的2个填报单位');

    const own = await generate({ unitId: county, period: '2024-06', consolidated: false });
    expect(own.text).toBe(`1-6月，${countyName}工业总产值完成4.80亿元，同比增长20.0%。`);
    expect(own.consolidated).toBe(false);

    // A unit without units under it is written from its own figures.
    const township = await generate({ unitId: east, period: '2024-06' });
    expect(township).toMatchObject({ text: '1-6月，东乡工业总产值完成3.00亿元，同比增长25.0%。', consolidated: false, notes: [] });
  });

  it('leaves out a total a township’s gap keeps unknown, and never sums it as 0', async () => {
    const output = await addIndicator({ code: 'A', name: '工业总产值' });
    const revenue = await addIndicator({ code: 'R', name: '营业收入' });
    await save(east, [
      { indicatorId: output, period: '2024-05', field: 'cumulative', value: '25000' },
      { indicatorId: output, period: '2024-06', field: 'cumulative', value: '30000' },
      { indicatorId: revenue, period: '2024-06', field: 'cumulative', value: '800' },
    ]);
    await save(west, [
      { indicatorId: output, period: '2024-05', field: 'cumulative', value: '15000' },
      { indicatorId: revenue, period: '2024-06', field: 'cumulative', value: '700' },
    ]);
    const result = await generate({ unitId: county, period: '2024-06' });
    expect(result.text).toBe(`1-6月，${countyName}营业收入完成1500.00万元。`);
    expect(result.omitted.map((o) => o.code)).toEqual(['A']);
    expect(result.text).not.toContain('3.00亿元');
  });

  it('says the ledgers’ project and enterprise counts of the node, only those the ledgers hold', async () => {
    await addIndicator({ code: 'A', name: '工业总产值' });
    const project = async (name: string, unitId: number, totalInvestment: string, steps: Array<['签约' | '开工' | '竣工投产', string]>): Promise<void> => {
      const saved = await host.call('projects:save', { fields: { name, unitId, category: '产业', totalInvestment, progressText: '', leader: '' }, listUnitId: county });
      const id = saved.find((p) => p.name === name)?.id ?? 0;
      for (const [status, period] of steps) await host.call('projects:setStatus', { id, status, period, listUnitId: county });
    };
    await project('新能源电池项目', east, '25000', [['签约', '2024-03'], ['开工', '2024-05']]);
    await project('农机配件项目', west, '5000', [['签约', '2024-02']]);
    await project('光伏基地项目', west, '30000', [['签约', '2023-11'], ['竣工投产', '2024-04']]);

    const june = await generate({ unitId: county, period: '2024-06' });
    // 2 signed this year (one of 1亿元 or more), 3.00亿元 between them; last November's signing is not this year's.
    expect(june.text).toBe(`1-6月，${countyName}新签约项目2个，其中亿元以上项目1个，协议总投资3.00亿元，新开工项目1个，竣工投产项目1个。`);
    expect((await generate({ unitId: county, period: '2024-02' })).text).toBe(`1-2月，${countyName}新签约项目1个，协议总投资5000万元。`);
    // A township speaks of its own projects only.
    expect((await generate({ unitId: east, period: '2024-03' })).text).toBe('1-3月，东乡新签约亿元以上项目1个，协议总投资2.50亿元。');
    // Nothing signed, started or finished yet: no sentence, never "0个".
    expect((await generate({ unitId: county, period: '2024-01' })).text).toBe('');
    expect((await generate({ unitId: county, period: '2024-06', ledgers: false })).text).toBe('');

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('企业名录');
    sheet.addRow(['企业名称', '统一社会信用代码', '所属单位', '行业代码', '规模', '高新技术企业', '雏鹰企业']);
    sheet.addRow(['甲科技有限公司', '91350100M000100Y43', '101', 'C3911', '规上', '2023-01', '']);
    sheet.addRow(['乙制造有限公司', '914403001922038216', '102', 'C3411', '规下', '2022-03至2023-12', '2023-06']);
    await workbook.xlsx.writeFile(join(host.dir, '名录.xlsx'));
    await host.call('roster:import', { path: '名录.xlsx' });

    // Designations held at period end: 乙's 高新技术企业 ended in 2023-12.
    expect((await generate({ unitId: county, period: '2023-06' })).text).toBe(`1-6月，${countyName}国家高新技术企业2家，认定雏鹰企业1家。`);
    expect((await generate({ unitId: county, period: '2024-06' })).text).toContain('；国家高新技术企业1家，认定雏鹰企业1家。');
    expect((await generate({ unitId: west, period: '2024-06' })).text).toBe('1-6月，西镇新签约项目1个，协议总投资5000万元，竣工投产项目1个；认定雏鹰企业1家。');

    // An indicator of the paragraph already counting 高新技术企业 from the roster is not said twice.
    const highTech = await addIndicator({ code: 'H', name: '高新技术企业', kind: 'stock', unit: '家', decimals: 0, entryBasis: 'month' });
    await host.call('roster:bindIndicator', { indicatorId: highTech, source: '高新技术企业' });
    const bound = await generate({ unitId: county, period: '2023-06', indicatorCodes: ['H'] });
    expect(bound.text).toBe(`1-6月，${countyName}高新技术企业2家；认定雏鹰企业1家。`);
  });
});
