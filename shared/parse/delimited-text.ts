/**
 * Splits delimited text (CSV, or the TSV that Excel/WPS put on the clipboard) into rows of cells.
 *
 * - Rows end with "\r\n", "\n" or a lone "\r".
 * - A cell that starts with `"` is quoted (RFC 4180, and Excel's clipboard): inside it the
 *   delimiter and line breaks are content and `""` is one `"`; text after the closing quote is
 *   kept as written. A quote that never closes is taken literally: that is text typed with a
 *   quote, not a quoted cell.
 * - The line break after the last row does not create an empty row; empty text gives [].
 *
 * Rows are returned as found (not padded); cell text is not trimmed or converted.
 */
export function parseDelimitedText(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    const { value, end } = readCell(text, i, delimiter);
    row.push(value);
    const next = text[end];
    if (next === delimiter) {
      i = end + 1;
      continue;
    }
    rows.push(row);
    row = [];
    if (next === undefined) break;
    i = end + (next === '\r' && text[end + 1] === '\n' ? 2 : 1);
    if (i === text.length) break; // the trailing line break
  }
  return rows.length === 1 && rows[0]?.length === 1 && rows[0][0] === '' ? [] : rows;
}

/** Reads one cell starting at `start`; `end` is the index of the delimiter/line break/end after it. */
function readCell(text: string, start: number, delimiter: string): { value: string; end: number } {
  if (text[start] === '"') {
    const quoted = readQuoted(text, start, delimiter);
    if (quoted !== null) return quoted;
  }
  const end = findDelimiter(text, start, delimiter);
  return { value: text.slice(start, end), end };
}

function readQuoted(text: string, start: number, delimiter: string): { value: string; end: number } | null {
  let value = '';
  let i = start + 1;
  for (;;) {
    const close = text.indexOf('"', i);
    if (close < 0) return null;
    value += text.slice(i, close);
    if (text[close + 1] === '"') {
      value += '"';
      i = close + 2;
      continue;
    }
    const end = findDelimiter(text, close + 1, delimiter);
    return { value: value + text.slice(close + 1, end), end };
  }
}

function findDelimiter(text: string, from: number, delimiter: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === delimiter || c === '\n' || c === '\r') return i;
  }
  return text.length;
}
