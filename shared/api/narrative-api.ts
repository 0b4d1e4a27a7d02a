import { z } from 'zod';
import { type Narrative, type NarrativeSettings } from '../narrative/index.js';
import { channel } from './channel.js';
import { type ExportResult } from './template-api.js';
import { idSchema, periodSchema } from './schemas.js';

const templateText = z.string().max(1000);

/** Runtime schema of {@link NarrativeSettings} (saved per workbook, also sent for a preview). */
export const narrativeSettingsSchema = z.object({
  periodStyle: z.enum(['range', 'named', 'month-end']),
  rateDecimals: z.number().int().min(0).max(4),
  largeAmounts: z.boolean(),
  largeAmountDecimals: z.number().int().min(0).max(4),
  trimZeros: z.boolean(),
  templates: z.object({
    paragraph: templateText,
    separator: z.string().max(10),
    flow: templateText,
    stock: templateText,
    ratio: templateText,
    child: templateText,
  }),
  overrides: z.record(z.string().min(1).max(32), templateText),
});

/** A generated 工作总结 paragraph, with the settings it was written with. */
export interface NarrativeResult extends Narrative {
  unitName: string;
  /** `YYYY-MM`. */
  period: string;
  settings: NarrativeSettings;
  /** True when written from the unit's 汇总 (the units under it), false from its own figures. */
  consolidated: boolean;
  /** What a 汇总 covers (its units, who joined this year); empty for a unit's own figures. */
  notes: string[];
}

/** The 工作总结 paragraph generator. */
export const narrativeApi = {
  /**
   * Writes the paragraph of one unit and month from the workbook's figures. `indicatorCodes`:
   * the indicators to speak of (default: every indicator of `formId`, else of the first form);
   * `settings`: use these instead of the saved ones (a preview while editing templates);
   * `consolidated`: from the unit's 汇总 or its own figures (default: the 汇总 when units are under
   * it); `ledgers`: false leaves out the 项目台账 / 企业名录 counts.
   */
  'narrative:generate': channel<NarrativeResult>()(
    z.object({
      unitId: idSchema,
      period: periodSchema,
      formId: idSchema.optional(),
      indicatorCodes: z.array(z.string().trim().min(1).max(32)).max(500).optional(),
      settings: narrativeSettingsSchema.optional(),
      consolidated: z.boolean().optional(),
      ledgers: z.boolean().optional(),
    }),
  ),
  /** The workbook's paragraph settings (the defaults when it never saved any). */
  'narrative:settings': channel<NarrativeSettings>()(z.undefined()),
  /** Saves the paragraph settings with the workbook; refuses a template it cannot use. */
  'narrative:saveSettings': channel<NarrativeSettings>()(narrativeSettingsSchema),
  /**
   * Writes the (edited) paragraph as .txt (UTF-8 with BOM) or .docx; `outputPath` is absolute
   * or relative to the data folder, and an existing file is never replaced.
   */
  'narrative:export': channel<ExportResult>()(
    z.object({ text: z.string().min(1, '没有可导出的内容').max(100_000), format: z.enum(['txt', 'docx']), outputPath: z.string().min(1).max(1024) }),
  ),
};
