import { basename } from 'node:path';
import { type RosterImportResult, type RosterPreview } from '../../../shared/api/roster-api.js';
import { parseRosterTable, rosterCounts } from '../../../shared/roster/roster-table.js';
import { unitAndBelow } from '../../../shared/units/unit-tree.js';
import { listUnits } from '../catalog/unit-repo.js';
import { type AppContext, requireSession } from '../context.js';
import { readFirstSheetText } from '../excel/sheet-text.js';
import { type HandlerMap, mutation } from '../handler-map.js';
import { resolvePath } from '../templates/template-handlers.js';
import { UserFacingError } from '../user-facing-error.js';
import { bindRosterSource, rosterSourceLabel, rosterSources } from './roster-feed.js';
import { exportRoster } from './roster-export.js';
import { compareWithStored, enterpriseName, listEnterprises, removeEnterprise, upsertEnterprise } from './roster-repo.js';

/** Reads and checks a roster file: its first visible sheet, row by row, against the workbook. */
async function preview(ctx: AppContext, path: string): Promise<RosterPreview> {
  const { db } = requireSession(ctx);
  const { fileName, sheet, rows: table } = await readFirstSheetText(resolvePath(ctx, path));
  const parsed = parseRosterTable(table, listUnits(db));
  if (parsed.missingColumns.length > 0) {
    throw new UserFacingError(`文件“${fileName}”的工作表“${sheet}”缺少列：${parsed.missingColumns.join('、')}。请在第一行写上这些列名后再导入，未做任何修改。`);
  }
  const rows = parsed.rows.map((r) => (r.status === 'ok' ? { ...r, ...compareWithStored(db, r.row, parsed.present) } : r));
  return { fileName, sheet, rows, unknownColumns: parsed.unknownColumns, missingColumns: [], present: parsed.present };
}

/**
 * Handlers of the roster:* channels (企业名录). Imports go through a preview: every row is taken or
 * refused with its reasons (invalid 统一社会信用代码, unknown unit…), unknown columns are
 * reported; the import stores the rows not refused, matched by credit code, as one undo step.
 */
export const rosterHandlers = {
  /** The enterprises of a unit and the units under it. */
  'roster:list': (ctx, { unitId }) => {
    const { db } = requireSession(ctx);
    return listEnterprises(db, unitAndBelow(listUnits(db), unitId));
  },
  /** Counts by designation for a month, over a unit and the units under it. */
  'roster:counts': (ctx, { unitId, period }) => {
    const { db } = requireSession(ctx);
    return rosterCounts(listEnterprises(db, unitAndBelow(listUnits(db), unitId)), period);
  },
  /** What importing a roster file would change, row by row. */
  'roster:preview': (ctx, { path }) => preview(ctx, path),
  /** Imports the rows not refused, as one undo step; answers with the counts and the refused rows. */
  'roster:import': mutation({
    describe: ({ path }) => `导入企业名录“${basename(path)}”`,
    source: () => 'import',
    run: async (ctx, { path }): Promise<RosterImportResult> => {
      const checked = await preview(ctx, path);
      const { db } = requireSession(ctx);
      const result: RosterImportResult = { added: 0, changed: 0, unchanged: 0, refused: [] };
      for (const row of checked.rows) {
        if (row.status === 'refused') {
          result.refused.push({ rowNumber: row.rowNumber, name: row.name, reasons: row.reasons });
          continue;
        }
        const outcome = upsertEnterprise(db, row.row, checked.present);
        if (outcome === 'new') result.added += 1;
        else if (outcome === 'changed') result.changed += 1;
        else result.unchanged += 1;
      }
      return result;
    },
  }),
  /** Indicators counted from the roster. */
  'roster:sources': (ctx) => [...rosterSources(requireSession(ctx).db)].map(([indicatorId, source]) => ({ indicatorId, source })),
  /** Binds (or with null unbinds) an indicator to a roster count; answers with every binding. */
  'roster:bindIndicator': mutation({
    describe: ({ indicatorId, source }, ctx) => {
      const row = requireSession(ctx).statement('SELECT name FROM indicators WHERE id = ?').get(indicatorId) as { name: string } | undefined;
      return source === null ? `“${row?.name ?? ''}”改为手工填报` : `“${row?.name ?? ''}”改为由${rosterSourceLabel(source)}统计`;
    },
    run: (ctx, { indicatorId, source }) => {
      const { db } = requireSession(ctx);
      bindRosterSource(db, indicatorId, source);
      return [...rosterSources(db)].map(([id, s]) => ({ indicatorId: id, source: s }));
    },
  }),
  /** Exports the roster to .xlsx, as the import reads it. */
  'roster:export': (ctx, { unitId, outputPath }) => exportRoster(requireSession(ctx).db, unitId, resolvePath(ctx, outputPath)),
  /** Removes an enterprise; answers with the unit's roster. */
  'roster:remove': mutation({
    describe: ({ id }, ctx) => `从企业名录删除“${enterpriseName(requireSession(ctx).db, id)}”`,
    run: (ctx, { id, unitId }) => {
      const { db } = requireSession(ctx);
      removeEnterprise(db, id);
      return listEnterprises(db, unitAndBelow(listUnits(db), unitId));
    },
  }),
} satisfies HandlerMap<'roster:'>;
