import { convertAmountUnit, parseCellNumber } from '../parse/cell-number.js';

/** What a typed or pasted text means for one cell, or why it is refused. */
export type CellInput = { ok: true; value: string | null } | { ok: false; message: string };

/**
 * Interprets what the clerk typed or pasted into a figure cell of an indicator
 * whose unit is `unit`: "1,234.5", "１２３", "86.33亿元" (converted to the
 * indicator's unit), "—" or "/" (no figure), an empty cell (clear). Anything
 * ambiguous is refused with a Chinese reason, never guessed. Notes pass as text.
 */
export function interpretCellInput(text: string, target: { unit: string; isNote: boolean }): CellInput {
  if (target.isNote) {
    const note = text.trim();
    return { ok: true, value: note === '' ? null : note };
  }
  const parsed = parseCellNumber(text);
  switch (parsed.kind) {
    case 'empty':
    case 'not-applicable':
      return { ok: true, value: null };
    case 'problem':
      return { ok: false, message: parsed.message };
    case 'number': {
      if (parsed.unit === null || parsed.unit === target.unit) return { ok: true, value: parsed.value };
      const converted = convertAmountUnit(parsed.value, parsed.unit, target.unit);
      if (converted === null) return { ok: false, message: `“${text.trim()}”的单位是${parsed.unit}，本指标的计量单位是${target.unit || '（无）'}，无法换算` };
      return { ok: true, value: converted };
    }
  }
}
