import { type TemplateBinding } from './template-binding.js';

/** Two cells of one sheet that would write the same stored figure. */
export interface DuplicateTarget {
  sheet: string;
  cells: string[];
  indicatorId: number;
  figure: TemplateBinding['figure'];
  periodOffset: number;
}

/**
 * Bindings of one sheet that aim at the same indicator, figure and period: an import would
 * write one cell over the other without a word (a correct return then shows a wrong 本月), so
 * a set of bindings is only valid without them. Bindings on different sheets may repeat a
 * figure (a summary sheet and a detail sheet showing the same total).
 */
export function duplicateTargets(bindings: readonly TemplateBinding[]): DuplicateTarget[] {
  const groups = new Map<string, DuplicateTarget>();
  for (const b of bindings) {
    const key = JSON.stringify([b.sheet, b.indicatorId, b.figure, b.periodOffset]);
    const group = groups.get(key);
    if (group) group.cells.push(b.cell);
    else groups.set(key, { sheet: b.sheet, cells: [b.cell], indicatorId: b.indicatorId, figure: b.figure, periodOffset: b.periodOffset });
  }
  return [...groups.values()].filter((g) => g.cells.length > 1);
}
