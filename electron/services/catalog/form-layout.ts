/**
 * Where rows go in a form's paper order so that 其中 items stay under their parent: a row's
 * block is the row and the 其中 rows right under it (at any depth); new rows and moves never
 * land inside another row's block unless they belong there. Pure functions over the ordered
 * rows, so the repository only reads and renumbers.
 */

/** One row of a form in paper order: a section title (indicatorId null) or an indicator. */
export interface LayoutRow {
  itemId: number;
  indicatorId: number | null;
}

/** The catalog's 其中 relation: an indicator's parent indicator, null at the top. */
export type ParentOf = (indicatorId: number) => number | null;

/** How deep 其中 chains are followed; the catalog refuses cycles, this only guards bad files. */
const MAX_DEPTH = 10;

function isUnder(indicatorId: number | null, ancestorId: number, parentOf: ParentOf): boolean {
  if (indicatorId === null) return false;
  let p = parentOf(indicatorId);
  for (let depth = 0; p !== null && depth < MAX_DEPTH; depth += 1) {
    if (p === ancestorId) return true;
    p = parentOf(p);
  }
  return false;
}

/** The index just past the block that starts at `index` (a section's block is itself). */
export function blockEnd(rows: readonly LayoutRow[], index: number, parentOf: ParentOf): number {
  const head = rows[index]?.indicatorId ?? null;
  let end = index + 1;
  if (head === null) return end;
  while (end < rows.length && isUnder(rows[end]?.indicatorId ?? null, head, parentOf)) end += 1;
  return end;
}

/**
 * The level a row sits at: its parent indicator when that parent is in this form; sections and
 * indicators whose parent is not in the form are at the top (null).
 */
function levelOf(row: LayoutRow, inForm: ReadonlySet<number>, parentOf: ParentOf): number | null {
  if (row.indicatorId === null) return null;
  const parent = parentOf(row.indicatorId);
  return parent !== null && inForm.has(parent) ? parent : null;
}

const indicatorsIn = (rows: readonly LayoutRow[]): Set<number> => new Set(rows.flatMap((r) => (r.indicatorId === null ? [] : [r.indicatorId])));

/**
 * The row order after moving the row at `index` with its 其中 rows one place up (−1) or down (+1)
 * among the rows of its own level; null when it is already first or last of its level.
 */
export function moveWithinLevel(rows: readonly LayoutRow[], index: number, direction: -1 | 1, parentOf: ParentOf): LayoutRow[] | null {
  const row = rows[index];
  if (!row) return null;
  const inForm = indicatorsIn(rows);
  const level = levelOf(row, inForm, parentOf);
  const sameLevel = (other: LayoutRow): boolean => levelOf(other, inForm, parentOf) === level;
  const end = blockEnd(rows, index, parentOf);
  const spliced = (start: number, middle: number, stop: number): LayoutRow[] => [
    ...rows.slice(0, start),
    ...rows.slice(middle, stop),
    ...rows.slice(start, middle),
    ...rows.slice(stop),
  ];
  if (direction === 1) {
    const next = rows[end];
    if (!next || !sameLevel(next)) return null;
    return spliced(index, end, blockEnd(rows, end, parentOf));
  }
  for (let j = index - 1; j >= 0; j -= 1) {
    const before = rows[j] as LayoutRow;
    if (sameLevel(before)) return spliced(j, index, end);
    // Above the first 其中 item is its parent (or whatever precedes the parent's block): stop.
    if (level !== null && !isUnder(before.indicatorId, level, parentOf)) return null;
  }
  return null;
}

/**
 * Where a new row at level `parentId` goes when the clerk chose to add it after the row
 * `afterItemId`: after the block of that row's ancestor (or itself) at the new row's level, so it
 * never splits a parent from its 其中 items; the last 其中 place of the parent when the chosen row
 * is the parent or lies outside it; the end of the form when nothing is chosen.
 */
export function insertionIndex(rows: readonly LayoutRow[], afterItemId: number | null, parentId: number | null, parentOf: ParentOf): number {
  const parentIndex = parentId === null ? -1 : rows.findIndex((r) => r.indicatorId === parentId);
  const from = parentIndex + 1;
  const to = parentIndex < 0 ? rows.length : blockEnd(rows, parentIndex, parentOf);
  const after = afterItemId === null ? -1 : rows.findIndex((r) => r.itemId === afterItemId);
  if (after < from || after >= to) return to;
  const level = parentIndex < 0 ? null : parentId;
  const inForm = indicatorsIn(rows);
  // Climb from the chosen row to its ancestor at the new row's level.
  for (let j = after; j >= from; j -= 1) {
    const row = rows[j] as LayoutRow;
    if (levelOf(row, inForm, parentOf) === level && (j === after || isUnder(rows[after]?.indicatorId ?? null, row.indicatorId ?? -1, parentOf))) {
      return blockEnd(rows, j, parentOf);
    }
  }
  return to;
}

/**
 * The row order after an indicator got a new parent: its block is taken out and put back where a
 * new row at the new level would go after the row that preceded it; null when its place already
 * fits (it directly follows its new parent's rows, or it is at the top level outside any block).
 */
export function replaceAfterReparent(rows: readonly LayoutRow[], itemId: number, parentOf: ParentOf): LayoutRow[] | null {
  const index = rows.findIndex((r) => r.itemId === itemId);
  const row = rows[index];
  if (!row || row.indicatorId === null) return null;
  const end = blockEnd(rows, index, parentOf);
  const block = rows.slice(index, end);
  const rest = [...rows.slice(0, index), ...rows.slice(end)];
  const inForm = indicatorsIn(rows);
  const level = levelOf(row, inForm, parentOf);
  const previous = rest[index - 1]?.itemId ?? null;
  // Where it is is right when the row before is its parent or within it, or (top level) when
  // the row before ends a block there.
  const at = previous === null && level === null ? 0 : insertionIndex(rest, previous, level, parentOf);
  if (at === index) return null;
  return [...rest.slice(0, at), ...block, ...rest.slice(at)];
}
