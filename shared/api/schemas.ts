import { z } from 'zod';

/** `YYYY-MM` with month 01–12. */
export const periodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '期别应为“年-月”格式，如 2024-03');

/** A year such as 2023. */
export const yearSchema = z.number().int().min(1949).max(2200);

/**
 * A canonical decimal string: optional minus, digits, optional fraction.
 * Amounts cross the contract as strings so no binary float ever touches them.
 */
export const decimalSchema = z.string().regex(/^-?\d{1,15}(\.\d{1,10})?$/, '不是有效的数值');

export const idSchema = z.number().int().positive();

export const indicatorKindSchema = z.enum(['flow', 'stock', 'ratio']);
export const entryBasisSchema = z.enum(['month', 'cumulative']);
export const growthBasisSchema = z.enum(['nominal', 'comparable']);
export const storedFieldSchema = z.enum(['month', 'cumulative', 'prior_cumulative', 'comparable_base', 'growth', 'target', 'note']);
export const projectionMethodSchema = z.enum(['linear', 'seasonal', 'target']);

/** Display options of a form (see `FormOptions` in shared/domain/catalog.ts). */
export const formOptionsSchema = z.object({
  analysisColumns: z
    .array(z.enum(['share', 'contribution', 'twoYearAverage', 'monthOnMonth', 'previousCumulative', 'timeProgress', 'projection']))
    .max(7)
    .default([]),
  moneyDisplayUnit: z.enum(['元', '千元', '万元', '亿元']).nullable().default(null),
  displayDecimals: z.number().int().min(0).max(6).nullable().default(null),
  balanceRounding: z.boolean().default(false),
  zeroBase: z.enum(['dash', 'new']).default('dash'),
});
