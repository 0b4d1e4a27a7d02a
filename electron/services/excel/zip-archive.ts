import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { UserFacingError } from './user-facing-error.js';

/**
 * One entry of a zip archive as stored: `compressed` holds the bytes exactly as found in the
 * file, so an entry we do not change is written back bit for bit.
 */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate; other methods are refused on reading. */
  method: 0 | 8;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  compressed: Uint8Array;
  dosTime: number;
  dosDate: number;
  externalAttributes: number;
  versionMadeBy: number;
}

/**
 * Caps applied before anything is inflated (from the central directory's declared sizes) and
 * again while inflating (declared sizes can lie). Defaults fit a 50-sheet, 100k-cell template
 * many times over while keeping a zip bomb far below the app's memory budget.
 */
export interface ZipLimits {
  maxArchiveBytes: number;
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

/** Default {@link ZipLimits}. */
export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = {
  maxArchiveBytes: 100 * 1024 * 1024,
  maxEntries: 5_000,
  maxEntryBytes: 200 * 1024 * 1024,
  maxTotalBytes: 400 * 1024 * 1024,
};

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_UTF8 = 0x0800;

/**
 * Reads the central directory of a zip archive and checks it against `limits` without
 * inflating anything: entry count, each declared size and their total, encryption, compression
 * methods, ZIP64 and duplicate names.
 * @throws UserFacingError naming `fileName` when the archive is damaged, hostile or too large.
 */
export function readZipDirectory(bytes: Uint8Array, fileName: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  const fail = (why: string): never => {
    throw new UserFacingError(`文件“${fileName}”${why}，未做任何修改。`);
  };
  if (bytes.length > limits.maxArchiveBytes) fail(`太大（超过 ${Math.round(limits.maxArchiveBytes / 1048576)} MB），不像是报表模板`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) fail('已损坏（找不到压缩包目录），请用 Excel 或 WPS 重新保存后再试');
  const count = view.getUint16(eocd + 10, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) fail('使用了 ZIP64 大文件格式，报表模板不应如此之大');
  if (count > limits.maxEntries) fail(`包含的部件过多（${count} 个），疑似恶意文件`);

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let total = 0;
  let p = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL_SIGNATURE) fail('已损坏（压缩包目录不完整）');
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const uncompressedSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
    const name = decodeEntryName(nameBytes, (flags & FLAG_UTF8) !== 0);
    if (flags & FLAG_ENCRYPTED) fail('已加密（设置了密码），请在 Excel 或 WPS 中取消密码后再试');
    if (method !== 0 && method !== 8) fail(`使用了不支持的压缩方式（${method}）`);
    if (uncompressedSize > limits.maxEntryBytes) fail(`中的部件“${name}”解压后过大（${uncompressedSize} 字节），疑似压缩炸弹`);
    total += uncompressedSize;
    if (total > limits.maxTotalBytes) fail('解压后总大小过大，疑似压缩炸弹');
    if (names.has(name)) fail(`中有重复的部件“${name}”，疑似被篡改`);
    names.add(name);
    const compressed = localData(bytes, view, localOffset, compressedSize);
    if (!compressed) throw new DamagedPartError(fileName, name, '数据不完整');
    entries.push({
      name,
      method: method === 8 ? 8 : 0,
      crc32: view.getUint32(p + 16, true),
      compressedSize,
      uncompressedSize,
      compressed,
      dosTime: view.getUint16(p + 12, true),
      dosDate: view.getUint16(p + 14, true),
      externalAttributes: view.getUint32(p + 38, true),
      versionMadeBy: view.getUint16(p + 4, true),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** True when the archive ends with its directory (a copy cut short has lost it). */
export function hasZipDirectory(bytes: Uint8Array): boolean {
  return findEndOfCentralDirectory(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)) >= 0;
}

/**
 * The entries of an archive that has lost its directory, read from their local headers in order
 * (at most 64; the last one's data may be cut short): enough to tell what the file was. Sizes
 * are not checked against any limit, so use the result only to name the format.
 */
export function salvageLocalEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: ZipEntry[] = [];
  for (let p = 0; entries.length < 64 && p + 30 <= bytes.length && view.getUint32(p, true) === LOCAL_SIGNATURE; ) {
    const flags = view.getUint16(p + 6, true);
    const method = view.getUint16(p + 8, true);
    const compressedSize = view.getUint32(p + 18, true);
    const nameLength = view.getUint16(p + 26, true);
    const start = p + 30 + nameLength + view.getUint16(p + 28, true);
    if (start > bytes.length || (method !== 0 && method !== 8)) break;
    entries.push({
      name: decodeEntryName(bytes.subarray(p + 30, p + 30 + nameLength), (flags & FLAG_UTF8) !== 0),
      method,
      crc32: view.getUint32(p + 14, true),
      compressedSize,
      uncompressedSize: view.getUint32(p + 22, true),
      compressed: bytes.subarray(start, Math.min(bytes.length, start + compressedSize)),
      dosTime: view.getUint16(p + 10, true),
      dosDate: view.getUint16(p + 12, true),
      externalAttributes: 0,
      versionMadeBy: 0,
    });
    // With a data descriptor (flag bit 3) the sizes come after the data: the walk cannot go on.
    if ((flags & 0x0008) !== 0) break;
    p = start + compressedSize;
  }
  return entries;
}

/**
 * An entry's name: UTF-8 when the archive says so; otherwise UTF-8 when the bytes are valid UTF-8
 * (Linux and macOS tools omit the flag), else GB18030 — the names Windows' own "压缩文件夹" writes
 * on a Chinese system (CP936), so "城关镇.xlsx" in a zip of returns still names its unit.
 */
export function decodeEntryName(nameBytes: Uint8Array, utf8Flag: boolean): string {
  if (utf8Flag || nameBytes.every((b) => b < 0x80)) return new TextDecoder('utf-8').decode(nameBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(nameBytes);
  } catch {
    return new TextDecoder('gb18030').decode(nameBytes);
  }
}

/**
 * Inflates one entry, never producing more than its declared size (a lying directory cannot
 * smuggle a bomb past {@link readZipDirectory}), and checks its CRC.
 * @throws UserFacingError naming `fileName` when the data does not match the directory.
 */
export function inflateEntry(entry: ZipEntry, fileName: string): Uint8Array {
  let data: Uint8Array;
  try {
    data = entry.method === 0 ? entry.compressed : inflateRawSync(entry.compressed, { maxOutputLength: entry.uncompressedSize + 1 });
  } catch {
    throw new DamagedPartError(fileName, entry.name, '无法解压（已损坏或疑似压缩炸弹）');
  }
  if (data.length !== entry.uncompressedSize || crc32(data) !== entry.crc32) {
    throw new DamagedPartError(fileName, entry.name, '与目录记录不符（已损坏或被篡改）');
  }
  return data;
}

/** A part of a zip package that cannot be read: names the file and the part; a caller that knows the format can say that too. */
export class DamagedPartError extends UserFacingError {
  constructor(
    readonly fileName: string,
    readonly part: string,
    readonly why: string,
  ) {
    super(`文件“${fileName}”中的部件“${part}”${why}，未做任何修改。`);
  }
}

/** A new deflated entry for `content`, keeping the timestamps and attributes of `like`. */
export function makeEntry(name: string, content: Uint8Array, like?: ZipEntry): ZipEntry {
  const compressed = deflateRawSync(content);
  return {
    name,
    method: 8,
    crc32: crc32(content),
    compressedSize: compressed.length,
    uncompressedSize: content.length,
    compressed,
    dosTime: like?.dosTime ?? 0,
    dosDate: like?.dosDate ?? 0x21, // 1980-01-01
    externalAttributes: like?.externalAttributes ?? 0,
    versionMadeBy: like?.versionMadeBy ?? 20,
  };
}

/**
 * Writes entries as a zip archive in the given order. Entry data is copied as stored, so
 * unchanged parts keep their exact compressed bytes; names are written as UTF-8.
 */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIGNATURE, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(FLAG_UTF8, 6);
    writeSharedFields(local, 8, entry, name.length);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_SIGNATURE, 0);
    header.writeUInt16LE(entry.versionMadeBy, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(FLAG_UTF8, 8);
    writeSharedFields(header, 10, entry, name.length);
    header.writeUInt32LE(entry.externalAttributes, 38);
    header.writeUInt32LE(offset, 42);
    chunks.push(local, name, entry.compressed);
    central.push(header, name);
    offset += local.length + name.length + entry.compressed.length;
  }
  const directorySize = central.reduce((sum, c) => sum + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD_SIGNATURE, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/** Method, time, date, CRC, sizes and name length: the same run in local and central headers. */
function writeSharedFields(header: Buffer, at: number, entry: ZipEntry, nameLength: number): void {
  header.writeUInt16LE(entry.method, at);
  header.writeUInt16LE(entry.dosTime, at + 2);
  header.writeUInt16LE(entry.dosDate, at + 4);
  header.writeUInt32LE(entry.crc32, at + 6);
  header.writeUInt32LE(entry.compressed.length, at + 10);
  header.writeUInt32LE(entry.uncompressedSize, at + 14);
  header.writeUInt16LE(nameLength, at + 18);
}

function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let p = view.byteLength - 22; p >= lowest; p--) {
    if (view.getUint32(p, true) === EOCD_SIGNATURE) return p;
  }
  return -1;
}

/** The stored bytes of an entry, located through its local header; null when out of bounds. */
function localData(bytes: Uint8Array, view: DataView, offset: number, size: number): Uint8Array | null {
  if (offset + 30 > bytes.length || view.getUint32(offset, true) !== LOCAL_SIGNATURE) return null;
  const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
  return start + size > bytes.length ? null : bytes.subarray(start, start + size);
}
