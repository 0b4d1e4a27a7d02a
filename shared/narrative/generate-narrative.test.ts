import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NarrativeFigure, type NarrativeModel } from './narrative-model.js';
import { DEFAULT_NARRATIVE_SETTINGS, type NarrativeSettings } from './narrative-settings.js';
import { generateNarrative, periodPrefix } from './generate-narrative.js';

let nextId = 1;
/** A figure with nothing but a name: every field not given is "no figure". */
function figure(fields: Partial<NarrativeFigure> & Pick<NarrativeFigure, 'code' | 'name'>): NarrativeFigure {
  return {
    indicatorId: nextId++,
    unit: '万元',
    decimals: 1,
    kind: 'flow',
    parentId: null,
    value: null,
    growth: null,
    previousGrowth: null,
    share: null,
    completion: null,
    progressGap: null,
    projection: null,
    ...fields,
  };
}
const pct = (value: string) => ({ kind: 'percent' as const, value });

function model(figures: NarrativeFigure[], period = '2023-11', unitName = '京滨工业园'): NarrativeModel {
  const { month } = { month: Number(period.slice(5)) };
  return { unitName, period, previousMonth: month > 1 ? month - 1 : null, firstReturnMonth: 1, figures };
}
function settings(changes: Omit<Partial<NarrativeSettings>, 'templates'> & { templates?: Partial<NarrativeSettings['templates']> } = {}): NarrativeSettings {
  return { ...DEFAULT_NARRATIVE_SETTINGS, ...changes, templates: { ...DEFAULT_NARRATIVE_SETTINGS.templates, ...changes.templates } };
}
const text = (figures: NarrativeFigure[], s: NarrativeSettings = settings(), period?: string, unit?: string): string => generateNarrative(model(figures, period, unit), s).text;

describe('period prefix', () => {
  it.each([
    [9, 'range', '1-9月'],
    [9, 'named', '前三季度'],
    [6, 'named', '上半年'],
    [11, 'named', '1-11月'],
    [11, 'month-end', '截至11月底'],
    [2, 'range', '1-2月'],
    [1, 'range', '1月'],
  ] as const)('month %i in style %s reads %s', (month, style, expected) => {
    expect(periodPrefix(month, style)).toBe(expected);
  });
});

describe('the paragraph in the seeds’ phrasing', () => {
  it('writes value in 亿元 with 2 decimals, 同比 and the period prefix (seed 000)', () => {
    const a01 = figure({ code: 'A01', name: '规模以上工业总产值', value: '863300', growth: pct('5.9393') });
    expect(text([a01], settings({ periodStyle: 'month-end' }))).toBe('截至11月底，京滨工业园规模以上工业总产值完成86.33亿元，同比增长5.9%。');
    expect(text([a01], settings({ periodStyle: 'month-end', rateDecimals: 2 }))).toContain('同比增长5.94%');
  });

  it('reproduces seed 000 with a per-indicator template and 2-decimal rates', () => {
    const a01 = figure({
      code: 'A01',
      name: '规模以上工业总产值',
      value: '863300',
      growth: pct('5.9393'),
      projection: { value: '933300', method: 'target', growth: pct('8.7255') },
    });
    const s = settings({
      periodStyle: 'month-end',
      rateDecimals: 2,
      templates: { paragraph: '{正文}', separator: '。' },
      overrides: { A01: '规模以上工业完成产值：{前缀}完成{数值}[，同比{增速}][。预计全年完成产值{预计全年}[，同比{预计增速}]]' },
    });
    expect(text([a01], s)).toBe('规模以上工业完成产值：截至11月底完成86.33亿元，同比增长5.94%。预计全年完成产值93.33亿元，同比增长8.73%');
  });

  it('reproduces seed 001: 其中 clause, 占比, 下降 and 持平 ("同比与上年持平")', () => {
    const s = settings({ templates: { flow: '{名称}同比{增速}', child: '其中{名称}同比{增速}[，占{上级名称}比重为{占比}]' } });
    const invest = figure({ code: 'T', name: '工业投资', growth: pct('33.2') });
    const key = figure({ code: 'K', name: '市对县考核重点项目投资', parentId: invest.indicatorId, growth: pct('58.6') });
    expect(text([invest, key], s, '2023-09', '全县')).toBe('1-9月，全县工业投资同比增长33.2%，其中市对县考核重点项目投资同比增长58.6%。');

    const total = figure({ code: 'Z', name: '总投资', growth: pct('20') });
    const state = figure({ code: 'G', name: '国有投资', parentId: total.indicatorId, growth: pct('12.5'), share: '41.93' });
    expect(text([total, state], s)).toContain('其中国有投资同比增长12.5%，占总投资比重为41.9%');

    const flat = settings({ templates: { flow: '{名称}同比{增速}' } });
    expect(text([figure({ code: 'C', name: '化工制造业', growth: pct('0.04') })], flat)).toContain('化工制造业同比与上年持平');
    expect(text([figure({ code: 'M', name: '有色金属冶炼和压延加工业', growth: pct('-2.6') })], flat)).toContain('有色金属冶炼和压延加工业同比下降2.6%');
  });

  it('reproduces seed 003 with quarter names and trimmed zeros: 34亿元, 2%, 增长16.8倍', () => {
    const s = settings({ periodStyle: 'named', trimZeros: true, templates: { paragraph: '{前缀}，{正文}' } });
    const output = figure({ code: 'O', name: '工业总产值', value: '340000', growth: pct('2.00000006') });
    const revenue = figure({ code: 'R', name: '一般公共财政预算收入', value: '4719', growth: pct('1680.0150') });
    expect(text([output, revenue], s, '2023-06')).toBe('上半年，工业总产值完成34亿元，同比增长2%；一般公共财政预算收入完成4719万元，同比增长16.8倍');
  });

  it('keeps the rate’s precision in a multiple: +179% is 增长1.79倍, never 1.8倍', () => {
    expect(text([figure({ code: 'X', name: '招商引资到位额', value: '184000', growth: pct('179') })])).toContain('同比增长1.79倍');
  });

  it('writes 目标完成率 and 超/慢于时间进度 (seed 000: 115.6%)', () => {
    const s = settings({ overrides: { B02: '完成{名称}{数值}[，年度目标完成率{完成率}][，{时间进度}]' }, templates: { paragraph: '{正文}' } });
    const b02 = figure({ code: 'B02', name: '承接北京非首都功能任务', value: '173400', completion: '115.6', progressGap: '23.9333' });
    expect(text([b02], s)).toBe('完成承接北京非首都功能任务17.34亿元，年度目标完成率115.6%，超时间进度23.9个百分点');
    const behind = figure({ code: 'Y', name: '固定资产投资', value: '52000', completion: '74.3', progressGap: '-17.3667' });
    expect(text([behind])).toContain('年度目标完成率74.3%，慢于时间进度17.4个百分点');
  });

  it('compares with the previous return’s growth: 加快 / 回落 / 由降转增', () => {
    const up = figure({ code: 'U', name: '规上工业总产值', growth: pct('5.6'), previousGrowth: pct('3.5') });
    expect(text([up], settings(), '2023-09')).toContain('同比增长5.6%，增速比1-8月加快2.1个百分点');
    const down = figure({ code: 'D', name: '固定资产投资', growth: pct('5.6'), previousGrowth: pct('8') });
    expect(text([down], settings(), '2023-09')).toContain('增速比1-8月回落2.4个百分点');
    const turned = figure({ code: 'T', name: '工业投资', growth: pct('1.2'), previousGrowth: pct('-0.8') });
    expect(text([turned], settings(), '2023-09')).toContain('增速比1-8月由降转增');
    const same = figure({ code: 'S', name: '工业投资', growth: pct('1.21'), previousGrowth: pct('1.18') });
    expect(text([same], settings(), '2023-09')).toBe('1-9月，京滨工业园工业投资同比增长1.2%。');
  });

  it('words losses and sign changes: 扭亏为盈, 由盈转亏, 减亏, 增亏 — with last year’s figure', () => {
    const sign = (kind: 'turnaround' | 'profit-to-loss' | 'loss-narrowed' | 'loss-widened', current: string, base: string) =>
      text([figure({ code: 'P', name: '利润总额', value: current, growth: { kind: 'sign', result: { kind, current, base } } })]);
    expect(sign('turnaround', '50', '-120')).toContain('利润总额完成50.0万元，同比扭亏为盈（上年同期-120.0万元）');
    expect(sign('profit-to-loss', '-30', '80')).toContain('同比由盈转亏（上年同期80.0万元）');
    expect(sign('loss-narrowed', '-50', '-120')).toContain('同比减亏（上年同期-120.0万元）');
    expect(sign('loss-widened', '-150', '-120')).toContain('同比增亏（上年同期-120.0万元）');
  });

  it('compares a 比率 in 百分点, never %', () => {
    const rate = figure({ code: 'D04', name: '隐患整改率', unit: '%', kind: 'ratio', value: '100', growth: { kind: 'points', value: '4.8' } });
    expect(text([rate])).toContain('隐患整改率为100.0%，比上年同期提高4.8个百分点');
    const flat = figure({ code: 'D05', name: '隐患整改率', unit: '%', kind: 'ratio', value: '100', growth: { kind: 'points', value: '0' } });
    expect(text([flat])).toContain('比上年同期持平');
  });

  it('writes 预计全年 with its method’s wording', () => {
    const a01 = figure({ code: 'A01', name: '规模以上工业总产值', value: '863300', projection: { value: '941781.8181', method: 'linear', growth: pct('9.12') } });
    expect(text([a01])).toContain('预计全年完成94.18亿元（按时间进度推算），同比增长9.1%');
    const seasonal = figure({ code: 'A02', name: '固定资产投资', value: '68100', projection: { value: '69600', method: 'seasonal', growth: null } });
    expect(text([seasonal])).toContain('预计全年完成6.96亿元（按上年同期进度推算）。');
  });

  it('stocks and counts keep their units and decimals; small amounts stay in 万元', () => {
    const firms = figure({ code: 'C01', name: '国家高新技术企业数', unit: '家', decimals: 0, kind: 'stock', value: '100', growth: pct('17.6') });
    const hebei = figure({ code: 'H', name: '河北项目到位额', value: '5656', growth: null });
    expect(text([firms, hebei])).toBe('1-11月，京滨工业园国家高新技术企业数100家，同比增长17.6%；河北项目到位额完成5656.0万元。');
  });
});

describe('missing figures', () => {
  it('leaves a clause out when its figure is missing — never "0", never "—"', () => {
    const noGrowth = figure({ code: 'A', name: '固定资产投资', value: '68100' });
    const out = text([noGrowth]);
    expect(out).toBe('1-11月，京滨工业园固定资产投资完成6.81亿元。');
    expect(out).not.toMatch(/同比|—|\b0\b/);
  });

  it('leaves out an indicator with no figure at all and says so', () => {
    const empty = figure({ code: 'E', name: '新签约项目个数' });
    const result = generateNarrative(model([empty, figure({ code: 'A', name: '产值', value: '100', growth: pct('1') })]), settings());
    expect(result.text).not.toContain('新签约项目个数');
    expect(result.omitted).toEqual([{ code: 'E', name: '新签约项目个数' }]);
  });

  it('writes nothing when no indicator has a figure', () => {
    expect(generateNarrative(model([figure({ code: 'E', name: '产值' })]), settings()).text).toBe('');
  });

  it('refuses a template with an unknown placeholder in Chinese', () => {
    expect(() => generateNarrative(model([]), settings({ templates: { flow: '{名称}{金额}' } }))).toThrow(/占位符“\{金额\}”不可用/);
    expect(() => generateNarrative(model([]), settings({ templates: { flow: '{名称}[完成{数值}' } }))).toThrow(/“\[”没有对应的“\]”/);
  });
});

describe('property: every number in the text is one of the model’s figures', () => {
  const decimal = (scale: number, min: number, max: number) => fc.integer({ min, max }).map((n) => (n / 10 ** scale).toFixed(scale));
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
  const figureArb = fc.record({
    value: maybe(decimal(1, 0, 50_000_000)),
    growth: maybe(decimal(2, -9_999, 300_000)),
    previousGrowth: maybe(decimal(2, -9_999, 300_000)),
    share: maybe(decimal(2, 0, 10_000)),
    completion: maybe(decimal(2, 0, 20_000)),
    progressGap: maybe(decimal(2, -10_000, 10_000)),
    projection: maybe(decimal(1, 0, 60_000_000)),
    projectionGrowth: maybe(decimal(2, -9_999, 300_000)),
    child: fc.boolean(),
  });

  it('holds for random figures, styles and decimals', () => {
    fc.assert(
      fc.property(fc.array(figureArb, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('range', 'named', 'month-end' as const), fc.integer({ min: 0, max: 3 }), fc.boolean(), (raw, month, periodStyle, rateDecimals, trimZeros) => {
        const figures: NarrativeFigure[] = [];
        raw.forEach((r, i) => {
          figures.push(
            figure({
              code: `X${i}`,
              name: '指标',
              parentId: r.child && figures.length > 0 ? (figures[0]?.indicatorId ?? null) : null,
              value: r.value,
              growth: r.growth === null ? null : pct(r.growth),
              previousGrowth: r.previousGrowth === null ? null : pct(r.previousGrowth),
              share: r.share,
              completion: r.completion,
              progressGap: r.progressGap,
              projection: r.projection === null ? null : { value: r.projection, method: 'linear', growth: r.projectionGrowth === null ? null : pct(r.projectionGrowth) },
            }),
          );
        });
        const period = `2023-${String(month).padStart(2, '0')}`;
        const out = generateNarrative(model(figures, period), settings({ periodStyle, rateDecimals, trimZeros })).text;
        // Figures of the model, and the 百分点 between this and the previous growth that 加快/回落 states.
        const allowed: number[] = [];
        for (const f of figures) {
          for (const v of [f.value, f.share, f.completion, f.progressGap, f.projection?.value ?? null]) if (v !== null) allowed.push(Number(v));
          for (const g of [f.growth, f.projection?.growth ?? null]) if (g?.kind === 'percent') allowed.push(Number(g.value));
          if (f.growth?.kind === 'percent' && f.previousGrowth?.kind === 'percent') allowed.push(Number(f.growth.value) - Number(f.previousGrowth.value));
        }
        // Period labels (1-11月, 截至11月底) are not figures.
        const numbers = out.replace(/\d+-\d+月|\d+月/g, '').match(/\d+(?:\.\d+)?/g) ?? [];
        for (const shown of numbers) {
          const places = shown.includes('.') ? shown.length - shown.indexOf('.') - 1 : 0;
          const tolerance = 0.5 * 10 ** -places + 1e-9;
          // As shown: itself, in 亿元 (÷10⁴ from 万元), or as a multiple (增长X倍 = ÷100); signs are in words.
          const ok = allowed.some((a) => [1, 1e-4, 1e-2].some((scale) => Math.abs(Math.abs(a) * scale - Number(shown)) <= tolerance));
          expect(ok, `“${shown}” in “${out}” is not a figure of the model`).toBe(true);
        }
        expect(out).not.toMatch(/—|NaN|undefined|null/);
      }),
      { numRuns: 300 },
    );
  });
});
