import { z } from 'zod';
import { type Form, type FormItem, type ReportingUnit } from '../domain/catalog.js';
import { channel } from './channel.js';
import { schemaLocale } from './schema-messages.js';
import { entryBasisSchema, formOptionsSchema, growthBasisSchema, idSchema, indicatorKindSchema, periodSchema, projectionMethodSchema } from './schemas.js';

/** 小数位: one sentence for every way it can be wrong (empty, a fraction, out of range). */
const DECIMALS_MESSAGE = '小数位应为 0 到 6 之间的整数';

const indicatorFields = z.object({
  code: z.string().trim().min(1, '请填写指标代码').max(32, '指标代码最多 32 个字符'),
  name: z.string().trim().min(1, '请填写指标名称').max(100, '指标名称最多 100 个字符'),
  unit: z.string().trim().max(16, '计量单位最多 16 个字符'),
  decimals: z.number({ error: DECIMALS_MESSAGE }).int(DECIMALS_MESSAGE).min(0, DECIMALS_MESSAGE).max(6, DECIMALS_MESSAGE),
  kind: indicatorKindSchema,
  entryBasis: entryBasisSchema,
  parentId: idSchema.nullable(),
  growthBasis: growthBasisSchema,
  numeratorId: idSchema.nullable().default(null),
  denominatorId: idSchema.nullable().default(null),
  projectionMethod: projectionMethodSchema.default('linear'),
  firstReturnMonth: z.union([z.literal(1), z.literal(2)]).nullable().default(null),
});

/** The indicator form's fields as the dialog labels them, for messages that name the field. */
const INDICATOR_FIELD_LABELS: Record<string, string> = {
  code: '指标代码',
  name: '指标名称',
  unit: '计量单位',
  decimals: '小数位',
  kind: '类型',
  entryBasis: '填报口径',
  parentId: '上级指标',
  growthBasis: '同比口径',
  numeratorId: '分子指标',
  denominatorId: '分母指标',
  projectionMethod: '预计全年方法',
  firstReturnMonth: '首期',
};

const TYPED_FIELDS: ReadonlySet<string> = new Set(['code', 'name', 'unit', 'decimals']);

/**
 * The first problem of an indicator form as one plain Chinese sentence naming the field as the
 * dialog labels it (“小数位应为 0 到 6 之间的整数”), or null when the form is acceptable. The
 * dialog checks with it before saving, so no schema wording or field key reaches the clerk.
 */
export function indicatorFieldsProblem(input: unknown): string | null {
  // The Chinese wording is passed here too: the renderer does not load the contract's z.config.
  const parsed = indicatorFields.safeParse(input, { error: schemaLocale.localeError });
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (!issue) return null;
  const key = String(issue.path[0] ?? '');
  const label = INDICATOR_FIELD_LABELS[key] ?? '指标';
  // Every field but the four typed ones is a list in the dialog: its values are codes.
  if (!TYPED_FIELDS.has(key)) return `请从列表中选择${label}`;
  // The typed fields' own messages already name them; a general one gets the name in front.
  return issue.message.includes(label) || issue.message.startsWith('请填写') ? issue.message : `${label}${issue.message}`;
}

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
  /** Moves a row with its 其中 items `steps` places (default 1) up or down among the rows of its level; one undo step. */
  'catalog:moveItem': channel<CatalogView>()(
    z.object({ formId: idSchema, itemId: idSchema, direction: z.union([z.literal(-1), z.literal(1)]), steps: z.number().int().min(1).max(1000).default(1) }),
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
