import { z } from 'zod';
import { type Form, type FormItem, type ReportingUnit } from '../domain/catalog.js';
import { channel } from './channel.js';
import { entryBasisSchema, formOptionsSchema, growthBasisSchema, idSchema, indicatorKindSchema, periodSchema, projectionMethodSchema } from './schemas.js';

const indicatorFields = z.object({
  code: z.string().trim().min(1, '请填写指标代码').max(32),
  name: z.string().trim().min(1, '请填写指标名称').max(100),
  unit: z.string().trim().max(16),
  decimals: z.number().int().min(0).max(6),
  kind: indicatorKindSchema,
  entryBasis: entryBasisSchema,
  parentId: idSchema.nullable(),
  growthBasis: growthBasisSchema,
  numeratorId: idSchema.nullable().default(null),
  denominatorId: idSchema.nullable().default(null),
  projectionMethod: projectionMethodSchema.default('linear'),
  firstReturnMonth: z.union([z.literal(1), z.literal(2)]).nullable().default(null),
});

const unitFields = z.object({
  code: z.string().trim().min(1, '请填写单位代码').max(32),
  name: z.string().trim().min(1, '请填写单位名称').max(100),
  parentId: idSchema.nullable(),
  /** First `YYYY-MM` the unit reports (joined mid-year); null: always there; absent on update: unchanged. */
  joinedPeriod: periodSchema.nullable().optional(),
});

export interface CatalogView {
  forms: Form[];
  form: Form;
  items: FormItem[];
}

/** Indicator catalog (指标体系), form layout and reporting units (填报单位). */
export const catalogApi = {
  'catalog:get': channel<CatalogView>()(z.object({ formId: idSchema.optional() })),
  'catalog:addIndicator': channel<CatalogView>()(
    z.object({ formId: idSchema, afterItemId: idSchema.nullable(), fields: indicatorFields }),
  ),
  'catalog:updateIndicator': channel<CatalogView>()(
    z.object({ formId: idSchema, indicatorId: idSchema, fields: indicatorFields }),
  ),
  'catalog:addSection': channel<CatalogView>()(
    z.object({ formId: idSchema, afterItemId: idSchema.nullable(), title: z.string().trim().min(1).max(100) }),
  ),
  'catalog:renameSection': channel<CatalogView>()(
    z.object({ formId: idSchema, itemId: idSchema, title: z.string().trim().min(1).max(100) }),
  ),
  'catalog:moveItem': channel<CatalogView>()(
    z.object({ formId: idSchema, itemId: idSchema, direction: z.union([z.literal(-1), z.literal(1)]) }),
  ),
  'catalog:removeItem': channel<CatalogView>()(z.object({ formId: idSchema, itemId: idSchema })),
  /** Form properties: name, first return (1月 or 1-2月) and display options; answers with the fresh view. */
  'forms:update': channel<CatalogView>()(
    z.object({ formId: idSchema, name: z.string().trim().min(1, '请填写表式名称').max(100), firstReturnMonth: z.union([z.literal(1), z.literal(2)]), options: formOptionsSchema }),
  ),
  'units:list': channel<ReportingUnit[]>()(z.undefined()),
  'units:add': channel<ReportingUnit[]>()(unitFields),
  'units:update': channel<ReportingUnit[]>()(unitFields.extend({ id: idSchema })),
  'units:remove': channel<ReportingUnit[]>()(z.object({ id: idSchema })),
  /** Retires a unit from `period` (history kept, hidden from then on); `period: null` puts it back in use. */
  'units:retire': channel<ReportingUnit[]>()(z.object({ id: idSchema, period: periodSchema.nullable() })),
};

export type IndicatorFields = z.output<typeof indicatorFields>;
export type IndicatorFieldsInput = z.input<typeof indicatorFields>;
export type UnitFields = z.infer<typeof unitFields>;
