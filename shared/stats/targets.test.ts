import { describe, expect, it } from 'vitest';
import { roundHalfAway } from './decimal.js';
import { completionRate, timeProgress, timeProgressGap } from './targets.js';

describe('年度目标完成率', () => {
  it('17.34亿元 against a 15亿元 target is 115.6% (seed 000)', () => {
    expect(completionRate('17.34', '15')).toBe('115.6');
  });

  it('is unrounded and may be any size', () => {
    expect(roundHalfAway(completionRate('86.33', '100') ?? '', 1)).toBe('86.3');
    expect(completionRate('0', '15')).toBe('0');
  });

  it('has no rate without a positive target', () => {
    expect(completionRate('17.34', null)).toBeNull();
    expect(completionRate('17.34', '0')).toBeNull();
    expect(completionRate(null, '15')).toBeNull();
  });
});

describe('时间进度', () => {
  it('is N/12 of the year', () => {
    expect(timeProgress(6)).toBe('50');
    expect(timeProgress(12)).toBe('100');
    expect(roundHalfAway(timeProgress(11), 1)).toBe('91.7');
  });

  it('measures the gap to 时间进度 in 百分点', () => {
    expect(timeProgressGap('115.6', 12)).toBe('15.6');
    expect(roundHalfAway(timeProgressGap('86.33', 11) ?? '', 1)).toBe('-5.3');
    expect(timeProgressGap(null, 11)).toBeNull();
    expect(() => timeProgressGap('1', 13)).toThrow(RangeError);
  });
});
