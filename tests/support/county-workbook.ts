import { type IndicatorFields } from '../../shared/api/catalog-api.js';
import { type ReportingUnit } from '../../shared/domain/catalog.js';
import { type TestHost } from './test-host.js';

/**
 * A new workbook without the starter catalog whose top unit (the county) has `under` as units
 * under it: the set-up of every test of a 汇总 and of what is written from it.
 * @returns the form, the county, and the id of each unit under it by code.
 */
export async function countyWorkbook(
  host: TestHost,
  under: ReadonlyArray<readonly [code: string, name: string]>,
): Promise<{ formId: number; county: ReportingUnit; units: Map<string, number> }> {
  await host.call('workbook:create', { path: 'county', starterCatalog: false });
  const formId = (await host.call('catalog:get', {})).form.id;
  const [county] = await host.call('units:list', undefined);
  if (!county) throw new Error('a new workbook has its top unit');
  const units = new Map<string, number>();
  for (const [code, name] of under) {
    const added = (await host.call('units:add', { code, name, parentId: county.id })).find((u) => u.code === code);
    if (!added) throw new Error(`unit ${code} not added`);
    units.set(code, added.id);
  }
  return { formId, county, units };
}

/**
 * Adds an indicator at the end of the form: a flow typed as 累计 in 万元 with 1 decimal unless
 * `fields` says otherwise. @returns its id.
 */
export async function addIndicator(host: TestHost, formId: number, fields: Partial<IndicatorFields> & Pick<IndicatorFields, 'code' | 'name'>): Promise<number> {
  const catalog = await host.call('catalog:addIndicator', {
    formId,
    afterItemId: null,
    fields: { unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'cumulative', parentId: null, growthBasis: 'nominal', ...fields },
  });
  const item = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === fields.code);
  if (item?.type !== 'indicator') throw new Error(`indicator ${fields.code} not added`);
  return item.indicator.id;
}
