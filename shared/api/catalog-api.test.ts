import { describe, expect, it } from 'vitest';
import { indicatorFieldsProblem, type IndicatorFieldsInput } from './catalog-api.js';

const form = (overrides: Record<string, unknown> = {}): IndicatorFieldsInput & Record<string, unknown> => ({
  code: 'E01',
  name: '新增市场主体',
  unit: '户',
  decimals: 0,
  kind: 'flow',
  entryBasis: 'month',
  parentId: null,
  growthBasis: 'nominal',
  ...overrides,
});

describe('indicator form messages (what the catalog dialog shows)', () => {
  it('accepts a complete form', () => {
    expect(indicatorFieldsProblem(form())).toBeNull();
  });

  it('says what is wrong with 小数位 in one sentence, however it is wrong', () => {
    // An emptied number box arrives as '' (v-model.number), a typed 7 as 7, 1.5 as a fraction.
    for (const decimals of [7, -1, 1.5, '', null]) expect(indicatorFieldsProblem(form({ decimals }))).toBe('小数位应为 0 到 6 之间的整数');
  });

  it('names the field in Chinese for every other problem, with no field keys or English', () => {
    expect(indicatorFieldsProblem(form({ code: ' ' }))).toBe('请填写指标代码');
    expect(indicatorFieldsProblem(form({ name: '' }))).toBe('请填写指标名称');
    expect(indicatorFieldsProblem(form({ unit: '一二三四五六七八九十一二三四五六七' }))).toBe('计量单位最多 16 个字符');
    // The lists carry codes (flow, stock…): a bad one is named by its label, not its values.
    expect(indicatorFieldsProblem(form({ kind: 'other' }))).toBe('请从列表中选择类型');
    expect(indicatorFieldsProblem(form({ parentId: 'x' }))).toBe('请从列表中选择上级指标');
  });
});
