import { describe, expect, it } from 'vitest';
import { type FormItem, type Indicator } from '../../../shared/domain/catalog.js';
import { testIndicator } from '../../../tests/support/test-indicator.js';
import { indicatorsReadBy } from './form-view.js';

describe('the figures a form view reads', () => {
  // A form view loads only the figures of the indicators it reads; one left out would show blank.
  const total = testIndicator('D01', { name: '工业总产值' });
  const part = testIndicator('D0101', { name: '其中：高技术', parentId: total.id });
  const found = testIndicator('D02', { name: '隐患数', kind: 'stock' });
  const fixed = testIndicator('D03', { name: '已整改', kind: 'stock' });
  const rate = testIndicator('D04', { name: '整改率', kind: 'ratio', unit: '%', numeratorId: fixed.id, denominatorId: found.id });
  const rateOfRates = testIndicator('D05', { name: '率之比', kind: 'ratio', unit: '%', numeratorId: rate.id, denominatorId: total.id });
  const unrelated = testIndicator('X01');
  const catalog = new Map<number, Indicator>([total, part, found, fixed, rate, rateOfRates, unrelated].map((i) => [i.id, i]));
  const row = (indicator: Indicator, itemId: number): FormItem => ({ itemId, type: 'indicator', indicator, depth: 0 });

  it('includes a 其中 row’s parent and a 比率’s components even when the form does not show them', () => {
    const read = indicatorsReadBy([row(part, 1), row(rate, 2)], catalog);
    expect([...read].sort()).toEqual([part.id, total.id, rate.id, fixed.id, found.id].sort());
  });

  it('follows components of components, and leaves out what no row needs', () => {
    const read = indicatorsReadBy([{ itemId: 1, type: 'section', title: '一、安全' }, row(rateOfRates, 2)], catalog);
    expect(read.has(fixed.id) && read.has(found.id) && read.has(total.id)).toBe(true);
    expect(read.has(unrelated.id)).toBe(false);
  });
});
