import { z } from 'zod';
import { type PeriodStatus } from './audit-api.js';
import { channel } from './channel.js';
import { type ExportResult } from './template-api.js';
import { idSchema, periodSchema } from './schemas.js';

/** One unit's return of a form for a month, as the completeness view (报送情况) lists it. */
export interface CompletenessRow {
  unitId: number;
  code: string;
  name: string;
  /** 0 for the units directly under the chosen node. */
  depth: number;
  /** True when units are under it in the period: its figures are their 汇总, its own return optional. */
  consolidated: boolean;
  /** 未录入 / 暂存 / 已审核 / 已上报 / 退回, from the period workflow. */
  status: PeriodStatus;
  label: string;
  /** Cells of the form the unit types (本月 or 累计 of each typed indicator row). */
  required: number;
  /** Of those, the rows with a figure for the month. */
  filled: number;
  /** 填报率: filled / required × 100, one decimal; null when the unit types nothing on the form. */
  fillRate: string | null;
  /** When and by whom the month was last 上报 or 撤回 (ISO time), or null. */
  lastAction: { action: 'submit' | 'unlock'; at: string; user: string | null } | null;
}

/** Whether the units under a node have returned a form for a month. */
export interface CompletenessView {
  formId: number;
  formName: string;
  unitId: number;
  unitName: string;
  /** `YYYY-MM`. */
  period: string;
  rows: CompletenessRow[];
  /** Units whose own returns are expected (those without units under them), per status. */
  counts: Record<PeriodStatus, number>;
  notes: string[];
}

const target = z.object({ formId: idSchema, unitId: idSchema, period: periodSchema });

/** 报送情况: which units have returned a form for a month, in which status, how complete. */
export const completenessApi = {
  /** The units under `unitId` (in use in the period) with their status and filled cells. Read-only. */
  'completeness:view': channel<CompletenessView>()(target),
  /** Exports the view as .xlsx ready to print; `outputPath` absolute or relative to the data folder; an existing file is never replaced. */
  'completeness:export': channel<ExportResult>()(target.extend({ outputPath: z.string().trim().min(1, '请填写文件名').max(1024) })),
};
