import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { type Database } from 'better-sqlite3';
import { type TemplateSummary } from '../../../shared/domain/template.js';
import { readWorkbookBytes, readWorkbookFile } from '../excel/read-workbook.js';
import { UserFacingError } from '../user-facing-error.js';
import { convertToXlsx } from './soffice-convert.js';
import { findTemplateByContent, getTemplateSummary, insertTemplate } from './template-repo.js';

/**
 * Registers a template file, whatever Excel, WPS or LibreOffice saved it as (.xlsx/.xlsm, .xls,
 * .et, .xlsb, .ods, SpreadsheetML 2003 or an HTML table; the bytes decide): the file is read
 * through the guards (hostile, encrypted, oversized or damaged files and CSV text are refused
 * with a Chinese message naming the file and what it is), its bytes are stored in the workbook as
 * they are, and for every format but .xlsx/.xlsm an .xlsx conversion by headless LibreOffice is
 * stored too when LibreOffice is available, because filled exports are written as .xlsx.
 * @param path absolute path of the template file
 * @param name display name; defaults to the file name without extension
 * @throws UserFacingError for missing, unreadable or sheet-less files, and for a file already
 *   registered (byte for byte), naming the template it is registered as.
 */
export async function registerTemplate(db: Database, path: string, name: string | undefined): Promise<TemplateSummary> {
  const fileName = basename(path);
  // The same file registered twice would split its mappings over two templates: offer the first.
  const existing = findTemplateByContent(db, await readFile(path).catch(() => Buffer.alloc(0)));
  if (existing !== null) {
    throw new UserFacingError(`“${fileName}”已登记为模板“${existing.name}”（${existing.bindingCount} 个映射），未重复登记。请在“报表模板”列表中选择它。`);
  }
  const snapshot = await readWorkbookFile(path);
  const sheetNames = snapshot.sheets.map((s) => s.name);
  if (!snapshot.sheets.some((s) => s.state === 'visible')) {
    throw new UserFacingError(`模板“${fileName}”没有可见的工作表，请在 Excel 或 WPS 中取消隐藏后再登记。`);
  }
  const content = await readFile(path);
  let fillContent: Uint8Array | null = null;
  if (snapshot.source !== 'xlsx' && snapshot.source !== 'xlsm' && snapshot.source !== 'text') {
    const converted = await convertToXlsx(content, snapshot.source);
    // Keep a conversion only if it has the same sheets, so bindings made on the original apply.
    if (converted !== null) {
      const check = await readWorkbookBytes(converted, `${fileName}.xlsx`, { primaryReader: null }).catch(() => null);
      if (check !== null && check.sheets.map((s) => s.name).join('\n') === sheetNames.join('\n')) fillContent = converted;
    }
  }
  const id = insertTemplate(db, {
    name: name === undefined || name.trim() === '' ? basename(fileName, extname(fileName)) : name.trim(),
    fileName,
    format: snapshot.format,
    content,
    // For .xlsx the export starts from `content` itself; storing it twice would double the file.
    fillContent,
    sheetNames,
  });
  return getTemplateSummary(db, id);
}
