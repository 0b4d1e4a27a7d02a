import { type CatalogView } from '../../../shared/api/catalog-api.js';
import { requireSession, type AppContext } from '../context.js';
import { type HandlerMap } from '../handler-map.js';
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

/** Handlers of the catalog:* and units:* channels. Every edit answers with the fresh view. */
export const catalogHandlers = {
  'catalog:get': (ctx, { formId }) => catalogView(ctx, formId),
  'catalog:addIndicator': (ctx, { formId, afterItemId, fields }) => {
    indicators.addIndicator(requireSession(ctx).db, formId, afterItemId, fields);
    return catalogView(ctx, formId);
  },
  'catalog:updateIndicator': (ctx, { formId, indicatorId, fields }) => {
    indicators.updateIndicator(requireSession(ctx).db, indicatorId, fields);
    return catalogView(ctx, formId);
  },
  'catalog:addSection': (ctx, { formId, afterItemId, title }) => {
    indicators.addSection(requireSession(ctx).db, formId, afterItemId, title);
    return catalogView(ctx, formId);
  },
  'catalog:renameSection': (ctx, { formId, itemId, title }) => {
    indicators.renameSection(requireSession(ctx).db, formId, itemId, title);
    return catalogView(ctx, formId);
  },
  'catalog:moveItem': (ctx, { formId, itemId, direction }) => {
    indicators.moveItem(requireSession(ctx).db, formId, itemId, direction);
    return catalogView(ctx, formId);
  },
  'catalog:removeItem': (ctx, { formId, itemId }) => {
    indicators.removeItem(requireSession(ctx).db, formId, itemId);
    return catalogView(ctx, formId);
  },
  'units:list': (ctx) => units.listUnits(requireSession(ctx).db),
  'units:add': (ctx, fields) => {
    units.addUnit(requireSession(ctx).db, fields);
    return units.listUnits(requireSession(ctx).db);
  },
  'units:update': (ctx, { id, ...fields }) => {
    units.updateUnit(requireSession(ctx).db, id, fields);
    return units.listUnits(requireSession(ctx).db);
  },
  'units:remove': (ctx, { id }) => {
    units.removeUnit(requireSession(ctx).db, id);
    return units.listUnits(requireSession(ctx).db);
  },
} satisfies HandlerMap<'catalog:' | 'units:'>;
