import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IndicatorFields } from '../../../shared/api/catalog-api.js';
import { type CellChange } from '../../../shared/api/grid-api.js';
import { DEFAULT_NARRATIVE_SETTINGS, type NarrativeSettings } from '../../../shared/narrative/index.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

describe('工作总结 paragraph from a real workbook', () => {
  let host: TestHost;
  let formId: number;
  let unitId: number;

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'narrative', starterCatalog: false });
    formId = (await host.call('catalog:get', {})).form.id;
    unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
  });
  afterEach(() => host.dispose());

  const addIndicator = async (fields: Partial<IndicatorFields> & Pick<IndicatorFields, 'code' | 'name'>): Promise<number> => {
    const catalog = await host.call('catalog:addIndicator', {
      formId,
      afterItemId: null,
      fields: { unit: '万元', decimals: 2, kind: 'flow', entryBasis: 'cumulative', parentId: null, growthBasis: 'nominal', ...fields },
    });
    const item = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === fields.code);
    if (item?.type !== 'indicator') throw new Error(`indicator ${fields.code} not added`);
    return item.indicator.id;
  };
  const save = (changes: CellChange[]) => host.call('values:set', { unitId, changes, source: 'edit' });
  const settingsWith = (changes: Omit<Partial<NarrativeSettings>, 'templates'> & { templates?: Partial<NarrativeSettings['templates']> }): NarrativeSettings => ({
    ...DEFAULT_NARRATIVE_SETTINGS,
    ...changes,
    templates: { ...DEFAULT_NARRATIVE_SETTINGS.templates, ...changes.templates },
  });

  it('regenerates seed 000 from its figures: 86.33亿元, 5.94%, the park’s 预计全年 93.33亿元 and 8.73%', async () => {
    // The park's own 预计全年 is typed as the annual figure it expects (method 按目标).
    const output = await addIndicator({ code: 'A01', name: '规模以上工业总产值', projectionMethod: 'target' });
    await save([
      { indicatorId: output, period: '2023-11', field: 'cumulative', value: '863300' },
      { indicatorId: output, period: '2022-11', field: 'cumulative', value: '814900' },
      { indicatorId: output, period: '2022-12', field: 'cumulative', value: '858400' },
      { indicatorId: output, period: '2023', field: 'target', value: '933300' },
    ]);
    const settings = settingsWith({
      periodStyle: 'month-end',
      rateDecimals: 2,
      templates: { paragraph: '{正文}', separator: '。' },
      overrides: { A01: '规模以上工业完成产值：{前缀}完成{数值}[，同比{增速}][。预计全年完成产值{预计全年}[，同比{预计增速}]]' },
    });
    await host.call('narrative:saveSettings', settings);
    const result = await host.call('narrative:generate', { unitId, period: '2023-11' });
    expect(result.text).toBe('规模以上工业完成产值：截至11月底完成86.33亿元，同比增长5.94%。预计全年完成产值93.33亿元，同比增长8.73%');
    // Saved with the workbook: a second generate (and a reopen) uses the same settings.
    expect(await host.call('narrative:settings', undefined)).toEqual(settings);
  });

  it('regenerates seed 003: 上半年, 34亿元 同比增长2%, 4719万元 同比增长16.8倍', async () => {
    const output = await addIndicator({ code: 'O', name: '工业总产值' });
    const revenue = await addIndicator({ code: 'R', name: '一般公共财政预算收入' });
    await save([
      { indicatorId: output, period: '2023-06', field: 'cumulative', value: '340000' },
      { indicatorId: output, period: '2023-06', field: 'prior_cumulative', value: '333333.33' },
      { indicatorId: revenue, period: '2023-06', field: 'cumulative', value: '4719' },
      { indicatorId: revenue, period: '2023-06', field: 'prior_cumulative', value: '265.11' },
    ]);
    const settings = settingsWith({ periodStyle: 'named', trimZeros: true, templates: { paragraph: '{前缀}，{正文}', flow: '{名称}[完成{数值}][，同比{增速}]' } });
    const result = await host.call('narrative:generate', { unitId, period: '2023-06', settings });
    expect(result.text).toBe('上半年，工业总产值完成34亿元，同比增长2%；一般公共财政预算收入完成4719万元，同比增长16.8倍');
  });

  it('writes 其中 clauses with 占比, 增速 against the previous month, and leaves out what has no figure', async () => {
    const total = await addIndicator({ code: 'I', name: '固定资产投资' });
    const part = await addIndicator({ code: 'I1', name: '国有投资', parentId: total });
    await addIndicator({ code: 'N', name: '新签约项目个数', unit: '个', decimals: 0, entryBasis: 'month' });
    await save([
      { indicatorId: total, period: '2023-08', field: 'cumulative', value: '50000' },
      { indicatorId: total, period: '2023-08', field: 'prior_cumulative', value: '48309.18' },
      { indicatorId: total, period: '2023-09', field: 'cumulative', value: '60000' },
      { indicatorId: total, period: '2023-09', field: 'prior_cumulative', value: '56818.18' },
      { indicatorId: part, period: '2023-09', field: 'cumulative', value: '25140' },
      { indicatorId: part, period: '2023-09', field: 'prior_cumulative', value: '22346.67' },
    ]);
    const result = await host.call('narrative:generate', { unitId, period: '2023-09' });
    expect(result.text).toBe(
      '1-9月，本单位固定资产投资完成6.00亿元，同比增长5.6%，增速比1-8月加快2.1个百分点，其中国有投资完成2.51亿元，同比增长12.5%，占固定资产投资比重为41.9%，' +
        '预计全年完成8.00亿元（按时间进度推算）。',
    );
    expect(result.omitted.map((o) => o.code)).toEqual(['N']);
  });

  it('speaks only of the indicators asked for, and refuses an unknown code in Chinese', async () => {
    const a = await addIndicator({ code: 'A', name: '工业总产值' });
    const b = await addIndicator({ code: 'B', name: '固定资产投资' });
    await save([
      { indicatorId: a, period: '2023-03', field: 'cumulative', value: '100' },
      { indicatorId: b, period: '2023-03', field: 'cumulative', value: '200' },
    ]);
    const only = await host.call('narrative:generate', { unitId, period: '2023-03', indicatorCodes: ['B'] });
    expect(only.text).toContain('固定资产投资');
    expect(only.text).not.toContain('工业总产值');
    expect(await host.refusal('narrative:generate', { unitId, period: '2023-03', indicatorCodes: ['ZZ'] })).toMatch(/找不到指标代码“ZZ”/);
  });

  it('refuses to save a template it cannot use, and keeps the saved one', async () => {
    const bad = settingsWith({ templates: { flow: '{名称}完成{金额}' } });
    expect(await host.refusal('narrative:saveSettings', bad)).toMatch(/占位符“\{金额\}”不可用.*请修改模板后重试/);
    expect(await host.call('narrative:settings', undefined)).toEqual(DEFAULT_NARRATIVE_SETTINGS);
  });
});

describe('工作总结 of the demo workbook', () => {
  let host: TestHost;
  beforeEach(() => {
    host = makeTestHost();
  });
  afterEach(() => host.dispose());

  it('writes the park’s 1-11月 paragraph from the demo figures: 86.33亿元, 同比增长5.9%', async () => {
    await host.call('workbook:createDemo', { path: 'demo' });
    const unitId = (await host.call('units:list', undefined)).find((u) => u.code === '001')?.id ?? 0;
    const settings = { ...DEFAULT_NARRATIVE_SETTINGS, periodStyle: 'month-end' as const };
    const result = await host.call('narrative:generate', { unitId, period: '2023-11', settings });
    expect(result.text.startsWith('截至11月底，京滨工业园规模以上工业总产值完成86.33亿元，同比增长5.9%')).toBe(true);
    expect(result.text).toContain('其中工业投资完成5.20亿元，同比增长38.0%');
    expect(result.text).toContain('承接北京非首都功能任务完成17.34亿元');
    expect(result.text).toContain('年度目标完成率115.6%，超时间进度23.9个百分点');
    expect(result.text).toContain('隐患整改率为100.0%');
    expect(result.text).not.toMatch(/—|NaN|undefined/);
    // An unchanged growth rate against 1-10月 goes unsaid (the seeds only mention changes).
    expect(result.text).not.toContain('增速比1-10月持平');
  });
});

describe('exporting the paragraph', () => {
  let host: TestHost;
  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:createDemo', { path: 'demo' });
  });
  afterEach(() => host.dispose());

  it('writes .txt as UTF-8 with BOM and .docx that reads back with the edited text, never replacing a file', async () => {
    const { readFile } = await import('node:fs/promises');
    const { default: JSZip } = await import('jszip');
    const text = '截至11月底，京滨工业园规模以上工业总产值完成86.33亿元，同比增长5.9%。\n下一段：R&D <投入>。';
    const txt = await host.call('narrative:export', { text, format: 'txt', outputPath: '工作总结' });
    const bytes = await readFile(txt.files[0] ?? '');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(text.replace('\n', '\r\n'));

    const docx = await host.call('narrative:export', { text, format: 'docx', outputPath: '工作总结.docx' });
    const zip = await JSZip.loadAsync(await readFile(docx.files[0] ?? ''));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const paragraphs = [...xml.matchAll(/<w:p>.*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
    expect(paragraphs).toEqual(['截至11月底，京滨工业园规模以上工业总产值完成86.33亿元，同比增长5.9%。', '下一段：R&amp;D &lt;投入&gt;。']);
    expect(zip.file('[Content_Types].xml')).not.toBeNull();

    const again = await host.call('narrative:export', { text, format: 'docx', outputPath: '工作总结.docx' });
    expect(again.files[0]).toMatch(/工作总结\(2\)\.docx$/);
    expect(again.notes[0]).toContain('已另存为');
  });
});
