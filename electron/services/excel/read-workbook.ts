import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserFacingError } from './user-facing-error.js';
import { type WorkbookSnapshot } from './workbook-snapshot.js';
import { readXlsSnapshot } from './xls-read.js';
import { isEncryptedCompoundFile, openXlsxPackage, sniffSignature } from './xlsx-package.js';
import { readExcelJsSnapshot } from './xlsx-read-exceljs.js';
import { readPackageSnapshot } from './xlsx-read-package.js';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-archive.js';

/** Options of {@link readWorkbookBytes}. */
export interface ReadWorkbookOptions {
  limits?: ZipLimits;
  /**
   * The primary .xlsx reader; defaults to ExcelJS. Replaceable so tests can prove that a
   * crashing reader falls back to the package reader instead of failing the clerk's import.
   */
  primaryReader?: ((bytes: Uint8Array, fileName: string) => Promise<WorkbookSnapshot>) | null;
}

/**
 * Reads a template or returned form (.xlsx/.xlsm from Excel or WPS, legacy .xls, WPS .et) for
 * the preview grid and the importer. The file's content decides the format, not its name.
 * Hostile or damaged files are refused by the package guard before any reader sees them; if
 * the primary reader throws on a file that passed the guard, the package reader takes over and
 * the snapshot carries a warning.
 * @param fileName shown in messages (usually the base name of the path)
 * @throws UserFacingError with a Chinese message naming the file.
 */
export async function readWorkbookBytes(bytes: Uint8Array, fileName: string, options: ReadWorkbookOptions = {}): Promise<WorkbookSnapshot> {
  const signature = sniffSignature(bytes);
  if (signature === 'cfb' && !isEncryptedCompoundFile(bytes)) {
    if (bytes.length > (options.limits ?? DEFAULT_ZIP_LIMITS).maxArchiveBytes) {
      throw new UserFacingError(`文件“${fileName}”太大，不像是报表模板，未做任何修改。`);
    }
    return readXlsSnapshot(bytes, fileName, /\.et$/i.test(fileName) ? 'et' : 'xls');
  }
  const pkg = openXlsxPackage(bytes, fileName, options.limits); // refuses encrypted, non-zip, bombs, DTDs
  const primary = options.primaryReader === undefined ? readExcelJsSnapshot : options.primaryReader;
  if (primary !== null) {
    try {
      return await primary(bytes, fileName);
    } catch (error) {
      const snapshot = readPackageSnapshot(pkg);
      const reason = error instanceof Error ? error.message : String(error);
      snapshot.warnings.push(`ExcelJS 读取“${fileName}”失败（${reason}），已改用内置解析读取。`);
      return snapshot;
    }
  }
  return readPackageSnapshot(pkg);
}

/**
 * Reads a workbook file from disk (see {@link readWorkbookBytes}); the size cap is checked
 * before the file is read into memory.
 * @throws UserFacingError for missing, unreadable, oversized or hostile files.
 */
export async function readWorkbookFile(path: string, options: ReadWorkbookOptions = {}): Promise<WorkbookSnapshot> {
  const fileName = basename(path);
  const limits = options.limits ?? DEFAULT_ZIP_LIMITS;
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile()) throw new UserFacingError(`找不到文件“${fileName}”，请确认路径后再试。`);
  if (info.size > limits.maxArchiveBytes) throw new UserFacingError(`文件“${fileName}”太大，不像是报表模板，未做任何修改。`);
  return readWorkbookBytes(await readFile(path), fileName, options);
}
