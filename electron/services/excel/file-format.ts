import { inflateRawSync } from 'node:zlib';
import { isEncryptedCompoundFile, sniffSignature } from './xlsx-package.js';
import { UserFacingError } from './user-facing-error.js';
import { DamagedPartError, DEFAULT_ZIP_LIMITS, hasZipDirectory, readZipDirectory, salvageLocalEntries, type ZipEntry, type ZipLimits } from './zip-archive.js';

/** Spreadsheet formats the app reads (Excel, WPS and LibreOffice open all of them). */
export type SpreadsheetFormat = 'xlsx' | 'xlsm' | 'xlsb' | 'xls' | 'et' | 'ods' | 'xml2003' | 'html' | 'text';

/** What a file's bytes say it is: a spreadsheet format, or something a clerk picked by mistake. */
export type DetectedKind = SpreadsheetFormat | 'encrypted' | 'zip' | 'word' | 'powerpoint' | 'opendocument' | 'office-other' | 'pdf' | 'image' | 'empty' | 'binary';

/** Chinese names of each kind, as the clerk's menus and file dialogs call them. */
export const FORMAT_LABELS: Readonly<Record<DetectedKind, string>> = {
  xlsx: 'Excel 工作簿（.xlsx）',
  xlsm: 'Excel 启用宏的工作簿（.xlsm）',
  xlsb: 'Excel 二进制工作簿（.xlsb）',
  xls: 'Excel 97-2003 工作簿（.xls）',
  et: 'WPS 表格（.et）',
  ods: 'OpenDocument 电子表格（.ods）',
  xml2003: 'XML 电子表格 2003（SpreadsheetML）',
  html: '网页（HTML）表格',
  text: '文本表格（CSV/制表符分隔）',
  encrypted: '设置了打开密码的 Office 文件',
  zip: '普通压缩包（.zip）',
  word: 'Word 文档',
  powerpoint: 'PowerPoint 演示文稿',
  opendocument: 'OpenDocument 文档（非表格）',
  'office-other': '无法识别的 Office 复合文档',
  pdf: 'PDF 文档',
  image: '图片',
  empty: '空文件',
  binary: '无法识别的二进制文件',
};

/**
 * The message for a file whose bytes say what it is but whose content cannot be read (cut short,
 * damaged, a part missing): names the format and says what to do.
 */
export function damagedFileMessage(fileName: string, kind: DetectedKind, part?: { name: string; why: string }): string {
  const what = part ? `其中的部件“${part.name}”${part.why}` : '内容无法读取（可能已损坏）';
  return `文件“${fileName}”是${FORMAT_LABELS[kind]}，但${what}。请用 Excel 或 WPS 打开后另存为 .xlsx 再试，未做任何修改。`;
}

/** The message for a file cut short whose first bytes still say what it is. */
function incompleteFileMessage(fileName: string, kind: DetectedKind): string {
  return `文件“${fileName}”是${FORMAT_LABELS[kind]}，但文件不完整（可能下载或复制未完成），无法读取。请重新获取该文件，或用 Excel 或 WPS 打开后另存为 .xlsx 再试，未做任何修改。`;
}

/** A detected file: its kind and, for zips, the checked directory (so it is read once). */
export interface DetectedFile {
  kind: DetectedKind;
  /** The zip directory when the file is a zip archive (already checked against the limits). */
  zip: ZipEntry[] | null;
}

const utf16 = (text: string): Buffer => Buffer.from(text, 'utf16le');

/**
 * Tells what a file is from its bytes, never from its name (web report platforms hand out HTML
 * and SpreadsheetML 2003 named ".xls"; clerks rename files): zip packages by their content
 * types or ODF mimetype, OLE compound files by their streams, text by its markup. The name is
 * used only to tell a WPS .et from an .xls, which share one binary format.
 * @throws UserFacingError (from the zip guard) for damaged or hostile zip archives.
 */
export function detectFileFormat(bytes: Uint8Array, fileName: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): DetectedFile {
  if (bytes.length === 0) return { kind: 'empty', zip: null };
  const signature = sniffSignature(bytes);
  if (signature === 'zip') {
    // A package cut short (a download or copy that stopped) loses the directory at its end, but
    // its first parts still say what it was: the clerk hears "an .ods, incomplete", not "a zip".
    if (!hasZipDirectory(bytes)) {
      const kind = incompleteZipKind(salvageLocalEntries(bytes));
      if (kind !== 'zip') throw new UserFacingError(incompleteFileMessage(fileName, kind));
    }
    let zip: ZipEntry[];
    try {
      zip = readZipDirectory(bytes, fileName, limits);
    } catch (error) {
      // A part cut short or damaged: what the package was still shows in its surviving parts' names.
      const kind = error instanceof DamagedPartError ? incompleteZipKind(salvageLocalEntries(bytes)) : 'zip';
      if (error instanceof DamagedPartError && kind !== 'zip') throw new UserFacingError(damagedFileMessage(fileName, kind, { name: error.part, why: error.why }));
      throw error;
    }
    return { kind: zipKind(zip), zip };
  }
  if (signature === 'cfb') return { kind: compoundKind(bytes, fileName), zip: null };
  return { kind: textKind(bytes), zip: null };
}

function zipKind(entries: readonly ZipEntry[]): DetectedKind {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const mimetype = byName.get('mimetype');
  if (mimetype !== undefined) {
    const type = smallText(mimetype);
    return type.includes('opendocument.spreadsheet') ? 'ods' : 'opendocument';
  }
  const types = byName.get('[Content_Types].xml');
  if (types === undefined) return 'zip';
  const text = smallText(types);
  if (byName.has('xl/workbook.bin') || text.includes('sheet.binary.macroEnabled.main')) return 'xlsb';
  if (text.includes('sheet.macroEnabled.main')) return 'xlsm';
  if (text.includes('wordprocessingml')) return 'word';
  if (text.includes('presentationml')) return 'powerpoint';
  return 'xlsx';
}

/**
 * What a zip cut short was, from the parts before the cut: as {@link zipKind}, and an Excel
 * package by its xl/ parts when the cut came before [Content_Types].xml (openpyxl writes it last).
 */
function incompleteZipKind(entries: readonly ZipEntry[]): DetectedKind {
  const kind = zipKind(entries);
  if (kind !== 'zip' || !entries.some((e) => e.name.startsWith('xl/'))) return kind;
  return entries.some((e) => e.name === 'xl/workbook.bin') ? 'xlsb' : 'xlsx';
}

/** The text of a small entry (mimetype, content types); large or broken ones read as empty. */
function smallText(entry: ZipEntry): string {
  if (entry.uncompressedSize > 1024 * 1024) return '';
  try {
    const data = entry.method === 0 ? entry.compressed : inflateRawSync(entry.compressed, { maxOutputLength: entry.uncompressedSize + 1 });
    return Buffer.from(data).toString('utf8');
  } catch {
    return '';
  }
}

function compoundKind(bytes: Uint8Array, fileName: string): DetectedKind {
  if (isEncryptedCompoundFile(bytes)) return 'encrypted';
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(utf16('WordDocument'))) return 'word';
  if (buffer.includes(utf16('PowerPoint Document'))) return 'powerpoint';
  // BIFF8 keeps the sheets in a "Workbook" stream, BIFF5 in "Book"; WPS .et writes BIFF too.
  if (buffer.includes(utf16('Workbook')) || buffer.includes(utf16('Book'))) return /\.et$/i.test(fileName) ? 'et' : 'xls';
  return 'office-other';
}

function textKind(bytes: Uint8Array): DetectedKind {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 8192));
  if (head.subarray(0, 4).toString('latin1') === '%PDF') return 'pdf';
  if (isImage(head)) return 'image';
  const utf16le = head[0] === 0xff && head[1] === 0xfe;
  const utf16be = head[0] === 0xfe && head[1] === 0xff;
  // Excel's "Unicode 文本" is UTF-16 text; everything else here is ASCII-compatible.
  const text = utf16le ? head.subarray(2).toString('utf16le') : utf16be ? Buffer.from(head.subarray(2)).swap16().toString('utf16le') : head.toString('latin1');
  const lower = text.replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '').trimStart().toLowerCase();
  if (lower.includes('urn:schemas-microsoft-com:office:spreadsheet') && /<(?:ss:)?workbook\b/.test(lower)) return 'xml2003';
  if (lower.startsWith('<?xml') && lower.includes('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  if (/^(?:<!doctype html|<html|<table|<meta|<head|<body|<!--)/.test(lower) || /<table[\s>]/.test(lower)) return 'html';
  if (!utf16le && !utf16be && head.includes(0)) return 'binary';
  return 'text';
}

function isImage(head: Buffer): boolean {
  return (
    (head[0] === 0x89 && head.subarray(1, 4).toString('latin1') === 'PNG') ||
    (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) ||
    head.subarray(0, 4).toString('latin1') === 'GIF8'
  );
}
