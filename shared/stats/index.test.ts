import { describe, expect, it } from 'vitest';
import * as stats from './index.js';

// The grid engineer imports these exact names from shared/stats; a dropped re-export breaks them.
describe('shared/stats public API', () => {
  it('exposes the agreed functions through the index', () => {
    expect(stats.normalizeDecimal('086.330')).toBe('86.33');
    expect(stats.isDecimalString('86.33亿元')).toBe(false);
    expect(stats.addDecimals(['0.1', '0.2', null])).toBe('0.3');
    expect(stats.subtractDecimal('93.33', '86.33')).toBe('7');
    expect(stats.roundHalfAway('1.005', 2)).toBe('1.01');
    expect(stats.cumulativeFromMonthly(['1', null, '2'], 3)).toBeNull();
    expect(stats.cumulativeFromMonthly(['1', '0', '2'], 3)).toBe('3');
    expect(stats.monthlyFromCumulative('3', null)).toBe('3');
    expect(stats.growthRate('6.81', '5.0415')).toMatchObject({ kind: 'percent' });
    expect(stats.completionRate('2612', '2612')).toBe('100');
    expect(stats.formatGrowth({ kind: 'percent', value: '35.08' }, { decimals: 1, mode: 'phrase' })).toBe('增长35.1%');
    expect(stats.formatDecimal('1234.5', 2, { thousands: true })).toBe('1,234.50');
    expect(stats.cumulativeLabel(11)).toBe('1-11月');
    expect(stats.parsePeriod('2023-11')).toEqual({ year: 2023, month: 11 });
    expect(stats.formatPeriod(2023, 11)).toBe('2023-11');
    expect(stats.baseFromGrowth('86.33', '5.94')).toMatch(/^81\.489/);
  });
});
