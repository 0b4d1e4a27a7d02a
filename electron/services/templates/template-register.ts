import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { type Database } from 'better-sqlite3';
import { type TemplateSummary } from '../../../shared/domain/template.js';
import { readWorkbookBytes, readWorkbookFile } from '../excel/read-workbook.js';
import { UserFacingError } from '../user-facing-error.js';
import { convertToXlsx } from './soffice-convert.js';
import { getTemplateSummary, insertTemplate } from './template-repo.js';

/**
 * Registers a template file (.xlsx/.xlsm from Excel or WPS, legacy .xls, WPS .et): the file is
 * read through the package guard (hostile, encrypted or damaged files are refused with a
 * Chinese message naming the file), its bytes are stored in the workbook as they are, and for
 * .xls/.et an .xlsx conversion by headless LibreOffice is stored too when LibreOffice is
 * available, because filled exports are written as .xlsx.
 * @param path absolute path of the template file
 * @param name display name; defaults to the file name without extension
 * @throws UserFacingError for missing, unreadable or sheet-less files.
 */
export async function registerTemplate(db: Database, path: string, name: string | undefined): Promise<TemplateSummary> {
  const fileName = basename(path);
  if (/\.csv$/i.test(fileName)) {
    throw new UserFacingError(`“${fileName}”是 CSV 文件，不能作为报表模板。请登记 Excel 或 WPS 的 .xlsx、.xls 或 .et 文件。`);
  }
  const snapshot = await readWorkbookFile(path);
  const sheetNames = snapshot.sheets.map((s) => s.name);
  if (!snapshot.sheets.some((s) => s.state === 'visible')) {
    throw new UserFacingError(`模板“${fileName}”没有可见的工作表，请在 Excel 或 WPS 中取消隐藏后再登记。`);
  }
  const content = await readFile(path);
  let fillContent: Uint8Array | null = null;
  if (snapshot.format !== 'xlsx') {
    const converted = await convertToXlsx(content, snapshot.format);
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
