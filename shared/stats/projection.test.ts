import { describe, expect, it } from 'vitest';
import { baseFromGrowth, growthRate } from './growth.js';
import { roundHalfAway } from './decimal.js';
import { projectFullYear } from './projection.js';

const rounded = (value: string | null): string | null => (value === null ? null : roundHalfAway(value, 2));

describe('预计全年', () => {
  it('linear: 1-11月 86.33亿元 × 12/11', () => {
    const projection = projectFullYear({ method: 'linear', cumulative: '86.33', month: 11 });
    expect(projection.method).toBe('linear');
    expect(rounded(projection.value)).toBe('94.18');
  });

  it('seasonal: keeps last year’s share of 1-11月 in 全年', () => {
    // Last year's figures implied by the seed: 1-11月 at +5.94%, 全年 at +8.73%.
    const lastYearCumulative = baseFromGrowth('86.33', '5.94');
    const lastYearTotal = baseFromGrowth('93.33', '8.73');
    const projection = projectFullYear({ method: 'seasonal', cumulative: '86.33', month: 11, lastYearCumulative, lastYearTotal });
    expect(projection.method).toBe('seasonal');
    // 86.33 ÷ (81.4895 / 85.8365) — the park's own 93.33 assumes a stronger December than last year.
    expect(rounded(projection.value)).toBe('90.94');
  });

  it('the seed’s own projection 93.33 implies growth 8.73% on last year’s 全年', () => {
    const lastYearTotal = baseFromGrowth('93.33', '8.73');
    const growth = growthRate('93.33', lastYearTotal);
    expect(growth.kind === 'percent' && roundHalfAway(growth.value, 2)).toBe('8.73');
  });

  it('target-based: the annual target, never less than already achieved', () => {
    expect(projectFullYear({ method: 'target', cumulative: '86.33', target: '93.33' })).toEqual({ method: 'target', value: '93.33' });
    expect(projectFullYear({ method: 'target', cumulative: '17.34', target: '15' })).toEqual({ method: 'target', value: '17.34' });
    expect(projectFullYear({ method: 'target', cumulative: null, target: '15' })).toEqual({ method: 'target', value: '15' });
  });

  it('records the method even when a figure is missing', () => {
    expect(projectFullYear({ method: 'linear', cumulative: null, month: 11 })).toEqual({ method: 'linear', value: null });
    expect(
      projectFullYear({ method: 'seasonal', cumulative: '1', month: 3, lastYearCumulative: '0', lastYearTotal: '10' }),
    ).toEqual({ method: 'seasonal', value: null });
    expect(projectFullYear({ method: 'target', cumulative: '1', target: null })).toEqual({ method: 'target', value: null });
  });

  it('12月 linear projection is the 全年 figure itself', () => {
    expect(projectFullYear({ method: 'linear', cumulative: '93.33', month: 12 }).value).toBe('93.33');
  });

  it('rejects a bad month', () => {
    expect(() => projectFullYear({ method: 'linear', cumulative: '1', month: 0 })).toThrow(RangeError);
  });
});
