import { describe, expect, it } from 'vitest';
import { checkTitleCell } from './import-classify.js';
import { rewritePeriodText } from './period-text.js';

describe('rewritePeriodText', () => {
  it.each([
    ['2023年11月园区主要经济指标', '2023-10', '2023年10月园区主要经济指标'],
    ['2023年1-11月招商引资到位情况', '2023-10', '2023年1-10月招商引资到位情况'],
    ['2023年1—11月', '2024-03', '2024年1—3月'],
    ['2023年2-11月', '2023-10', '2023年2-10月'],
    ['2023年2-11月', '2024-01', '2024年1-1月'],
    ['（2023年 11 月）', '2023-09', '（2023年 9 月）'],
    ['2023年09月', '2023-08', '2023年08月'],
  ])('%j for %s → %j', (text, period, expected) => {
    expect(rewritePeriodText(text, period)).toBe(expected);
    // What the export writes is what the import's title check accepts for that period.
    expect(checkTitleCell(expected, { period, unit: null })).toEqual([]);
  });

  it.each(['园区主要经济指标', '单位：万元', '2023年度目标'])('%j shows no period: left alone', (text) => {
    expect(rewritePeriodText(text, '2023-10')).toBeNull();
  });
});
