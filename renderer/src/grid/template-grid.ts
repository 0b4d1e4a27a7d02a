import Handsontable from 'handsontable/base';
import { type TemplateSheetView } from '../../../shared/domain/template.js';

/** A read-only view of one template sheet, with its merges and look. */
export interface TemplateGrid {
  show(sheet: TemplateSheetView, boundCells: ReadonlySet<string>): void;
  destroy(): void;
}

const LICENSE_KEY = import.meta.env.VITE_HANDSONTABLE_LICENSE_KEY ?? 'non-commercial-and-evaluation';

/** "A1" address of a 0-based cell. */
export function cellAddress(row: number, col: number): string {
  let name = '';
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return `${name}${row + 1}`;
}

/**
 * Mounts the template preview: Excel-style column letters and row numbers,
 * merges, bold/fill/alignment from the template, mapped cells highlighted.
 * Selecting a cell reports its A1 address (the top-left cell of a merge).
 */
export function mountTemplateGrid(container: HTMLElement, onSelect: (address: string) => void): TemplateGrid {
  let sheet: TemplateSheetView | null = null;
  let bound: ReadonlySet<string> = new Set();
  const hot = new Handsontable(container, {
    licenseKey: LICENSE_KEY,
    themeName: 'ht-theme-classic',
    language: 'zh-CN',
    data: [[]],
    readOnly: true,
    rowHeaders: true,
    colHeaders: true,
    height: '100%',
    width: '100%',
    outsideClickDeselects: false,
    contextMenu: false,
    fillHandle: false,
    cells(row, col) {
      const style = sheet?.styles[sheet.styleIndex[row]?.[col] ?? 0];
      const classes: string[] = [];
      if (style?.bold) classes.push('tpl-bold');
      if (style?.italic) classes.push('tpl-italic');
      if (style?.align === 'center') classes.push('htCenter');
      if (style?.align === 'right') classes.push('htRight');
      if (style?.wrap) classes.push('tpl-wrap');
      if (bound.has(cellAddress(row, col))) classes.push('tpl-bound');
      return { className: classes.join(' ') };
    },
    afterRenderer(td, row, col) {
      const style = sheet?.styles[sheet.styleIndex[row]?.[col] ?? 0];
      td.style.backgroundColor = bound.has(cellAddress(row, col)) ? '' : (style?.fillColor ?? '');
      td.style.color = style?.fontColor ?? '';
    },
    afterSelectionEnd(row, col) {
      if (row >= 0 && col >= 0) onSelect(cellAddress(row, col));
    },
  });

  return {
    show(next, boundCells) {
      sheet = next;
      bound = boundCells;
      hot.updateSettings({ colWidths: next.colWidths.length > 0 ? next.colWidths : 80, mergeCells: false });
      hot.loadData(next.texts.length > 0 ? next.texts : [['']]);
      hot.updateSettings({
        mergeCells: next.merges.map((m) => ({ row: m.top, col: m.left, rowspan: m.bottom - m.top + 1, colspan: m.right - m.left + 1 })),
      });
    },
    destroy() {
      hot.destroy();
    },
  };
}
