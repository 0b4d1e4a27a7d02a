import { basename } from 'node:path';
import { unitAndBelow } from '../../../shared/units/unit-tree.js';
import { listUnits } from '../catalog/unit-repo.js';
import { type AppContext, requireSession } from '../context.js';
import { type HandlerMap, mutation } from '../handler-map.js';
import { resolvePath } from '../templates/template-handlers.js';
import { bindProjectSource, projectSources } from './project-feed.js';
import { exportProjects, importProjects, previewProjects } from './project-transfer.js';
import { listProjects, projectName, removeProject, saveProject, setProjectAmount, setProjectStatus } from './project-repo.js';

function projectsOf(ctx: AppContext, unitId: number) {
  const { db } = requireSession(ctx);
  return listProjects(db, unitAndBelow(listUnits(db), unitId));
}

function sourcesOf(ctx: AppContext): Array<{ indicatorId: number; source: string }> {
  return [...projectSources(requireSession(ctx).db)].map(([indicatorId, source]) => ({ indicatorId, source }));
}

const nameOf = (ctx: AppContext, id: number): string => projectName(requireSession(ctx).db, id);

/**
 * Handlers of the projects:* channels (项目台账). Every change is a mutation (one undo step); the
 * status history is kept, so the counts of any past month stay as they were.
 */
export const projectHandlers = {
  /** The projects of a unit and the units under it. */
  'projects:list': (ctx, { unitId }) => projectsOf(ctx, unitId),
  /** Adds or changes a project. */
  'projects:save': mutation({
    describe: ({ id, fields }, ctx) => (id === undefined ? `新增项目“${fields.name}”` : `修改项目“${nameOf(ctx, id) || fields.name}”`),
    run: (ctx, { id, fields, listUnitId }) => {
      saveProject(requireSession(ctx).db, fields, id);
      return projectsOf(ctx, listUnitId);
    },
  }),
  /** Records a change of 状态. */
  'projects:setStatus': mutation({
    describe: ({ id, status, period }, ctx) => `项目“${nameOf(ctx, id)}”${period}起为“${status}”`,
    run: (ctx, { id, status, period, listUnitId }) => {
      setProjectStatus(requireSession(ctx).db, id, status, period);
      return projectsOf(ctx, listUnitId);
    },
  }),
  /** Sets 本月完成投资 or 年度计划投资. */
  'projects:setAmount': mutation({
    describe: ({ id, period }, ctx) => `项目“${nameOf(ctx, id)}”${period.length === 4 ? `${period}年计划投资` : `${period}完成投资`}`,
    run: (ctx, { id, period, value, listUnitId }) => {
      setProjectAmount(requireSession(ctx).db, id, period, value);
      return projectsOf(ctx, listUnitId);
    },
  }),
  /** Removes a project. */
  'projects:remove': mutation({
    describe: ({ id }, ctx) => `从台账删除项目“${nameOf(ctx, id)}”`,
    run: (ctx, { id, listUnitId }) => {
      removeProject(requireSession(ctx).db, id);
      return projectsOf(ctx, listUnitId);
    },
  }),
  /** What importing a project file would change, row by row. */
  'projects:preview': (ctx, { path }) => previewProjects(requireSession(ctx).db, resolvePath(ctx, path)),
  /** Imports the rows not refused, as one undo step. */
  'projects:import': mutation({
    describe: ({ path }) => `导入项目台账“${basename(path)}”`,
    source: () => 'import',
    run: (ctx, { path }) => importProjects(requireSession(ctx).db, resolvePath(ctx, path)),
  }),
  /** Exports the projects to .xlsx, as the import reads them. */
  'projects:export': (ctx, { unitId, outputPath }) => exportProjects(requireSession(ctx).db, unitId, resolvePath(ctx, outputPath)),
  /** Indicators read from the ledger. */
  'projects:sources': (ctx) => sourcesOf(ctx),
  /** Binds (or with null unbinds) an indicator to a ledger figure. */
  'projects:bindIndicator': mutation({
    describe: ({ indicatorId, source }, ctx) => {
      const row = requireSession(ctx).statement('SELECT name FROM indicators WHERE id = ?').get(indicatorId) as { name: string } | undefined;
      return source === null ? `“${row?.name ?? ''}”改为手工填报` : `“${row?.name ?? ''}”改为由项目台账统计`;
    },
    run: (ctx, { indicatorId, source }) => {
      bindProjectSource(requireSession(ctx).db, indicatorId, source);
      return sourcesOf(ctx);
    },
  }),
} satisfies HandlerMap<'projects:'>;
