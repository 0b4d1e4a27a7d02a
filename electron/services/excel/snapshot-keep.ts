import { parseCellAddress } from './cell-ref.js';
import { type WorkbookSnapshot } from './workbook-snapshot.js';

/** The cells of one sheet an import reads: its bound cells (A1 addresses); none listed = the whole sheet. */
export interface SheetKeep {
  sheet: string;
  cells: readonly string[];
}

/**
 * A snapshot cut down to what an import preview reads: on each bound sheet the bound cells and
 * every cell above the first bound row (title, period and unit lines the title check reads);
 * other sheets keep their names and layout but no cells. `keep` null, or a sheet listed without
 * cells, keeps everything of it.
 */
export function keepForImport(snapshot: WorkbookSnapshot, keep: readonly SheetKeep[] | null): WorkbookSnapshot {
  if (keep === null) return snapshot;
  const bySheet = new Map(keep.map((k) => [k.sheet, k.cells]));
  return {
    ...snapshot,
    sheets: snapshot.sheets.map((sheet) => {
      const cells = bySheet.get(sheet.name);
      if (cells === undefined) return { ...sheet, cells: [] };
      if (cells.length === 0) return sheet;
      const wanted = new Set<string>();
      let firstRow = Number.POSITIVE_INFINITY;
      for (const address of cells) {
        const position = parseCellAddress(address);
        if (position === null) continue;
        wanted.add(`${position.row}:${position.col}`);
        firstRow = Math.min(firstRow, position.row);
      }
      return { ...sheet, cells: sheet.cells.filter((c) => c.row < firstRow || wanted.has(`${c.row}:${c.col}`)) };
    }),
  };
}
