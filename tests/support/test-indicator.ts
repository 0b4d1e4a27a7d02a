import { type Indicator } from '../../shared/domain/catalog.js';

let nextId = 1;

/**
 * An indicator for tests that build figures without a workbook: a flow in 万元 with one decimal,
 * entered monthly, nominal growth, linear projection; `fields` override any of these. Ids are
 * unique within a test file.
 */
export function testIndicator(code: string, fields: Partial<Indicator> = {}): Indicator {
  return {
    id: nextId++,
    code,
    name: code,
    unit: '万元',
    decimals: 1,
    kind: 'flow',
    entryBasis: 'month',
    parentId: null,
    growthBasis: 'nominal',
    numeratorId: null,
    denominatorId: null,
    projectionMethod: 'linear',
    firstReturnMonth: null,
    ...fields,
  };
}
