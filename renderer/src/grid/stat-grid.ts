import Handsontable from 'handsontable/base';
import { registerLanguageDictionary, zhCN } from 'handsontable/i18n';
import { registerAllModules } from 'handsontable/registry';
import 'handsontable/styles/handsontable.min.css';
import 'handsontable/styles/ht-theme-classic.min.css';
import { parseClipboardTable } from '../../../shared/parse/clipboard-table.js';
import { type GridCellSpec, type GridEdit, type GridModel, type StatGridHandlers } from './grid-model.js';

registerAllModules();
registerLanguageDictionary(zhCN);

/** The only place that knows Handsontable: the rest of the renderer speaks GridModel. */
export interface StatGrid {
  setModel(model: GridModel): void;
  select(row: number, col: number): void;
  selected(): { row: number; col: number } | null;
  flash(row: number, col: number): void;
  focus(): void;
  destroy(): void;
}

const LICENSE_KEY = import.meta.env.VITE_HANDSONTABLE_LICENSE_KEY ?? 'non-commercial-and-evaluation';

const TEXT_STYLES: ReadonlySet<GridCellSpec['style']> = new Set(['label', 'code', 'section']);

/**
 * The classes of a painted cell (app.css draws them): its style, `sb-fig` for figure cells,
 * `sb-readonly` for cells the clerk cannot type into (grey), `sb-marked` for the red or amber
 * corner marker of missing, mismatched and comparable figures.
 */
function cellClasses(cell: GridCellSpec, numeric: boolean): string[] {
  const classes = [`sb-${cell.style}`];
  if (!TEXT_STYLES.has(cell.style)) classes.push('sb-fig');
  if (numeric && cell.style !== 'section') classes.push('htRight');
  if (cell.indent) classes.push(`sb-indent-${Math.min(cell.indent, 4)}`);
  if (!cell.editable) classes.push('sb-readonly');
  if (cell.style === 'missing' || cell.style === 'mismatch' || cell.style === 'comparable') classes.push('sb-marked');
  return classes;
}

/**
 * Mounts an Excel-like grid: arrows move, Enter moves down, Tab right, F2 edits,
 * Delete clears, Ctrl+C copies, Ctrl+V pastes a block from Excel/WPS, Ctrl+Z /
 * Ctrl+Y undo and redo through the workbook's history. The grid never changes
 * its own data: every edit goes to `handlers.edit`, and the view answers with a
 * fresh model once the workbook has saved it.
 */
export function mountStatGrid(container: HTMLElement, handlers: StatGridHandlers, initial: GridModel = { columns: [], rows: [] }): StatGrid {
  let model: GridModel = initial;

  const hot = new Handsontable(container, {
    licenseKey: LICENSE_KEY,
    themeName: 'ht-theme-classic',
    language: 'zh-CN',
    // The first model goes in with the constructor: a later loadData makes Handsontable
    // look up the meta of every cell (400k for 10k × 40), which dominated first paint.
    data: initial.rows.map((row) => row.map((cell) => cell.text)),
    rowHeaders: true,
    colHeaders: initial.columns.map((c) => c.title),
    colWidths: initial.columns.map((c) => c.width),
    height: '100%',
    width: '100%',
    stretchH: 'none',
    fixedColumnsStart: 1,
    enterBeginsEditing: false,
    enterMoves: { row: 1, col: 0 },
    tabMoves: { row: 0, col: 1 },
    autoWrapRow: false,
    autoWrapCol: false,
    outsideClickDeselects: false,
    undo: false,
    fillHandle: false,
    contextMenu: false,
    copyPaste: { pasteMode: 'overwrite' },
    renderAllRows: false,
    cells(row, col) {
      return { readOnly: !(model.rows[row]?.[col]?.editable ?? false) };
    },
    // Looks are applied per painted cell, so only the visible cells pay for them.
    afterRenderer(td, row, col) {
      const cell = model.rows[row]?.[col];
      const column = model.columns[col];
      if (!cell || !column) return;
      td.classList.add(...cellClasses(cell, column.numeric));
      // A note kept on one line shows in full on hover.
      const title = cell.remark ?? (cell.style === 'note' ? cell.text : '');
      if (title) td.title = title;
      else td.removeAttribute('title');
    },
    beforeChange(changes, source) {
      if (source === 'loadData' || source === 'updateData') return true;
      const edits: GridEdit[] = [];
      for (const change of changes) {
        if (!change) continue;
        // The text editor hands over strings (numbers only if another plugin wrote them).
        const [row, prop, , next] = change as [number, string | number, unknown, string | number | null | undefined];
        edits.push({ row, col: Number(prop), text: next === null || next === undefined ? '' : String(next) });
      }
      if (edits.length > 0) handlers.edit(edits, edits.every((e) => e.text === '') && edits.length > 1 ? 'clear' : 'edit');
      // The grid shows what the workbook saved, so its own copy never changes here.
      return false;
    },
    beforeKeyDown(event: KeyboardEvent) {
      const ctrl = event.ctrlKey || event.metaKey;
      if (!ctrl || hot.getActiveEditor()?.isOpened()) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) handlers.undo();
      else if (key === 'y' || (key === 'z' && event.shiftKey)) handlers.redo();
      else return;
      event.preventDefault();
      event.stopImmediatePropagation();
    },
  });

  // Pastes are parsed by our own tested reader of Excel/WPS clipboard text and
  // saved as one block (one undo step), instead of Handsontable's cell-by-cell paste.
  const onPaste = (event: ClipboardEvent): void => {
    if (!hot.isListening() || hot.getActiveEditor()?.isOpened()) return;
    const start = hot.getSelectedRangeLast()?.getTopStartCorner();
    const text = event.clipboardData?.getData('text/plain');
    if (!start || text === undefined) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const block = parseClipboardTable(text);
    const edits: GridEdit[] = [];
    block.forEach((cells, r) =>
      cells.forEach((value, c) => {
        const row = start.row + r;
        const col = start.col + c;
        if (row < model.rows.length && col < model.columns.length) edits.push({ row, col, text: value });
      }),
    );
    if (edits.length > 0) handlers.edit(edits, 'paste');
  };
  document.addEventListener('paste', onPaste, true);

  return {
    setModel(next) {
      const shapeChanged =
        next.columns.length !== model.columns.length ||
        next.rows.length !== model.rows.length ||
        next.columns.some((c, i) => c.title !== model.columns[i]?.title);
      model = next;
      const data = next.rows.map((row) => row.map((cell) => cell.text));
      if (shapeChanged) {
        hot.updateSettings({ colHeaders: next.columns.map((c) => c.title), colWidths: next.columns.map((c) => c.width) });
        hot.loadData(data);
      } else {
        // updateData keeps the selection and scroll position while values change.
        hot.updateData(data);
      }
    },
    select(row, col) {
      hot.selectCell(row, col);
    },
    selected() {
      const range = hot.getSelectedRangeLast();
      return range ? { row: range.highlight.row ?? 0, col: range.highlight.col ?? 0 } : null;
    },
    flash(row, col) {
      const td = hot.getCell(row, col);
      if (!td) return;
      td.classList.add('sb-refused');
      window.setTimeout(() => td.classList.remove('sb-refused'), 1600);
    },
    focus() {
      hot.listen();
    },
    destroy() {
      document.removeEventListener('paste', onPaste, true);
      hot.destroy();
    },
  };
}
