import { rewritePeriodText } from '../../../shared/templates/period-text.js';
import { cellAddress, parseCellAddress } from '../excel/cell-ref.js';
import { readWorkbookBytes } from '../excel/read-workbook.js';
import { type SnapshotCell, type WorkbookSnapshot } from '../excel/workbook-snapshot.js';
import { type CellFill } from '../excel/xlsx-fill.js';

/** A bound cell of a template, as the layout needs it. */
export interface BoundCell {
  sheet: string;
  cell: string;
}

/** What a filled export needs to know of its template, per bound cell (same order) and for its titles. */
export interface ExportLayout {
  /** The template cell holds a formula: left to the template, recalculated on open. */
  formula: boolean[];
  /** The template cell shows its number as a percent ("0.0%"), so 5.9% is written as 0.059. */
  percent: boolean[];
  /** Title and period lines rewritten to the exported period. */
  titleFills: CellFill[];
}

/**
 * Reads a template's layout for a filled export of `period` (`YYYY-MM`): formula and percent
 * cells among `bound`, and the title lines to rewrite. Plain Node (runs in the worker pool: a
 * 50-sheet template has 100k cells, and only these flags need to cross back to the host).
 * @throws UserFacingError when the template cannot be read.
 */
export async function readExportLayout(bytes: Uint8Array, fileName: string, bound: readonly BoundCell[], period: string): Promise<ExportLayout> {
  // The package reader is enough here (formulas and number formats) and never loads ExcelJS.
  const layout = await readWorkbookBytes(bytes, fileName, { primaryReader: null });
  const bySheet = new Map(layout.sheets.map((sheet) => [sheet.name, new Map(sheet.cells.map((c) => [`${c.row}:${c.col}`, c]))]));
  const cells = bound.map((b) => {
    const pos = parseCellAddress(b.cell);
    return pos === null ? undefined : bySheet.get(b.sheet)?.get(`${pos.row}:${pos.col}`);
  });
  return {
    formula: cells.map((c) => c?.formula != null),
    percent: cells.map((c) => percentFormatted(layout, c)),
    titleFills: periodTitleFills(layout, bound, period),
  };
}

/**
 * Title and period lines (text cells above the first mapped row of each mapped sheet, as the
 * import's title check reads them) that show a period, rewritten to the exported one:
 * "2023年1-11月…" → "2023年1-10月…" for 2023-10. Cells that show no period, and formulas, stay.
 */
function periodTitleFills(layout: WorkbookSnapshot, bound: readonly BoundCell[], period: string): CellFill[] {
  const firstRows = new Map<string, number>();
  for (const b of bound) {
    const row = parseCellAddress(b.cell)?.row ?? 0;
    firstRows.set(b.sheet, Math.min(row, firstRows.get(b.sheet) ?? Infinity));
  }
  const fills: CellFill[] = [];
  for (const sheet of layout.sheets) {
    const firstRow = firstRows.get(sheet.name);
    if (firstRow === undefined) continue;
    for (const cell of sheet.cells) {
      if (cell.row >= firstRow || cell.formula !== null || cell.value?.type !== 'text') continue;
      const text = rewritePeriodText(cell.value.value, period);
      if (text !== null && text !== cell.value.value) fills.push({ sheet: sheet.name, cell: cellAddress(cell), value: { kind: 'text', value: text } });
    }
  }
  return fills;
}

function percentFormatted(layout: WorkbookSnapshot, cell: SnapshotCell | undefined): boolean {
  const format = cell === undefined ? 'General' : (layout.styles[cell.style]?.numberFormat ?? 'General');
  return /%/.test(format.replace(/"[^"]*"/g, ''));
}
