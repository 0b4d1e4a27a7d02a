import { z } from 'zod';
import { PROJECT_STATUSES, type Project } from '../ledger/project-ledger.js';
import { type ProjectRowResult } from '../ledger/project-table.js';
import { type RosterImportResult } from './roster-api.js';
import { type ExportResult } from './template-api.js';
import { channel } from './channel.js';
import { decimalSchema, idSchema, periodSchema, yearSchema } from './schemas.js';

const projectFields = z.object({
  name: z.string().trim().min(1, '请填写项目名称').max(200),
  unitId: idSchema,
  category: z.string().trim().max(40).default(''),
  /** 总投资, 万元. */
  totalInvestment: decimalSchema,
  plannedStart: periodSchema.nullable().default(null),
  plannedEnd: periodSchema.nullable().default(null),
  progressText: z.string().trim().max(500).default(''),
  leader: z.string().trim().max(40).default(''),
});
export type ProjectFields = z.output<typeof projectFields>;

/** What importing a project ledger file would do, row by row (rows matched by 项目名称). */
export interface ProjectPreview {
  fileName: string;
  sheet: string;
  rows: Array<ProjectRowResult & { change?: 'new' | 'changed' | 'unchanged'; changedFields?: string[] }>;
  /** Columns not understood: reported, never dropped silently. */
  unknownColumns: string[];
  /** Columns the file has; optional ones it lacks keep the stored values. */
  present: string[];
}

/** Outcome of a project import (the same shape as the roster's). */
export type ProjectImportResult = RosterImportResult;

const pathSchema = z.string().trim().min(1, '请填写文件路径').max(1024);

/** 项目台账 (project ledger): projects, their 状态 history and investment, and the indicators they feed. */
export const projectApi = {
  /** The projects of a unit and the units under it, with history and amounts. */
  'projects:list': channel<Project[]>()(z.object({ unitId: idSchema })),
  /** Adds a project (`id` absent) or changes one; answers with the unit's projects (`listUnitId`). */
  'projects:save': channel<Project[]>()(z.object({ id: idSchema.optional(), fields: projectFields, listUnitId: idSchema })),
  /** Records a change of 状态 in a month (`YYYY-MM`): the history the counts are read from. */
  'projects:setStatus': channel<Project[]>()(z.object({ id: idSchema, status: z.enum(PROJECT_STATUSES), period: periodSchema, listUnitId: idSchema })),
  /** Sets (null clears) 本月完成投资 of a month, or 年度计划投资 of a year, in 万元. */
  'projects:setAmount': channel<Project[]>()(
    z.object({ id: idSchema, period: z.union([periodSchema, yearSchema.transform(String)]), value: decimalSchema.nullable(), listUnitId: idSchema }),
  ),
  /** Removes a project with its history and amounts. */
  'projects:remove': channel<Project[]>()(z.object({ id: idSchema, listUnitId: idSchema })),
  /** Reads a project ledger file (first sheet; path absolute or relative to the data folder) and says what importing it would change. */
  'projects:preview': channel<ProjectPreview>()(z.object({ path: pathSchema })),
  /** Imports the rows not refused (matched by 项目名称; a 状态 with its month joins the history), as one undo step. */
  'projects:import': channel<ProjectImportResult>()(z.object({ path: pathSchema })),
  /** Exports the projects of a unit and those under it to .xlsx with the headers the import reads. */
  'projects:export': channel<ExportResult>()(z.object({ unitId: idSchema, outputPath: pathSchema })),
  /** Indicators read from the project ledger: indicator id → source. */
  'projects:sources': channel<Array<{ indicatorId: number; source: string }>>()(z.undefined()),
  /**
   * Reads an indicator from the project ledger from now on (`source`: 'signed', 'signedInvestment',
   * 'investment', 'large' or 'status:<状态>'), or with null makes it typed again. Refused when the
   * indicator's kind does not fit (a monthly count needs a flow, a month-end count a stock).
   */
  'projects:bindIndicator': channel<Array<{ indicatorId: number; source: string }>>()(z.object({ indicatorId: idSchema, source: z.string().max(40).nullable() })),
};
