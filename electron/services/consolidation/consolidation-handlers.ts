import { requireSession } from '../context.js';
import { writeChanges } from '../grid/save-changes.js';
import { type HandlerMap, mutation } from '../handler-map.js';
import { resolvePath } from '../templates/template-handlers.js';
import { exportComparison } from './comparison-export.js';
import { comparisonView, consolidatedFormView } from './consolidation-view.js';

/**
 * Handlers of the consolidation:* channels (read-only: the 汇总 form view of a unit and the unit
 * comparison view) and of targets:set (年度目标 of many units in one undo step). Refusals are
 * Chinese messages (unknown unit or form, a unit not in use in the period, a bad value).
 */
export const consolidationHandlers = {
  /** The form view of a unit's 汇总 for a `YYYY-MM` period. */
  'consolidation:formView': (ctx, { formId, unitId, period }) => consolidatedFormView(requireSession(ctx).db, formId, unitId, period),
  /** The comparison of the units under a unit for a `YYYY-MM` period, with the 合计 row. */
  'consolidation:compare': (ctx, { formId, unitId, period, indicatorIds }) => comparisonView(requireSession(ctx).db, formId, unitId, period, indicatorIds),
  /** Exports the comparison view (.xlsx or CSV) as shown. */
  'consolidation:export': (ctx, { outputPath, ...request }) => exportComparison(requireSession(ctx).db, { ...request, outputPath: resolvePath(ctx, outputPath) }),
  /** Saves 年度目标 of many units × indicators for a year as one undo step. */
  'targets:set': mutation({
    describe: ({ changes, source }) => `${SOURCE_LABELS[source]} ${changes.length} 个年度目标`,
    source: ({ source }) => source,
    run: async (_ctx, { year, changes, source }, scope) => {
      const byUnit = new Map<number, { indicatorId: number; period: string; field: 'target'; value: string | null }[]>();
      for (const c of changes) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), { indicatorId: c.indicatorId, period: String(year), field: 'target', value: c.value }]);
      const written = await writeChanges(
        scope,
        [...byUnit].map(([unitId, unitChanges]) => ({ unitId, changes: unitChanges })),
        `${SOURCE_LABELS[source]} ${changes.length} 个年度目标`,
      );
      return { written };
    },
  }),
} satisfies HandlerMap<'consolidation:' | 'targets:'>;

const SOURCE_LABELS = { edit: '录入', paste: '粘贴', clear: '清除' } as const;
