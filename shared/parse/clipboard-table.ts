import { parseDelimitedText } from './delimited-text.js';

/**
 * Parses the text/plain clipboard of Excel or WPS (tab-separated rows) into a rectangular table.
 *
 * - Rows end with "\r\n" or "\n"; cells are split by tabs.
 * - A cell that starts with `"` is quoted, the way Excel writes cells containing a tab, a line
 *   break or a quote: inside it tabs and line breaks are content and `""` is one `"`. A quote
 *   that never closes is taken literally (see {@link parseDelimitedText}).
 * - The line break Excel appends after the last row does not create an empty row.
 * - Shorter rows are padded with "" to the widest row, so a paste target is always rectangular.
 *
 * Returns [] for empty text. Cell text is not trimmed or converted: see `parseCellNumber`.
 */
export function parseClipboardTable(text: string): string[][] {
  const rows = parseDelimitedText(text, '\t');
  const width = Math.max(0, ...rows.map((r) => r.length));
  return rows.map((r) => (r.length < width ? [...r, ...Array<string>(width - r.length).fill('')] : r));
}
