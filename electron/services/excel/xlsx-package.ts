import { megabytes, READ_LIMITS } from './read-limits.js';
import { assertSheetBounds, MAX_CELLS } from './sheet-bounds-guard.js';
import { UserFacingError } from './user-facing-error.js';
import { DEFAULT_ZIP_LIMITS, inflateEntry, readZipDirectory, type ZipEntry, type ZipLimits } from './zip-archive.js';

/** What the first bytes of a file say it is, whatever its name claims. */
export type FileSignature = 'zip' | 'cfb' | 'unknown';

/**
 * An opened .xlsx package: every entry as stored (for byte-exact rewriting) and every part
 * inflated (all within the zip limits, and every XML part free of DOCTYPE/ENTITY).
 */
export interface XlsxPackage {
  fileName: string;
  entries: ZipEntry[];
  parts: Map<string, Uint8Array>;
  /** Cells declared by all worksheets (counted by the bounds guard). */
  cellCount: number;
  /** Inflated size of all XML parts, bytes. */
  xmlBytes: number;
}

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Tells a zip (OOXML) from an OLE compound file (.xls, .et, encrypted OOXML) from anything else. */
export function sniffSignature(bytes: Uint8Array): FileSignature {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  if (CFB_MAGIC.every((b, i) => bytes[i] === b)) return 'cfb';
  return 'unknown';
}

/**
 * True for a password-protected Office file: Excel and WPS wrap an encrypted .xlsx in a
 * compound file with an "EncryptionInfo" stream, and encrypted .xls files carry a FILEPASS
 * record; the stream name (UTF-16LE in the directory) is the reliable marker for the former.
 */
export function isEncryptedCompoundFile(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from('EncryptionInfo', 'utf16le'));
}

/**
 * Opens an .xlsx package defensively: refuses non-zip data, encrypted files, zip bombs, damaged
 * archives, XML with DOCTYPE/ENTITY declarations and worksheets with addresses beyond Excel's
 * limits or too many cells, each with a Chinese message naming
 * `fileName`. Nothing is written by this function.
 * @throws UserFacingError
 */
export function openXlsxPackage(bytes: Uint8Array, fileName: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): XlsxPackage {
  const signature = sniffSignature(bytes);
  if (signature === 'cfb') {
    throw new UserFacingError(
      isEncryptedCompoundFile(bytes)
        ? `文件“${fileName}”设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中取消密码、另存为 .xlsx 后再试，未做任何修改。`
        : `文件“${fileName}”实际是旧版 .xls/.et 格式而不是 .xlsx，请按 .xls 打开，或在 Excel/WPS 中另存为 .xlsx 后再试，未做任何修改。`,
    );
  }
  if (signature !== 'zip') {
    throw new UserFacingError(`文件“${fileName}”不是有效的 Excel 工作簿（可能已损坏，或只是改了扩展名），未做任何修改。`);
  }
  const entries = readZipDirectory(bytes, fileName, limits);
  const xmlBytes = assertXmlSizes(entries, fileName);
  const parts = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue; // directory entries carry no data
    const data = inflateEntry(entry, fileName);
    if (XML_PART.test(entry.name)) {
      refuseDocumentType(data, entry.name, fileName);
      refusePadding(data, entry.name, fileName);
    }
    parts.set(entry.name, data);
  }
  if (!parts.has('[Content_Types].xml') || !parts.has('_rels/.rels')) {
    throw new UserFacingError(`文件“${fileName}”是压缩包但不是 Excel 工作簿（缺少内容类型或关系部件），未做任何修改。`);
  }
  const budget = { cells: MAX_CELLS };
  for (const [name, data] of parts) {
    // Worksheets are checked here, before ExcelJS or any other reader sizes anything from them.
    if (/worksheets\/[^/]+\.xml$/i.test(name)) assertSheetBounds(decodePart(data), name, fileName, budget);
  }
  return { fileName, entries, parts, cellCount: MAX_CELLS - budget.cells, xmlBytes };
}

const XML_PART = /\.(?:xml|rels|vml)$/i;

/**
 * Checks the declared inflated sizes of the XML parts before anything is inflated: real
 * templates compress ~10:1 to well under a megabyte, while a few hundred KB padded with blanks
 * or repeated markup inflates to hundreds of MB, which every XML reader then holds several
 * times over. The inflater never produces more than the declared size, so a lying directory
 * is caught too.
 * @returns the total inflated size of the XML parts.
 */
function assertXmlSizes(entries: readonly ZipEntry[], fileName: string): number {
  let total = 0;
  for (const entry of entries) {
    if (!XML_PART.test(entry.name)) continue;
    const size = entry.uncompressedSize;
    total += size;
    const ratio = size / Math.max(1, entry.compressedSize);
    const how = ratio > 100 ? `，压缩比达 ${Math.round(ratio)} 倍，多为用大量空白或重复内容填充的文件` : '';
    if (/sharedStrings\.xml$/i.test(entry.name) && size > READ_LIMITS.maxSharedStringBytes) {
      throw new UserFacingError(`文件“${fileName}”的共享字符串表解压后达 ${megabytes(size)}${how}，远超报表所需，已拒绝读取，未做任何修改。请在 Excel 或 WPS 中删除无关的文字内容、另存为 .xlsx 后再试。`);
    }
    if (size > READ_LIMITS.maxXmlPartBytes) {
      throw new UserFacingError(`文件“${fileName}”中的部件“${entry.name}”解压后达 ${megabytes(size)}${how}，不像是报表模板，已拒绝读取，未做任何修改。请在 Excel 或 WPS 中删除多余的行列、另存为 .xlsx 后再试。`);
    }
  }
  if (total > READ_LIMITS.maxXmlTotalBytes) {
    throw new UserFacingError(`文件“${fileName}”的表格内容解压后达 ${megabytes(total)}，远超报表模板应有的大小，已拒绝读取，未做任何修改。请删除无关的工作表后再试。`);
  }
  return total;
}

/** Refuses an XML part that is mostly blanks: padding that costs readers memory and time. */
function refusePadding(data: Uint8Array, partName: string, fileName: string): void {
  if (data.length <= READ_LIMITS.maxBlankBytes) return;
  let blanks = 0;
  for (const b of data) if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) blanks++;
  if (blanks > READ_LIMITS.maxBlankBytes && blanks * 2 > data.length) {
    throw new UserFacingError(`文件“${fileName}”中的部件“${partName}”填充了 ${megabytes(blanks)} 的空白字符，疑似恶意或损坏的文件，已拒绝读取，未做任何修改。请在 Excel 或 WPS 中打开后另存为 .xlsx 再试。`);
  }
}

/** A part's text (UTF-8, or UTF-16 when it has a BOM); null when the part is absent. */
export function partText(pkg: XlsxPackage, name: string): string | null {
  const data = pkg.parts.get(name);
  return data === undefined ? null : decodePart(data);
}

/** The encoding of a part: OOXML allows UTF-16 with a BOM besides UTF-8. */
export function partEncoding(data: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (data[0] === 0xff && data[1] === 0xfe) return 'utf-16le';
  if (data[0] === 0xfe && data[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

// The BOM is kept as U+FEFF in the text so that a patched part is re-encoded byte for byte.
function decodePart(data: Uint8Array): string {
  return new TextDecoder(partEncoding(data), { ignoreBOM: true }).decode(data);
}

/**
 * SpreadsheetML never needs a DTD; a DOCTYPE or ENTITY is an XXE or "billion laughs" attempt
 * against whichever XML parser reads the part next (ExcelJS's, LibreOffice's, ours).
 */
function refuseDocumentType(data: Uint8Array, partName: string, fileName: string): void {
  // '<' cannot appear unescaped in text or attribute values, so this only matches markup.
  if (/<!(?:DOCTYPE|ENTITY)/i.test(decodePart(data))) {
    throw new UserFacingError(`文件“${fileName}”中的部件“${partName}”含有 DOCTYPE/ENTITY 声明，疑似恶意文件，已拒绝读取，未做任何修改。`);
  }
}
