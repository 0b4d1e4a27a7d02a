import { z } from 'zod';
import { type FormView, type YearView } from '../domain/grid.js';
import { channel } from './channel.js';
import { idSchema, periodSchema, storedFieldSchema, yearSchema } from './schemas.js';

/**
 * One cell the clerk changed. `period` is `YYYY-MM`, or `YYYY` for the annual 年度目标.
 * `value` is a canonical decimal string (or note text for `note`), null to clear.
 */
export const cellChangeSchema = z.object({
  indicatorId: idSchema,
  period: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/),
  field: storedFieldSchema,
  value: z.string().max(500).nullable(),
});
export type CellChange = z.infer<typeof cellChangeSchema>;

export interface SaveResult {
  /** Identifies the undo step this save became. */
  batchId: number;
  savedAt: string;
  canUndo: boolean;
  canRedo: boolean;
  /**
   * The form view asked for with `view`, read after the save (equal to `grid:formView` of the
   * same form, unit and period), so the grid repaints without a second round trip.
   */
  view?: FormView;
}

export interface UndoResult {
  applied: boolean;
  /**
   * Chinese description of what was undone/redone, in full: one cell as
   * "已撤销：2023年3月 规模以上工业总产值 本月 300 → 空" (the unit's name first when the workbook has
   * several units), a block as "已撤销：粘贴 6 个单元格（2023年3月）", other steps as
   * "已撤销：修改指标“工业总产值”".
   */
  description: string;
  canUndo: boolean;
  canRedo: boolean;
  savedAt: string | null;
  /** The unit of the first figure the step changed, so the page can show it; null when it changed no figure. */
  unitId: number | null;
  /** The period of that figure: `YYYY-MM`, or `YYYY` for a 年度目标; null when it changed no figure. */
  period: string | null;
}

/** The entry grid: views, saving edits, undo/redo. */
export const gridApi = {
  'grid:formView': channel<FormView>()(z.object({ formId: idSchema, unitId: idSchema, period: periodSchema })),
  'grid:yearView': channel<YearView>()(
    z.object({ formId: idSchema, unitId: idSchema, year: yearSchema, mode: z.enum(['month', 'cumulative']) }),
  ),
  /**
   * Saves a block of changes as one undo step; all or nothing. With `view`, the answer also
   * carries that form view of the unit as saved (the grid's repaint, in the same round trip).
   */
  'values:set': channel<SaveResult>()(
    z.object({
      unitId: idSchema,
      changes: z.array(cellChangeSchema).min(1).max(100_000),
      source: z.enum(['edit', 'paste', 'clear']),
      view: z.object({ formId: idSchema, period: periodSchema }).optional(),
    }),
  ),
  /** The latest `YYYY-MM` with a stored 本月/累计 figure of the unit, null when none: where to start. */
  'values:latestPeriod': channel<string | null>()(z.object({ unitId: idSchema })),
  'history:undo': channel<UndoResult>()(z.undefined()),
  'history:redo': channel<UndoResult>()(z.undefined()),
};
