import { describe, expect, it } from 'vitest';
import {
  cumulativeLabel,
  formatPeriod,
  isValidPeriod,
  monthName,
  parsePeriod,
  periodWords,
  previousPeriod,
  quarterOfMonth,
  sameMonthLastYear,
  shiftPeriod,
  shiftYearMonth,
  yearMonthWords,
} from './period.js';

describe('parsePeriod / formatPeriod', () => {
  it('reads and writes YYYY-MM', () => {
    expect(parsePeriod('2023-11')).toEqual({ year: 2023, month: 11 });
    expect(formatPeriod(2023, 11)).toBe('2023-11');
    expect(formatPeriod(2024, 2)).toBe('2024-02');
  });

  it.each(['2023-1', '2023/11', '2023-13', '2023-00', ' 2023-11', '23-11', '2023-11-01', ''])('rejects %j', (bad) => {
    expect(isValidPeriod(bad)).toBe(false);
    expect(() => parsePeriod(bad)).toThrow(RangeError);
  });

  it.each([
    [2023, 0],
    [2023, 13],
    [2023, 1.5],
    [23, 1],
  ])('refuses to format %i-%i', (year, month) => {
    expect(() => formatPeriod(year, month)).toThrow(RangeError);
  });
});

describe('period arithmetic', () => {
  it('steps back across the year boundary for 环比', () => {
    expect(previousPeriod('2024-01')).toBe('2023-12');
    expect(previousPeriod('2023-11')).toBe('2023-10');
  });

  it('finds 上年同期 for 同比', () => {
    expect(sameMonthLastYear('2023-11')).toBe('2022-11');
    expect(sameMonthLastYear('2024-02')).toBe('2023-02');
  });

  it('shifts by whole months both ways', () => {
    expect(shiftPeriod('2023-11', 3)).toBe('2024-02');
    expect(shiftPeriod('2023-11', -23)).toBe('2021-12');
    expect(() => shiftPeriod('2023-11', 0.5)).toThrow(RangeError);
  });

  it('shifts a year and month held as numbers, across the year boundary', () => {
    expect(shiftYearMonth(2024, 1, -1)).toEqual({ year: 2023, month: 12 });
    expect(shiftYearMonth(2023, 12, 1)).toEqual({ year: 2024, month: 1 });
    expect(shiftYearMonth(2024, 3, -26)).toEqual({ year: 2022, month: 1 });
    expect(shiftYearMonth(2024, 3, 0)).toEqual({ year: 2024, month: 3 });
    expect(() => shiftYearMonth(2024, 13, -1)).toThrow(RangeError);
    expect(() => shiftYearMonth(2024, 3, 0.5)).toThrow(RangeError);
    expect(() => shiftYearMonth(1000, 1, -1)).toThrow(RangeError);
  });

  it('knows the quarter of a month', () => {
    expect([1, 3, 4, 6, 7, 9, 10, 12].map(quarterOfMonth)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });
});

describe('cumulativeLabel (1-N月)', () => {
  it.each([
    [1, '1月'],
    [2, '1-2月'],
    [3, '一季度'],
    [6, '上半年'],
    [8, '1-8月'],
    [9, '前三季度'],
    [11, '1-11月'],
    [12, '全年'],
  ])('%i → %s', (month, label) => {
    expect(cumulativeLabel(month)).toBe(label);
  });

  it('gives uniform 1-N月 column headers without the customary names', () => {
    expect([3, 6, 9, 12].map((m) => cumulativeLabel(m, { quarterNames: false }))).toEqual([
      '1-3月',
      '1-6月',
      '1-9月',
      '1-12月',
    ]);
    expect(cumulativeLabel(1, { quarterNames: false })).toBe('1月');
  });

  it('rejects a month outside 1..12', () => {
    expect(() => cumulativeLabel(13)).toThrow(RangeError);
    expect(() => cumulativeLabel(0)).toThrow(RangeError);
  });
});

describe('periodWords / yearMonthWords / monthName (2024年3月)', () => {
  it.each([
    ['2024-01', '2024年1月'],
    ['2024-03', '2024年3月'],
    ['2023-12', '2023年12月'],
    ['2024', '2024年'],
  ])('%s → %s (month never zero-padded)', (period, words) => {
    expect(periodWords(period)).toBe(words);
  });

  it('writes a year and month held as numbers the same way', () => {
    expect(yearMonthWords(2024, 1)).toBe('2024年1月');
    expect(yearMonthWords(2023, 12)).toBe('2023年12月');
    expect(monthName(1)).toBe('1月');
    expect(monthName(12)).toBe('12月');
  });

  it.each(['2024-3', '2024-13', '2024-00', '24', '20240', '2024年3月', '', '0999'])('rejects %j', (bad) => {
    expect(() => periodWords(bad)).toThrow(RangeError);
  });

  it('rejects a bad year or month', () => {
    expect(() => yearMonthWords(2024, 0)).toThrow(RangeError);
    expect(() => yearMonthWords(2024, 13)).toThrow(RangeError);
    expect(() => yearMonthWords(24, 3)).toThrow(RangeError);
    expect(() => monthName(1.5)).toThrow(RangeError);
  });
});
