import { z } from 'zod';
import { type Enterprise, type RosterCounts, type RosterRowResult } from '../roster/roster-table.js';
import { channel } from './channel.js';
import { type ExportResult } from './template-api.js';
import { idSchema, periodSchema } from './schemas.js';

/** A row of an import preview: how the workbook's roster would change (or why the row is refused). */
export type RosterPreviewRow = RosterRowResult & { change?: 'new' | 'changed' | 'unchanged'; changedFields?: string[] };

/** What importing a roster file would do, row by row. */
export interface RosterPreview {
  fileName: string;
  sheet: string;
  rows: RosterPreviewRow[];
  /** Columns not understood: reported, never dropped silently. */
  unknownColumns: string[];
  missingColumns: string[];
  /** Optional columns the file has; the others keep the stored values. */
  present: string[];
}

/** Outcome of an import: rows added and changed; refused rows are left out and listed. */
export interface RosterImportResult {
  added: number;
  changed: number;
  unchanged: number;
  refused: Array<{ rowNumber: number; name: string; reasons: string[] }>;
}

const pathSchema = z.string().trim().min(1, '请填写文件路径').max(1024);

/** 企业名录 (enterprise roster): list, import from .xlsx/.xls with a preview, counts by designation. */
export const rosterApi = {
  /** The enterprises of a unit and the units under it (all units of the tree below it). */
  'roster:list': channel<Enterprise[]>()(z.object({ unitId: idSchema })),
  /** Counts for a month (`YYYY-MM`) of the enterprises of a unit and the units under it: all, 规上, per designation. */
  'roster:counts': channel<RosterCounts>()(z.object({ unitId: idSchema, period: periodSchema })),
  /** Reads a roster file (first sheet; path absolute or relative to the data folder) and says what importing it would change. */
  'roster:preview': channel<RosterPreview>()(z.object({ path: pathSchema })),
  /** Imports the rows of a roster file that are not refused (matched by 统一社会信用代码), as one undo step. */
  'roster:import': channel<RosterImportResult>()(z.object({ path: pathSchema })),
  /** Indicators counted from the roster: indicator id → source ('all', 'above_scale' or a designation). */
  'roster:sources': channel<Array<{ indicatorId: number; source: string }>>()(z.undefined()),
  /**
   * Counts a stock indicator from the roster from now on (`source`: 'all', 'above_scale' or a
   * designation), or with `source: null` makes it typed again. Its figures then show as derived
   * (取自企业名录) for every unit and month. Refused for an indicator that is not a stock.
   */
  'roster:bindIndicator': channel<Array<{ indicatorId: number; source: string }>>()(z.object({ indicatorId: idSchema, source: z.string().max(40).nullable() })),
  /**
   * Exports the roster of a unit and the units under it to .xlsx with Chinese column headers, as
   * the import reads them (an exported roster imports back unchanged); an existing file is never replaced.
   */
  'roster:export': channel<ExportResult>()(z.object({ unitId: idSchema, outputPath: pathSchema })),
  /** Removes an enterprise and its designations. */
  'roster:remove': channel<Enterprise[]>()(z.object({ id: idSchema, unitId: idSchema })),
};
