import { expect } from 'vitest';
import { type Locator, type Page } from 'playwright-core';

/**
 * The cell of the grid's main table at a data row and column (headers excluded). Handsontable
 * renders only the rows and columns in view, so cells are found by their ARIA indices (one
 * header row and one row-header column come first), not by their place among the rendered ones.
 */
export function gridCell(page: Page, row: number, col: number): Locator {
  const at = `tbody tr[aria-rowindex="${row + 2}"] td[aria-colindex="${col + 2}"]`;
  // Frozen columns (名称 · 代码 · 计量单位) may be drawn only by the frozen overlay.
  return page.locator(`.entry-grid .ht_master ${at}, .entry-grid .ht_clone_inline_start ${at}`).first();
}

export async function cellText(page: Page, row: number, col: number): Promise<string> {
  await revealCell(page, row, col);
  return (await gridCell(page, row, col).innerText()).trim();
}

/** Waits until the cell shows `text` (the grid repaints after the workbook saved). */
export async function expectCell(page: Page, row: number, col: number, text: string): Promise<void> {
  await expect.poll(() => cellText(page, row, col), { timeout: 15_000 }).toBe(text);
}

/** The classes the grid adapter gave a cell (sb-typed, sb-derived, sb-missing, sb-mismatch …). */
export async function cellClasses(page: Page, row: number, col: number): Promise<string[]> {
  await revealCell(page, row, col);
  return ((await gridCell(page, row, col).getAttribute('class')) ?? '').split(/\s+/).filter(Boolean);
}

/** The tooltip of a cell (its remark), '' when none. */
export async function cellTitle(page: Page, row: number, col: number): Promise<string> {
  await revealCell(page, row, col);
  return (await gridCell(page, row, col).getAttribute('title')) ?? '';
}

/**
 * Scrolls the grid until the cell is rendered, as a clerk scrolls with the wheel: step by step
 * towards it, checking after each step (Handsontable renders asynchronously after a scroll).
 */
export async function revealCell(page: Page, row: number, col: number): Promise<void> {
  await expect
    .poll(
      async () => {
        if ((await gridCell(page, row, col).count()) > 0) return true;
        await page.evaluate(
          ({ r, c }) => {
            const holder = document.querySelector<HTMLElement>('.entry-grid .ht_master .wtHolder');
            if (!holder) return;
            // (Array.from: the tests' lib has no DOM.Iterable.)
            const rows = Array.from(document.querySelectorAll('.entry-grid .ht_master tbody tr'), (tr) => Number(tr.getAttribute('aria-rowindex')));
            const cols = Array.from(document.querySelectorAll('.entry-grid .ht_master tbody tr:first-child td'), (td) => Number(td.getAttribute('aria-colindex')));
            if (rows.length > 0 && !rows.includes(r)) holder.scrollTop += r < Math.min(...rows) ? -120 : 120;
            const scrollable = cols.filter((x) => x > 2); // column 0 (指标名称) is frozen
            if (scrollable.length > 0 && !cols.includes(c)) holder.scrollLeft += c < Math.min(...scrollable) ? -200 : 200;
          },
          { r: row + 2, c: col + 2 },
        );
        return false;
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(true);
}

/**
 * Selects a cell as a clerk does, with a click. Handsontable keeps its input
 * over the current cell, so clicking the current cell again lands on that input
 * and may open the editor; Escape leaves it closed, as a clerk would.
 */
export async function selectCell(page: Page, row: number, col: number): Promise<void> {
  await revealCell(page, row, col);
  await gridCell(page, row, col).click({ force: true });
  await page.keyboard.press('Escape');
}

/** Selects a cell and types into it like a clerk: the keystrokes open the editor, Enter commits. */
export async function typeInto(page: Page, row: number, col: number, text: string): Promise<void> {
  await selectCell(page, row, col);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Pastes text as Excel/WPS put it on the clipboard (a real paste event with text/plain). */
export async function pasteText(page: Page, row: number, col: number, text: string): Promise<void> {
  await selectCell(page, row, col);
  await page.evaluate((clip) => {
    const data = new DataTransfer();
    data.setData('text/plain', clip);
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

export async function statusMessage(page: Page): Promise<string> {
  return (await page.locator('[data-test=status-message]').innerText()).trim();
}

/** The column titles the grid shows (those rendered; row-header corner excluded). */
export async function columnTitles(page: Page): Promise<string[]> {
  return (await page.locator('.entry-grid .ht_clone_top thead tr:last-child th').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
}
