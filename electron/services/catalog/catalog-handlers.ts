import { type CatalogView } from '../../../shared/api/catalog-api.js';
import { requireSession, type AppContext } from '../context.js';
import { type HandlerMap, mutation } from '../handler-map.js';
import { UserFacingError } from '../user-facing-error.js';
import * as indicators from './indicator-repo.js';
import * as units from './unit-repo.js';

function catalogView(ctx: AppContext, formId?: number): CatalogView {
  const { db } = requireSession(ctx);
  const forms = indicators.listForms(db);
  const form = formId === undefined ? forms[0] : indicators.getForm(db, formId);
  if (!form) throw new UserFacingError('该工作簿还没有任何表式，无法显示指标体系。');
  return { forms, form, items: indicators.formItems(db, form.id) };
}

/** The name of a form row for an undo description: the indicator's name or the section title. */
function itemName(ctx: AppContext, itemId: number): string {
  const row = requireSession(ctx)
    .statement('SELECT coalesce(i.name, f.section_title) AS name FROM form_items f LEFT JOIN indicators i ON i.id = f.indicator_id WHERE f.id = ?')
    .get(itemId) as { name: string | null } | undefined;
  return row?.name ?? '';
}

function unitName(ctx: AppContext, unitId: number): string {
  const row = requireSession(ctx).statement('SELECT name FROM reporting_units WHERE id = ?').get(unitId) as { name: string } | undefined;
  return row?.name ?? '';
}

function formName(ctx: AppContext, formId: number): string {
  const row = requireSession(ctx).statement('SELECT name FROM forms WHERE id = ?').get(formId) as { name: string } | undefined;
  return row?.name ?? '';
}

/**
 * Handlers of the catalog:*, forms:* and units:* channels. Every edit is a mutation (one undo
 * step) and answers with the fresh view; refusals are Chinese messages (used code, cycle, row with
 * figures, vanished row).
 */
export const catalogHandlers = {
  /** The catalog of one form (the first when `formId` is absent) with every form listed. */
  'catalog:get': (ctx, { formId }) => catalogView(ctx, formId),
  /** Adds an indicator after the block of `afterItemId` at the level of its parent (null: at the end of that level). */
  'catalog:addIndicator': mutation({
    describe: ({ fields }) => `添加指标“${fields.name}”`,
    run: (ctx, { formId, afterItemId, fields }) => {
      indicators.addIndicator(requireSession(ctx).db, formId, afterItemId, fields);
      return catalogView(ctx, formId);
    },
  }),
  /** Changes an indicator's properties; stored figures stay as typed. */
  'catalog:updateIndicator': mutation({
    describe: ({ fields }) => `修改指标“${fields.name}”`,
    run: (ctx, { formId, indicatorId, fields }) => {
      indicators.updateIndicator(requireSession(ctx).db, indicatorId, fields);
      return catalogView(ctx, formId);
    },
  }),
  /** Adds a section title row after `afterItemId` (null: at the end). */
  'catalog:addSection': mutation({
    describe: ({ title }) => `添加标题行“${title}”`,
    run: (ctx, { formId, afterItemId, title }) => {
      indicators.addSection(requireSession(ctx).db, formId, afterItemId, title);
      return catalogView(ctx, formId);
    },
  }),
  /** Renames a section title row. */
  'catalog:renameSection': mutation({
    describe: ({ itemId, title }, ctx) => `把标题行“${itemName(ctx, itemId)}”改为“${title}”`,
    run: (ctx, { formId, itemId, title }) => {
      indicators.renameSection(requireSession(ctx).db, formId, itemId, title);
      return catalogView(ctx, formId);
    },
  }),
  /** Moves a row with its 其中 items `steps` places up (−1) or down (+1) within its level (a drag in the dialog). */
  'catalog:moveItem': mutation({
    describe: ({ itemId, direction }, ctx) => `${direction < 0 ? '上移' : '下移'}“${itemName(ctx, itemId)}”`,
    run: (ctx, { formId, itemId, direction, steps }) => {
      indicators.moveItem(requireSession(ctx).db, formId, itemId, direction, steps);
      return catalogView(ctx, formId);
    },
  }),
  /** Removes a section row, or an indicator without figures and 其中 items. */
  'catalog:removeItem': mutation({
    describe: ({ itemId }, ctx) => `删除“${itemName(ctx, itemId)}”`,
    run: (ctx, { formId, itemId }) => {
      indicators.removeItem(requireSession(ctx).db, formId, itemId);
      return catalogView(ctx, formId);
    },
  }),
  /** Saves a form's name, first return (1月 or 1-2月) and display options. */
  'forms:update': mutation({
    describe: ({ formId, name }, ctx) => `修改表式“${formName(ctx, formId) || name}”的属性`,
    run: (ctx, { formId, name, firstReturnMonth, options }) => {
      indicators.updateForm(requireSession(ctx).db, formId, { name, firstReturnMonth, options });
      return catalogView(ctx, formId);
    },
  }),
  /** Reporting units in tree order. */
  'units:list': (ctx) => units.listUnits(requireSession(ctx).db),
  /** Adds a reporting unit; answers with all units. */
  'units:add': mutation({
    describe: ({ name }) => `添加填报单位“${name}”`,
    run: (ctx, fields) => {
      units.addUnit(requireSession(ctx).db, fields);
      return units.listUnits(requireSession(ctx).db);
    },
  }),
  /** Changes a unit's code, name or parent; answers with all units. */
  'units:update': mutation({
    describe: ({ id, name }, ctx) => `修改填报单位“${unitName(ctx, id) || name}”`,
    run: (ctx, { id, ...fields }) => {
      units.updateUnit(requireSession(ctx).db, id, fields);
      return units.listUnits(requireSession(ctx).db);
    },
  }),
  /** Removes a unit without figures or subordinate units; answers with the remaining units. */
  'units:remove': mutation({
    describe: ({ id }, ctx) => `删除填报单位“${unitName(ctx, id)}”`,
    run: (ctx, { id }) => {
      units.removeUnit(requireSession(ctx).db, id);
      return units.listUnits(requireSession(ctx).db);
    },
  }),
  /** Retires a unit from a period (or, with `period: null`, puts it back in use); answers with all units. */
  'units:retire': mutation({
    describe: ({ id, period }, ctx) => (period === null ? `恢复填报单位“${unitName(ctx, id)}”` : `停用填报单位“${unitName(ctx, id)}”`),
    run: (ctx, { id, period }) => {
      units.retireUnit(requireSession(ctx).db, id, period);
      return units.listUnits(requireSession(ctx).db);
    },
  }),
} satisfies HandlerMap<'catalog:' | 'forms:' | 'units:'>;
