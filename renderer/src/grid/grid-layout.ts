/**
 * The clerk's layout choices per form — column widths dragged wider, columns frozen — kept in
 * the browser's localStorage (they belong to this computer's screen, not to the workbook).
 * A layout without a key (the template preview, the benchmark) is not remembered.
 */

const PREFIX = 'statbench.layout.';

interface Layout {
  /** Column title → width in px: titles survive analysis columns being switched on or off. */
  widths: Record<string, number>;
  frozen?: number;
}

function read(key: string | undefined): Layout {
  if (!key) return { widths: {} };
  try {
    const parsed = JSON.parse(localStorage.getItem(PREFIX + key) ?? '{}') as Partial<Layout>;
    return { widths: parsed.widths ?? {}, ...(typeof parsed.frozen === 'number' ? { frozen: parsed.frozen } : {}) };
  } catch {
    // A damaged entry is forgotten rather than breaking the grid.
    return { widths: {} };
  }
}

function write(key: string | undefined, layout: Layout): void {
  if (!key) return;
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(layout));
  } catch {
    // Storage full or disabled: the layout is simply not remembered.
  }
}

/** Widths the clerk set for this layout's columns, by column title. */
export function rememberedWidths(key: string | undefined): Record<string, number> {
  return read(key).widths;
}

/** Keeps a column's new width. */
export function rememberWidth(key: string | undefined, title: string, width: number): void {
  const layout = read(key);
  layout.widths[title] = Math.round(width);
  write(key, layout);
}

/** How many columns the clerk froze for this layout, or null for the layout's default. */
export function rememberedFrozen(key: string | undefined): number | null {
  return read(key).frozen ?? null;
}

/** Keeps the number of frozen columns (0 unfreezes). */
export function rememberFrozen(key: string | undefined, count: number): void {
  const layout = read(key);
  layout.frozen = Math.max(0, count);
  write(key, layout);
}

const NEGATIVE_RED = 'statbench.negativeRed';

/** Whether the clerk chose 负数显示为红色 on this computer. */
export function negativeRedChosen(): boolean {
  try {
    return localStorage.getItem(NEGATIVE_RED) === '1';
  } catch {
    return false;
  }
}

/** Keeps the 负数显示为红色 choice. */
export function chooseNegativeRed(on: boolean): void {
  try {
    localStorage.setItem(NEGATIVE_RED, on ? '1' : '0');
  } catch {
    // Storage disabled: the choice lasts for this session only.
  }
}
