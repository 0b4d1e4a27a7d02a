import iconv from 'iconv-lite';
import { writeFileAtomically } from './atomic-write.js';

/**
 * CSV output encodings: UTF-8 with a BOM (Excel needs the BOM to read UTF-8 CSV on Chinese
 * Windows), or GBK for old tools. "gbk" is written as GB18030, GBK's superset, so characters
 * outside GBK (rare names, 𠀾) survive as 4-byte sequences instead of becoming "?".
 */
export type CsvOutputEncoding = 'utf-8-bom' | 'gbk';

/** Options of {@link writeCsvBytes}. */
export interface CsvWriteOptions {
  /** Defaults to 'utf-8-bom'. */
  encoding?: CsvOutputEncoding;
}

// A number a spreadsheet would also read as a number: leaving "-5" or "+3.2" alone keeps
// negative figures numeric, and such text cannot be a formula.
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$/;

/**
 * Makes a cell safe against CSV formula injection (OWASP): text starting with = + - @, a tab or a
 * carriage return is prefixed with an apostrophe so Excel/WPS show it as text instead of
 * evaluating it. Plain numbers such as "-5" are left as they are.
 */
export function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/**
 * Serialises rows as CSV: comma-separated, CRLF line ends, cells quoted when they contain a
 * comma, quote or line break, every text cell neutralised against formula injection.
 * `null` is an empty cell.
 */
export function writeCsvBytes(rows: ReadonlyArray<ReadonlyArray<string | null>>, options: CsvWriteOptions = {}): Buffer {
  const text = csvText(rows);
  return options.encoding === 'gbk' ? iconv.encode(text, 'gb18030') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** The CSV text of rows (see {@link writeCsvBytes}), for output that is not a file (the CLI's stdout). */
export function csvText(rows: ReadonlyArray<ReadonlyArray<string | null>>): string {
  return rows.map((row) => row.map((cell) => quote(neutralizeFormula(cell ?? ''))).join(',')).join('\r\n') + '\r\n';
}

/**
 * Writes a CSV file atomically (see {@link writeCsvBytes}).
 * @throws UserFacingError naming the file when it cannot be written.
 */
export async function writeCsvFile(path: string, rows: ReadonlyArray<ReadonlyArray<string | null>>, options: CsvWriteOptions = {}): Promise<void> {
  await writeFileAtomically(path, writeCsvBytes(rows, options));
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
