import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import iconv from 'iconv-lite';
import { parseDelimitedText } from '../../../shared/parse/delimited-text.js';
import { UserFacingError } from './user-facing-error.js';
import { scoreChineseText } from './chinese-text-score.js';

/** Encodings a clerk's CSV arrives in: Excel on Chinese Windows saves GBK (GB18030), Taiwan/HK Big5. */
export type CsvEncoding = 'utf-8' | 'gb18030' | 'big5' | 'utf-16le' | 'utf-16be';

/** A decoded CSV file. */
export interface CsvTable {
  rows: string[][];
  encoding: CsvEncoding;
  delimiter: ',' | '\t' | ';';
}

/** CSV files larger than this are refused before decoding (a county table is a few MB at most). */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;

/**
 * Detects the encoding of CSV bytes: a BOM decides; otherwise valid UTF-8 is UTF-8 (plain ASCII
 * included); otherwise GB18030 and Big5 are both tried and the decoding that yields fewer
 * invalid sequences and more everyday Chinese characters wins.
 */
export function detectCsvEncoding(bytes: Uint8Array): CsvEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    // not UTF-8: one of the legacy double-byte encodings
  }
  const sample = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 256 * 1024));
  const gb = scoreChineseText(iconv.decode(sample, 'gb18030'));
  const big5 = scoreChineseText(iconv.decode(sample, 'big5'));
  return big5 > gb ? 'big5' : 'gb18030';
}

/**
 * Decodes and parses CSV bytes (encoding detected, BOM dropped, delimiter sniffed from the
 * whole sample: comma, tab or semicolon, see {@link sniffDelimiter}).
 * @throws UserFacingError naming the file when it is too large or binary.
 */
export function readCsvBytes(bytes: Uint8Array, fileName: string): CsvTable {
  if (bytes.length > MAX_CSV_BYTES) throw new UserFacingError(`文件“${fileName}”太大（超过 64 MB），不像是报表数据，未做任何修改。`);
  const encoding = detectCsvEncoding(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = iconv.decode(buffer, encoding === 'gb18030' ? 'gb18030' : encoding, { stripBOM: true });
  if (text.includes('\u0000')) throw new UserFacingError(`文件“${fileName}”不是文本格式的 CSV（可能是 Excel 工作簿改了扩展名），未做任何修改。`);
  const delimiter = sniffDelimiter(text);
  return { rows: parseDelimitedText(text, delimiter), encoding, delimiter };
}

/**
 * Reads a CSV file from disk (see {@link readCsvBytes}).
 * @throws UserFacingError for missing, oversized or binary files.
 */
export async function readCsvFile(path: string): Promise<CsvTable> {
  const fileName = basename(path);
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile()) throw new UserFacingError(`找不到文件“${fileName}”，请确认路径后再试。`);
  if (info.size > MAX_CSV_BYTES) throw new UserFacingError(`文件“${fileName}”太大（超过 64 MB），不像是报表数据，未做任何修改。`);
  return readCsvBytes(await readFile(path), fileName);
}

/** How much of the text the delimiter is sniffed from: plenty of rows, bounded work. */
const SNIFF_SAMPLE_CHARS = 64 * 1024;

/**
 * The delimiter that splits the sample into the most rows of one common width (two cells or
 * more), quotes respected; comma, then tab, then semicolon on ties. Judged on the whole sample,
 * not the first line: a title line ("2023年1-11月…（单位：万元, 含省外）") above a tab-separated
 * table must not make it comma-separated.
 */
export function sniffDelimiter(text: string): CsvTable['delimiter'] {
  let sample = text.slice(0, SNIFF_SAMPLE_CHARS);
  if (sample.length < text.length) sample = sample.slice(0, Math.max(sample.lastIndexOf('\n'), 0));
  let best: { delimiter: CsvTable['delimiter']; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of [',', '\t', ';'] as const) {
    const widths = new Map<number, number>();
    for (const row of parseDelimitedText(sample, delimiter)) {
      if (row.length >= 2) widths.set(row.length, (widths.get(row.length) ?? 0) + 1);
    }
    const score = Math.max(0, ...widths.values());
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}
