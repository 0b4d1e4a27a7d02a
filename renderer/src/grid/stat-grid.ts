import Handsontable from 'handsontable/base';
import { registerLanguageDictionary, zhCN } from 'handsontable/i18n';
import { registerAllModules } from 'handsontable/registry';
import 'handsontable/styles/handsontable.min.css';
import 'handsontable/styles/ht-theme-classic.min.css';
import { parseClipboardTable } from '../../../shared/parse/clipboard-table.js';
import { cellClassName, cellTitle, type ChangedCell, changedCells } from './cell-paint.js';
import { clearEdits, fillDownEdits, placeBlock, todayText } from './grid-actions.js';
import { type GridEdit, type GridModel, type GridRange, type StatGridHandlers } from './grid-model.js';
import { rememberedFrozen, rememberedWidths, rememberFrozen, rememberWidth } from './grid-layout.js';

registerAllModules();
registerLanguageDictionary(zhCN);

/** The only place that knows Handsontable: the rest of the renderer speaks GridModel. */
export interface StatGrid {
  setModel(model: GridModel): void;
  select(row: number, col: number): void;
  selected(): { row: number; col: number } | null;
  /** The selected rectangles (several with Ctrl+click). */
  ranges(): GridRange[];
  flash(row: number, col: number): void;
  focus(): void;
  /** Stops taking keys (a find box or a question has them) until `focus`. */
  release(): void;
  /** True while a cell's editor is open (Ctrl+Z then undoes typing, not the workbook). */
  editing(): boolean;
  /** 向下填充 of the selection (Ctrl+D). */
  fillDown(): void;
  /** Freezes the columns left of and including `col`; -1 unfreezes all. */
  freezeThrough(col: number): void;
  destroy(): void;
}

const LICENSE_KEY = import.meta.env.VITE_HANDSONTABLE_LICENSE_KEY ?? 'non-commercial-and-evaluation';

/** Above this many changed cells (another period of the same form) the grid reloads its data whole. */
const PATCH_LIMIT = 2000;

function rangeOf(range: Handsontable.CellRange): GridRange {
  const from = range.getTopStartCorner();
  const to = range.getBottomEndCorner();
  // A click on a header selects a whole row or column with a -1 header coordinate.
  return { top: Math.max(0, from.row), left: Math.max(0, from.col), bottom: Math.max(0, to.row), right: Math.max(0, to.col) };
}

/**
 * Mounts an Excel/WPS-like grid: arrows move, Enter moves down, Tab right, F2 edits, Delete
 * clears, typing (Chinese through the input method included) starts editing the selected cell,
 * Ctrl+C copies, Ctrl+V pastes a block from Excel/WPS, Ctrl+D fills down, Ctrl+; puts today's
 * date in a 备注, Ctrl+Z / Ctrl+Y undo and redo through the workbook's history, a right-click
 * menu offers 复制 / 粘贴 / 清除 / 查看历史 / 填写说明 / 冻结至此列, columns can be resized (remembered per form). The
 * grid never changes its own data: every edit goes to `handlers.edit`, and the view answers with
 * a fresh model once the workbook has saved it.
 *
 * Speed: the cells are painted by one renderer that reads the model directly; there is no
 * per-cell `cells()` meta lookup (whether a cell can be typed into is asked only when an
 * editor is about to open), so a render costs what a bare Handsontable text render costs.
 */
export function mountStatGrid(container: HTMLElement, handlers: StatGridHandlers, initial: GridModel = { columns: [], rows: [] }): StatGrid {
  let model: GridModel = initial;
  /** The grid's data as handed to Handsontable (the texts of `model`), kept to be written in place. */
  let source: string[][] = initial.rows.map((row) => row.map((cell) => cell.text));

  const widths = (m: GridModel): number[] => {
    const kept = rememberedWidths(m.key);
    return m.columns.map((c) => kept[c.title] ?? c.width);
  };
  const frozen = (m: GridModel): number => Math.min(rememberedFrozen(m.key) ?? m.frozen ?? 1, m.columns.length);

  // Reads the model straight into the cell: no text renderer, no per-cell meta.
  const renderCell = (_hot: Handsontable, td: HTMLTableCellElement, row: number, col: number): HTMLTableCellElement => {
    const cell = model.rows[row]?.[col];
    const column = model.columns[col];
    if (!cell || !column) {
      td.textContent = '';
      return td;
    }
    td.className = cellClassName(cell, column.numeric);
    // Rewriting an unchanged text still replaces the cell's text node, which the browser then
    // lays out again; after a save most visible cells show what they showed.
    if (td.textContent !== cell.text) td.textContent = cell.text;
    // A note kept on one line shows in full on hover.
    const title = cellTitle(cell);
    if (title) td.title = title;
    else if (td.hasAttribute('title')) td.removeAttribute('title');
    return td;
  };

  /**
   * Repaints one drawn cell in place, outside Handsontable's render: the classes Handsontable
   * itself put on the cell (the selection's `current`, `area`, `highlight`…) and a refused
   * cell's flash stay. A frozen column's cell is drawn twice (the main table and the frozen
   * overlay), so both are repainted; a cell out of view is not drawn and paints when scrolled to.
   */
  const repaintCell = (row: number, col: number): void => {
    const master = hot.getCell(row, col, false);
    const topmost = hot.getCell(row, col, true);
    for (const td of topmost === master ? [master] : [master, topmost]) {
      if (!td) continue;
      const kept = Array.from(td.classList).filter((c) => (!c.startsWith('sb-') && c !== 'htRight') || c === 'sb-refused');
      renderCell(hot, td, row, col);
      if (kept.length > 0) td.classList.add(...kept);
    }
  };

  const editable = (row: number, col: number): boolean => model.rows[row]?.[col]?.editable ?? false;

  const ranges = (): GridRange[] => (hot.getSelectedRange() ?? []).map(rangeOf);

  // Handsontable redraws every visible cell after a change, even one the grid refused (all of
  // them: the view answers with a fresh model). On the 510-row form that redraw of unchanged data
  // cost ~30 ms of the Enter the clerk waits on, so it is skipped; the selection still moves.
  let refusedChange = false;

  const hot = new Handsontable(container, {
    licenseKey: LICENSE_KEY,
    themeName: 'ht-theme-classic',
    language: 'zh-CN',
    // The first model goes in with the constructor: a later loadData makes Handsontable
    // look up the meta of every cell (400k for 10k × 40), which dominated first paint.
    data: source,
    rowHeaders: true,
    colHeaders: initial.columns.map((c) => c.title),
    colWidths: widths(initial),
    manualColumnResize: true,
    height: '100%',
    width: '100%',
    stretchH: 'none',
    fixedColumnsStart: frozen(initial),
    enterBeginsEditing: false,
    enterMoves: { row: 1, col: 0 },
    tabMoves: { row: 0, col: 1 },
    autoWrapRow: false,
    autoWrapCol: false,
    outsideClickDeselects: false,
    // Keeps the input method's text box on the selected cell, so Chinese typed into a selected
    // 备注 starts editing with it, as in WPS (without it the first composition is lost).
    imeFastEdit: true,
    undo: false,
    fillHandle: false,
    copyPaste: { pasteMode: 'overwrite' },
    renderAllRows: false,
    renderer: renderCell,
    contextMenu: {
      items: {
        sb_copy: { name: '复制　Ctrl+C', callback: () => copySelection() },
        sb_paste: { name: '粘贴　Ctrl+V', callback: () => void pasteFromClipboard() },
        sb_clear: { name: '清除　Delete', callback: () => clearSelection() },
        sb_fill: { name: '向下填充　Ctrl+D', callback: () => fillDown() },
        sb_sep_cell: '---------',
        sb_history: { name: '查看历史', hidden: () => !handlers.history, callback: () => handlers.history?.() },
        sb_explain: { name: '填写说明', hidden: () => !handlers.explain, callback: () => handlers.explain?.() },
        sb_sep: '---------',
        sb_freeze: {
          name(this: Handsontable) {
            const col = this.getSelectedRangeLast()?.highlight.col ?? 0;
            return `冻结至此列（${model.columns[col]?.title ?? ''}）`;
          },
          callback: () => freezeThrough(hot.getSelectedRangeLast()?.highlight.col ?? 0),
        },
        sb_unfreeze: { name: '取消冻结', callback: () => freezeThrough(-1) },
      },
    },
    beforeBeginEditing(row, col) {
      return editable(row, col);
    },
    afterSelectionEnd() {
      handlers.selection?.(ranges());
    },
    afterColumnResize(size, col) {
      const title = model.columns[col]?.title;
      if (title) rememberWidth(model.key, title, size);
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
      // The grid shows what the workbook saved, so its own copy never changes here. Handsontable
      // redraws synchronously right after this hook; the flag never outlives the task.
      refusedChange = true;
      queueMicrotask(() => (refusedChange = false));
      return false;
    },
    beforeViewRender(_forced, skip) {
      if (!refusedChange) return;
      refusedChange = false;
      skip.skipRender = true;
    },
    beforeKeyDown(event: KeyboardEvent) {
      const ctrl = event.ctrlKey || event.metaKey;
      if (!ctrl || hot.getActiveEditor()?.isOpened()) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) handlers.undo();
      else if (key === 'y' || (key === 'z' && event.shiftKey)) handlers.redo();
      else if (key === 'd') fillDown();
      else if (key === ';') dateIntoNote();
      else return;
      event.preventDefault();
      event.stopImmediatePropagation();
    },
  });

  // With imeFastEdit Handsontable re-selects the text of its input box shortly after every
  // selection event; when that lands while the clerk is already typing (a save answered and the
  // grid repainted), the next keystroke replaced what was typed. While the editor is open, or
  // another control has the keys, the re-select goes to a spare box instead.
  const spareBox = document.createElement('textarea');
  hot.getFocusManager().setRefocusElementGetter(() => {
    const editor = hot.getActiveEditor();
    const box: unknown = editor && 'TEXTAREA' in editor ? editor.TEXTAREA : null;
    // Nor does it take the focus back from a find box or a question that has the keys.
    return editor?.isOpened() || !(box instanceof HTMLTextAreaElement) || !hot.isListening() ? spareBox : box;
  });

  // Handsontable moves the focus to the input method's box one timer tick after a selection ends.
  // Chromium runs input events before timers, so on a busy PC the clerk's first keystroke after a
  // click could arrive while the focus was still on the cell and be lost ("1500" saved as "500").
  // Focusing the box at once, here, leaves no such gap; Handsontable's later select() is harmless.
  // A repaint after a selection change moves the focus onto the highlighted cell; while the grid
  // is released (a dialog, the find box or a question has the keys) that would pull the focus out
  // of the dialog, so the cell hands over a detached element instead and the focus stays put.
  hot.addHook('modifyFocusedElement', (_row: number, _col: number, element: HTMLElement | undefined) => (hot.isListening() ? element : spareBox));

  hot.addHook('afterSelectionEnd', () => {
    const focus = hot.getFocusManager();
    if (focus.getFocusMode() !== 'mixed' || hot.getActiveEditor()?.isOpened() || !hot.isListening()) return;
    const box = focus.getRefocusElement();
    if (box instanceof HTMLTextAreaElement && box !== spareBox && document.activeElement !== box) box.focus({ preventScroll: true });
  });

  function copySelection(): void {
    hot.getPlugin('copyPaste').copy();
  }

  function clearSelection(): void {
    const edits = clearEdits(model, ranges());
    if (edits.length > 0) handlers.edit(edits, 'clear');
  }

  function fillDown(): void {
    const range = hot.getSelectedRangeLast();
    if (!range) return;
    const edits = fillDownEdits(model, rangeOf(range));
    if (edits.length > 0) handlers.edit(edits, 'paste');
  }

  function dateIntoNote(): void {
    const at = hot.getSelectedRangeLast()?.highlight;
    if (!at || at.row === null || at.col === null) return;
    const cell = model.rows[at.row]?.[at.col];
    if (cell?.style === 'note' && cell.editable) handlers.edit([{ row: at.row, col: at.col, text: todayText() }], 'edit');
    else handlers.notice?.('Ctrl+; 在“备注”列填入今天的日期：请先选中一个备注单元格。');
  }

  /** Places a pasted text at the selection's top-left cell and hands it over as one block (one undo step). */
  function pasteText(text: string): void {
    const start = hot.getSelectedRangeLast()?.getTopStartCorner();
    if (!start) return;
    const placed = placeBlock(parseClipboardTable(text), Math.max(0, start.row), Math.max(0, start.col), model);
    if (handlers.paste) handlers.paste(placed.edits, placed.outside);
    else if (placed.edits.length > 0) handlers.edit(placed.edits, 'paste');
  }

  async function pasteFromClipboard(): Promise<void> {
    try {
      pasteText(await navigator.clipboard.readText());
    } catch {
      handlers.notice?.('浏览器不允许从菜单读取剪贴板：请按 Ctrl+V 粘贴。');
    }
  }

  function freezeThrough(col: number): void {
    const count = col + 1;
    rememberFrozen(model.key, count);
    hot.updateSettings({ fixedColumnsStart: count });
  }

  // Pastes are parsed by our own tested reader of Excel/WPS clipboard text and
  // saved as one block (one undo step), instead of Handsontable's cell-by-cell paste.
  const onPaste = (event: ClipboardEvent): void => {
    if (!hot.isListening() || hot.getActiveEditor()?.isOpened()) return;
    const text = event.clipboardData?.getData('text/plain');
    if (text === undefined) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    pasteText(text);
  };
  document.addEventListener('paste', onPaste, true);

  // A model that arrives while the clerk is typing in a cell (the save of the previous cell
  // answered) waits until the editor closes: repainting under an open editor loses keystrokes.
  let pending: GridModel | null = null;
  let pendingTimer: number | null = null;
  function applyModel(next: GridModel): void {
    if (hot.getActiveEditor()?.isOpened()) {
      pending = next;
      pendingTimer ??= window.setInterval(() => {
        if (hot.isDestroyed || hot.getActiveEditor()?.isOpened() || pending === null) return;
        if (pendingTimer !== null) window.clearInterval(pendingTimer);
        pendingTimer = null;
        const waiting = pending;
        pending = null;
        applyModel(waiting);
      }, 50);
      return;
    }
    pending = null;
    const shapeChanged =
      next.key !== model.key ||
      next.columns.length !== model.columns.length ||
      next.rows.length !== model.rows.length ||
      next.columns.some((c, i) => c.title !== model.columns[i]?.title);
    const changed = shapeChanged ? null : changedCells(model, next);
    model = next;
    if (changed && changed.length <= PATCH_LIMIT && patch(changed)) {
      handlers.selection?.(ranges());
      return;
    }
    const data = next.rows.map((row) => row.map((cell) => cell.text));
    source = data;
    if (shapeChanged) {
      const sizes = widths(next);
      hot.updateSettings({ colHeaders: next.columns.map((c) => c.title), colWidths: sizes, manualColumnResize: sizes, fixedColumnsStart: frozen(next) });
      hot.loadData(data);
    } else {
      // updateData keeps the selection and scroll position while values change.
      hot.updateData(data);
    }
    handlers.selection?.(ranges());
  }

  /**
   * Shows a model of the same table by changing only the cells that look different (`model` is
   * already the new one). After a save that is a handful of cells; Handsontable's full redraw of
   * the view (updateData: every drawn cell re-rendered, every row's height measured again) cost
   * ~15 ms of the clerk's Enter on the 510-row form. The grid's data (what Ctrl+C copies and an
   * editor opens with) is the array given to Handsontable, written cell by cell as a change would
   * be. False when that array is not the grid's own (then the caller reloads it whole).
   */
  function patch(changed: readonly ChangedCell[]): boolean {
    // The editor of the selected cell is prepared (closed) with the cell's text, which F2 opens
    // with; a changed text goes to it too, as a reload's new selection would have prepared it.
    const editor = hot.getActiveEditor();
    let reflows = false;
    for (const { row, col, reflows: grows } of changed) {
      const line = source[row];
      const text = model.rows[row]?.[col]?.text ?? '';
      if (!line) return false;
      if (line[col] === text) continue;
      line[col] = text;
      if (hot.getSourceDataAtCell(row, col) !== text) return false;
      if (editor && !editor.isOpened() && editor.row === row && editor.col === col) editor.originalValue = text;
      reflows ||= grows;
    }
    // A name or code that changed may wrap onto another line: Handsontable measures row heights
    // (and lines the frozen columns up with them) only in its own render.
    if (reflows) hot.render();
    else for (const { row, col } of changed) repaintCell(row, col);
    return true;
  }

  return {
    setModel: applyModel,
    select(row, col) {
      hot.selectCell(row, col);
    },
    selected() {
      const range = hot.getSelectedRangeLast();
      return range ? { row: range.highlight.row ?? 0, col: range.highlight.col ?? 0 } : null;
    },
    ranges,
    flash(row, col) {
      const td = hot.getCell(row, col);
      if (!td) return;
      td.classList.add('sb-refused');
      window.setTimeout(() => td.classList.remove('sb-refused'), 1600);
    },
    focus() {
      // Keys go to the grid again, and the browser's focus too (a toolbar select that kept it
      // would take the next digits as type-ahead); with imeFastEdit the input method's box is
      // put back on the selected cell so Chinese can be typed straight away.
      hot.listen();
      if (hot.getSelectedRangeLast()) {
        const focus = hot.getFocusManager();
        focus.focusOnHighlightedCell();
        focus.refocusToEditorTextarea(0);
      }
    },
    release() {
      hot.unlisten();
    },
    editing() {
      return hot.getActiveEditor()?.isOpened() ?? false;
    },
    fillDown,
    freezeThrough,
    destroy() {
      if (pendingTimer !== null) window.clearInterval(pendingTimer);
      document.removeEventListener('paste', onPaste, true);
      hot.destroy();
    },
  };
}
