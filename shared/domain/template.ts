import { type ProposalEvidence } from '../templates/auto-map.js';
import { type TemplateBinding } from '../templates/template-binding.js';

/** A county template (报表模板) registered in the workbook. */
export interface TemplateSummary {
  id: number;
  name: string;
  /** The file name it was registered from, e.g. 园区月报.xls. */
  fileName: string;
  format: 'xlsx' | 'xls' | 'et';
  registeredAt: string;
  sheetNames: string[];
  bindingCount: number;
}

/** How a template cell looks in the read-only preview grid. */
export interface TemplateCellStyle {
  bold: boolean;
  italic: boolean;
  fillColor: string | null;
  fontColor: string | null;
  align: 'left' | 'center' | 'right' | null;
  wrap: boolean;
}

/** One sheet of a template for the read-only preview (0-based rows/columns). */
export interface TemplateSheetView {
  name: string;
  rowCount: number;
  colCount: number;
  /** Text as Excel would show it (cached results for formulas), row-major. */
  texts: string[][];
  /** Formula cells, for the mapping screen's hints ("=B5/C5-1"). */
  formulas: { row: number; col: number; formula: string }[];
  /** Style index per cell, row-major, into `styles`; 0 is plain. */
  styleIndex: number[][];
  styles: TemplateCellStyle[];
  merges: { top: number; left: number; bottom: number; right: number }[];
  /** Column widths in pixels. */
  colWidths: number[];
}

export interface TemplateView {
  template: TemplateSummary;
  sheets: TemplateSheetView[];
  bindings: TemplateBinding[];
}

/**
 * A proposed binding with the reason and evidence the clerk sees before accepting it: 'confident'
 * proposals may be accepted as they are; 'pending' (待确认) ones list their doubts and alternative
 * indicators and are never saved until the clerk decides.
 */
export interface BindingProposalView extends TemplateBinding {
  confidence: number;
  reason: string;
  alternatives: number[];
  status: 'confident' | 'pending';
  doubts: string[];
  evidence: ProposalEvidence;
}

export type ImportCellStatus = 'new' | 'changed' | 'unchanged' | 'problem';

/** One mapped cell of one imported file, compared with the workbook. */
export interface ImportCellDiff {
  sheet: string;
  cell: string;
  indicatorId: number;
  indicatorName: string;
  /** Stored field the value goes to (month / cumulative / prior_cumulative / target / note). */
  field: string;
  period: string;
  oldValue: string | null;
  newValue: string | null;
  status: ImportCellStatus;
  /** Chinese reason for a problem, e.g. "“约100”不是确定的数值". */
  message?: string;
}

export interface ImportFilePreview {
  path: string;
  fileName: string;
  unitId: number | null;
  unitName: string | null;
  cells: ImportCellDiff[];
  /** File-level problems: unreadable, encrypted, unmapped sheet, wrong period/unit in title cells. */
  problems: string[];
}

export interface ImportPreview {
  previewId: string;
  templateId: number;
  period: string;
  files: ImportFilePreview[];
  counts: Record<ImportCellStatus, number>;
  /** True when no problem blocks the commit. */
  canCommit: boolean;
}
