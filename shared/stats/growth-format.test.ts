import { describe, expect, it } from 'vitest';
import { type GrowthResult, baseFromGrowth, growthPercentFromMultiple, growthRate } from './growth.js';
import {
  formatGrowth,
  formatGrowthRateChange,
  formatPointChange,
  formatTimeProgressGap,
  formatTimesOfBase,
} from './growth-format.js';
import { timeProgressGap } from './targets.js';

const pct = (value: string): GrowthResult => ({ kind: 'percent', value });

describe('formatGrowth', () => {
  it.each([
    // [rate, percent mode, multiple mode, phrase mode] at 1 decimal
    ['5.9393794', '5.9', '5.9', '增长5.9%'],
    ['-2.6', '-2.6', '-2.6', '下降2.6%'],
    ['0.02', '0.0', '0.0', '持平'],
    // The multiple keeps the rate's precision: +179% is 增长1.79倍, never 1.8倍 (= +180%).
    ['179', '179.0', '增长1.79倍', '增长1.79倍'],
    ['179.44', '179.4', '增长1.794倍', '增长1.794倍'],
    ['1680', '1680.0', '增长16.8倍', '增长16.8倍'],
    ['99.96', '100.0', '100.0', '增长100.0%'],
  ])('%s%% → %s / %s / %s', (rate, percent, multiple, phrase) => {
    expect(formatGrowth(pct(rate), { decimals: 1, mode: 'percent' })).toBe(percent);
    expect(formatGrowth(pct(rate), { decimals: 1, mode: 'multiple' })).toBe(multiple);
    expect(formatGrowth(pct(rate), { decimals: 1, mode: 'phrase' })).toBe(phrase);
  });

  it('words 由盈转亏 and never calls a loss cut to 0 扭亏为盈', () => {
    expect(formatGrowth(growthRate('-30', '200'), { decimals: 1, mode: 'percent' })).toBe('由盈转亏');
    expect(formatGrowth(growthRate('-30', '200'), { decimals: 1, mode: 'phrase' })).toBe('由盈转亏（上年同期200，本期-30）');
    expect(formatGrowth(growthRate('0', '-120'), { decimals: 1, mode: 'phrase' })).toBe('减亏（上年同期-120，本期0）');
    expect(formatGrowth(growthRate('5', '-120'), { decimals: 1, mode: 'phrase' })).toBe('扭亏为盈（上年同期-120，本期5）');
  });

  it('formats seed 003 "同比增长16.8倍" both ways from the figures', () => {
    const growth = growthRate('4719', baseFromGrowth('4719', '1680'));
    expect(formatGrowth(growth, { decimals: 0, mode: 'percent' })).toBe('1680');
    expect(formatGrowth(growth, { decimals: 1, mode: 'phrase' })).toBe('增长16.8倍');
    expect(growthPercentFromMultiple('16.8', 'increase-by')).toBe('1680');
  });

  it('shows 增长1.79倍 with two decimals for the multiple', () => {
    expect(formatGrowth(pct('179'), { decimals: 1, mode: 'multiple', multipleDecimals: 2 })).toBe('增长1.79倍');
  });

  it('shows a zero base as — or 新增 per the setting', () => {
    const growth = growthRate('5', '0');
    expect(formatGrowth(growth, { decimals: 1, mode: 'percent' })).toBe('—');
    expect(formatGrowth(growth, { decimals: 1, mode: 'percent', zeroBase: 'dash' })).toBe('—');
    expect(formatGrowth(growth, { decimals: 1, mode: 'phrase', zeroBase: 'new' })).toBe('新增');
  });

  it('shows — when there is no base', () => {
    for (const mode of ['percent', 'multiple', 'phrase'] as const) {
      expect(formatGrowth({ kind: 'no-base' }, { decimals: 1, mode, zeroBase: 'new' })).toBe('—');
    }
  });

  it('words losses, with both values in a phrase', () => {
    expect(formatGrowth(growthRate('35', '-120'), { decimals: 1, mode: 'percent' })).toBe('扭亏为盈');
    expect(formatGrowth(growthRate('35', '-120'), { decimals: 1, mode: 'phrase' })).toBe('扭亏为盈（上年同期-120，本期35）');
    expect(formatGrowth(growthRate('-50', '-120'), { decimals: 1, mode: 'phrase', valueDecimals: 2 })).toBe(
      '减亏（上年同期-120.00，本期-50.00）',
    );
    expect(formatGrowth(growthRate('-150', '-120'), { decimals: 1, mode: 'multiple' })).toBe('增亏');
  });
});

describe('为上年同期的X倍', () => {
  it('is the whole ratio, one more than 增长X倍', () => {
    expect(formatTimesOfBase('279', '100', 2)).toBe('为上年同期的2.79倍');
    expect(formatGrowth(growthRate('279', '100'), { decimals: 2, mode: 'phrase' })).toBe('增长1.79倍');
    expect(formatTimesOfBase('279', '100', 2, '上年')).toBe('为上年的2.79倍');
    expect(formatTimesOfBase('1', '0', 2)).toBeNull();
  });
});

describe('百分点 wording', () => {
  it('占比下降3.6个百分点 — points, never %', () => {
    expect(formatPointChange('-3.6', 1)).toBe('下降3.6个百分点');
    expect(formatPointChange('2.1', 1)).toBe('提高2.1个百分点');
    expect(formatPointChange('0.04', 1)).toBe('持平');
    expect(formatPointChange('1.5', 1, { up: '加快', down: '放缓' })).toBe('加快1.5个百分点');
  });

  it('growth-rate changes: 加快 / 回落, 降幅收窄 / 扩大, 由降转增', () => {
    expect(formatGrowthRateChange('5.6', '3.5', 1)).toBe('加快2.1个百分点');
    expect(formatGrowthRateChange('3.5', '5.6', 1)).toBe('回落2.1个百分点');
    expect(formatGrowthRateChange('-2', '-5', 1)).toBe('降幅收窄3.0个百分点');
    expect(formatGrowthRateChange('-5', '-2', 1)).toBe('降幅扩大3.0个百分点');
    expect(formatGrowthRateChange('0', '-2', 1)).toBe('降幅收窄2.0个百分点');
    expect(formatGrowthRateChange('3', '-2', 1)).toBe('由降转增');
    expect(formatGrowthRateChange('-3', '2', 1)).toBe('由增转降');
    expect(formatGrowthRateChange('5.61', '5.64', 1)).toBe('持平');
    expect(formatGrowthRateChange(null, '5', 1)).toBeNull();
  });

  it('超/慢于时间进度', () => {
    expect(formatTimeProgressGap(timeProgressGap('115.6', 12), 1)).toBe('超时间进度15.6个百分点');
    expect(formatTimeProgressGap(timeProgressGap('86.33', 11), 1)).toBe('慢于时间进度5.3个百分点');
    expect(formatTimeProgressGap(timeProgressGap('50', 6), 1)).toBe('与时间进度持平');
    expect(formatTimeProgressGap(null, 1)).toBeNull();
  });
});
