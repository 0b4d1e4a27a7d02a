import { type ImportedCell } from '../../../shared/templates/import-classify.js';
import { type TemplateBinding } from '../../../shared/templates/template-binding.js';
import { parseCellAddress } from './cell-ref.js';
import { type CellValue, type WorkbookSnapshot } from './workbook-snapshot.js';

/** The mapped cells of a returned template, ready for `classifyImportedCell`. */
export interface TemplateValues {
  cells: Array<{ binding: TemplateBinding; cell: ImportedCell }>;
  /** Sheets in the file that no binding refers to (shown to the clerk, never imported). */
  unmappedSheets: string[];
  /** Sheets the bindings expect but the file lacks: every binding on them is a problem. */
  missingSheets: string[];
}

/**
 * Picks the bound cells out of a snapshot read by `readWorkbookFile`. Formula cells contribute
 * their cached value (what Excel/WPS last showed); numbers stay exact decimal text.
 */
export function extractTemplateValues(snapshot: WorkbookSnapshot, bindings: readonly TemplateBinding[]): TemplateValues {
  const bySheet = new Map(snapshot.sheets.map((s) => [s.name, new Map(s.cells.map((c) => [`${c.row}:${c.col}`, c.value]))]));
  const boundSheets = new Set(bindings.map((b) => b.sheet));
  const cells = bindings.flatMap((binding) => {
    const sheet = bySheet.get(binding.sheet);
    const pos = parseCellAddress(binding.cell);
    if (sheet === undefined || pos === null) return [];
    return [{ binding, cell: toImported(sheet.get(`${pos.row}:${pos.col}`) ?? null) }];
  });
  return {
    cells,
    unmappedSheets: snapshot.sheets.filter((s) => !boundSheets.has(s.name) && s.state === 'visible').map((s) => s.name),
    missingSheets: [...boundSheets].filter((name) => !bySheet.has(name)),
  };
}

function toImported(value: CellValue | null): ImportedCell {
  if (value === null) return { kind: 'empty' };
  switch (value.type) {
    case 'number':
      return { kind: 'number', value: value.value };
    case 'text':
      return value.value.trim() === '' ? { kind: 'empty' } : { kind: 'text', text: value.value };
    case 'error':
      return { kind: 'error', code: value.value };
    case 'boolean':
      return { kind: 'text', text: value.value ? 'TRUE' : 'FALSE' };
  }
}
