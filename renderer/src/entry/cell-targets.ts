import { type CellChange } from '../../../shared/api/grid-api.js';
import { type StoredField } from '../../../shared/domain/grid.js';
import { interpretCellInput } from '../../../shared/entry/cell-input.js';
import { convertUnit } from '../../../shared/stats/index.js';
import { type GridEdit } from '../grid/grid-model.js';

/** What a grid cell stands for in the workbook; null for labels and computed cells. */
export interface CellTarget {
  indicatorId: number;
  field: StoredField;
  /** `YYYY-MM`, or `YYYY` for 年度目标. */
  period: string;
  /** The unit the cell shows and the clerk types in (亿元 when the form shows amounts in 亿元). */
  unit: string;
  /** The unit the workbook stores the figure in; a typed figure is converted to it before saving. */
  storedUnit: string;
  /** For messages: "“规模以上工业总产值”本月". */
  label: string;
}

export type TargetTable = (CellTarget | null)[][];

export type CollectedChanges =
  | { ok: true; changes: CellChange[]; /** Non-blank texts of a block that landed on computed or read-only cells and were left out. */ skipped: number }
  | { ok: false; message: string; row: number; col: number };

/**
 * Turns typed or pasted texts into workbook changes. A text typed into one cell that cannot take
 * it is refused with a Chinese message naming the cell. In a block (paste, 向下填充, 清除) the
 * computed and read-only cells are skipped and counted, as WPS pastes a copied row around
 * formulas; the first text that is not a number refuses the whole block, naming the cell, and
 * nothing is sent. Figures are read in the unit the cell shows and converted, exactly, to the
 * unit stored.
 */
export function collectChanges(edits: GridEdit[], targets: TargetTable, columnTitles: string[]): CollectedChanges {
  const changes: CellChange[] = [];
  let skipped = 0;
  for (const edit of edits) {
    const target = targets[edit.row]?.[edit.col] ?? null;
    if (target === null) {
      if (edit.text.trim() === '') continue;
      if (edits.length > 1) {
        skipped += 1;
        continue;
      }
      const title = columnTitles[edit.col] ?? '';
      return { ok: false, row: edit.row, col: edit.col, message: `第${edit.row + 1}行“${title}”列是计算或只读单元格，不能填写。未作任何修改。` };
    }
    const refuse = (reason: string): CollectedChanges => ({ ok: false, row: edit.row, col: edit.col, message: `第${edit.row + 1}行 ${target.label}：${reason}。已取消，未作任何修改。` });
    const input = interpretCellInput(edit.text, { unit: target.unit, isNote: target.field === 'note' });
    if (!input.ok) return refuse(input.message);
    let value = input.value;
    if (value !== null && target.field !== 'note' && target.unit !== target.storedUnit) {
      const stored = convertUnit(value, target.unit, target.storedUnit);
      if (!stored.ok) return refuse(`无法从${target.unit}换算为${target.storedUnit}`);
      value = stored.value;
    }
    changes.push({ indicatorId: target.indicatorId, period: target.period, field: target.field, value });
  }
  return { ok: true, changes, skipped };
}
