import { expect } from 'vitest';
import { type Page } from 'playwright-core';

/** The visible cell of the grid's main table (row and column of the data, headers excluded). */
export function gridCell(page: Page, row: number, col: number) {
  return page.locator('.entry-grid .ht_master tbody tr').nth(row).locator('td').nth(col);
}

export async function cellText(page: Page, row: number, col: number): Promise<string> {
  return (await gridCell(page, row, col).innerText()).trim();
}

/** Waits until the cell shows `text` (the grid repaints after the workbook saved). */
export async function expectCell(page: Page, row: number, col: number, text: string): Promise<void> {
  await expect.poll(() => cellText(page, row, col), { timeout: 10_000 }).toBe(text);
}

/**
 * Selects a cell as a clerk does, with a click. Handsontable keeps its input
 * over the current cell, so clicking the current cell again lands on that input
 * and may open the editor; Escape leaves it closed, as a clerk would.
 */
export async function selectCell(page: Page, row: number, col: number): Promise<void> {
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
