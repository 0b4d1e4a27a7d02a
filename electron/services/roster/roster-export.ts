import { type Database } from 'better-sqlite3';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { ROSTER_HEADERS, rosterRowCells } from '../../../shared/roster/roster-table.js';
import { unitAndBelow } from '../../../shared/units/unit-tree.js';
import { listUnits } from '../catalog/unit-repo.js';
import { writeExportFile } from '../excel/export-file.js';
import { listEnterprises } from './roster-repo.js';

/**
 * Writes the roster of a unit and the units under it as an .xlsx: one sheet “企业名录”, the
 * headers the import reads, credit codes as text (18 characters never become a number).
 * Written atomically; an existing file is never replaced (see {@link writeExportFile}).
 * @throws UserFacingError naming the file when it cannot be written.
 */
export async function exportRoster(db: Database, unitId: number, outputPath: string): Promise<ExportResult> {
  const units = listUnits(db);
  const codes = new Map(units.map((u) => [u.id, u.code]));
  const enterprises = listEnterprises(db, unitAndBelow(units, unitId));
  // Loaded on first use: ExcelJS is not part of start-up.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('企业名录', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...ROSTER_HEADERS]).font = { bold: true };
  for (const e of enterprises) sheet.addRow(rosterRowCells(e, codes.get(e.unitId) ?? ''));
  sheet.getColumn(2).numFmt = '@';
  sheet.columns.forEach((column, i) => (column.width = i < 2 ? 28 : 14));
  return writeExportFile(outputPath, 'xlsx', async () => Buffer.from(await book.xlsx.writeBuffer()));
}
