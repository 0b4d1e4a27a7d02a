import { type Database } from 'better-sqlite3';
import { type ProjectImportResult, type ProjectPreview } from '../../../shared/api/project-api.js';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { PROJECT_HEADERS, parseProjectTable, projectRowCells } from '../../../shared/ledger/project-table.js';
import { unitAndBelow } from '../../../shared/units/unit-tree.js';
import { listUnits } from '../catalog/unit-repo.js';
import { writeExportFile } from '../excel/export-file.js';
import { readFirstSheetText } from '../excel/sheet-text.js';
import { UserFacingError } from '../user-facing-error.js';
import { compareProjectRow, listProjects, upsertProjectRow } from './project-repo.js';

/**
 * Reads and checks a project ledger file (absolute path): every row taken or refused with its
 * reasons, unknown columns listed, each row compared with the stored project of the same name.
 * @throws UserFacingError for an unreadable file or missing required columns (nothing changed).
 */
export async function previewProjects(db: Database, path: string): Promise<ProjectPreview> {
  const { fileName, sheet, rows: table } = await readFirstSheetText(path);
  const parsed = parseProjectTable(table, listUnits(db));
  if (parsed.missingColumns.length > 0) {
    throw new UserFacingError(`文件“${fileName}”的工作表“${sheet}”缺少列：${parsed.missingColumns.join('、')}。请在第一行写上这些列名后再导入，未做任何修改。`);
  }
  const rows = parsed.rows.map((r) => (r.status === 'ok' ? { ...r, ...compareProjectRow(db, r.row, parsed.present) } : r));
  return { fileName, sheet, rows, unknownColumns: parsed.unknownColumns, present: parsed.present };
}

/** Imports the rows of a project file that are not refused (call inside a mutation). */
export async function importProjects(db: Database, path: string): Promise<ProjectImportResult> {
  const checked = await previewProjects(db, path);
  const result: ProjectImportResult = { added: 0, changed: 0, unchanged: 0, refused: [] };
  for (const row of checked.rows) {
    if (row.status === 'refused') {
      result.refused.push({ rowNumber: row.rowNumber, name: row.name, reasons: row.reasons });
      continue;
    }
    const outcome = upsertProjectRow(db, row.row, checked.present);
    if (outcome === 'new') result.added += 1;
    else if (outcome === 'changed') result.changed += 1;
    else result.unchanged += 1;
  }
  return result;
}

/** Writes the projects of a unit and those under it as .xlsx under the headers the import reads. */
export async function exportProjects(db: Database, unitId: number, outputPath: string): Promise<ExportResult> {
  const units = listUnits(db);
  const codes = new Map(units.map((u) => [u.id, u.code]));
  // Loaded on first use: ExcelJS is not part of start-up.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('项目台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...PROJECT_HEADERS]).font = { bold: true };
  for (const p of listProjects(db, unitAndBelow(units, unitId))) sheet.addRow(projectRowCells(p, codes.get(p.unitId) ?? ''));
  sheet.columns.forEach((column, i) => (column.width = i === 0 || i === 8 ? 30 : 14));
  return writeExportFile(outputPath, 'xlsx', async () => Buffer.from(await book.xlsx.writeBuffer()));
}
