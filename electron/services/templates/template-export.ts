import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { type Database } from 'better-sqlite3';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { type Indicator } from '../../../shared/domain/catalog.js';
import { convertUnit, parsePeriod, roundHalfAway, shiftDecimalPoint } from '../../../shared/stats/index.js';
import { rewritePeriodText } from '../../../shared/templates/period-text.js';
import { type TemplateBinding } from '../../../shared/templates/template-binding.js';
import { indicatorsById } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { type AppContext } from '../context.js';
import { writeFileAtomically } from '../excel/atomic-write.js';
import { cellAddress, parseCellAddress } from '../excel/cell-ref.js';
import { readWorkbookBytes } from '../excel/read-workbook.js';
import { type WorkbookSnapshot } from '../excel/workbook-snapshot.js';
import { fillTemplateBytes, type CellFill, type FillValue } from '../excel/xlsx-fill.js';
import { UserFacingError } from '../user-facing-error.js';
import { runChunked } from './job-progress.js';
import { getTemplate, listBindings } from './template-repo.js';
import { UnitFigures } from './unit-figures.js';

/**
 * Fills a registered template for each unit and `period` (`YYYY-MM`), one .xlsx per unit in
 * `outputDir`, named `<模板名>-<单位名>-<YYYY年MM月>.xlsx` (an existing file is never replaced:
 * "(2)", "(3)" … are appended). Each bound cell gets the figure the grid shows for that unit
 * and month (shifted by the binding's period offset), read from the form view model: amounts as
 * numbers converted to the binding's unit, 同比/完成进度 as numbers rounded as the grid shows them
 * (÷100 when the template cell's format is itself a percent format), a figure the grid shows as
 * a word (扭亏为盈) as that text, 备注 as text; a figure with no value clears the cell. Formula
 * cells are left to the template (recalculated on open) and listed in the notes. A title or
 * period line above the mapped rows that shows a period ("2023年1-11月") is rewritten to the
 * exported one, so a re-import's title check agrees. An .xls/.et
 * template is exported as .xlsx, and the notes say so.
 * @throws UserFacingError when the template has no bindings, is an .xls without a LibreOffice
 *   conversion, or a file cannot be written (files of earlier units stay written).
 */
export async function exportFilledTemplates(ctx: Pick<AppContext, 'emit'>, db: Database, templateId: number, unitIds: readonly number[], period: string, outputDir: string): Promise<ExportResult> {
  const template = getTemplate(db, templateId);
  const bindings = listBindings(db, templateId);
  if (bindings.length === 0) throw new UserFacingError(`模板“${template.name}”还没有映射任何单元格，请先完成映射再导出。`);
  if (template.fillContent === null) {
    throw new UserFacingError(
      `模板“${template.fileName}”是旧版 ${template.format === 'et' ? '.et' : '.xls'} 格式，本机没有 LibreOffice，无法直接导出。请在 Excel 或 WPS 中打开该模板，另存为 .xlsx 后重新登记，再导出。`,
    );
  }
  const units = unitIds.map((id) => getUnit(db, id));
  const indicators = indicatorsById(db);
  const fillName = template.format === 'xlsx' ? template.fileName : `${basename(template.fileName, extname(template.fileName))}.xlsx`;
  // The package reader is enough here (formulas and number formats) and never loads ExcelJS.
  const layout = await readWorkbookBytes(template.fillContent, fillName, { primaryReader: null });
  const formulaCells = bindings.filter((b) => cellOf(layout, b)?.formula != null);
  const writable = bindings.filter((b) => !formulaCells.includes(b));
  await mkdir(outputDir, { recursive: true });

  const titleFills = periodTitleFills(layout, bindings, period);
  const { year, month } = parsePeriod(period);
  const monthLabel = `${year}年${String(month).padStart(2, '0')}月`;
  const fillContent = template.fillContent;
  const files = await runChunked(ctx, `导出“${template.name}”`, units, async (unit) => {
    const figures = new UnitFigures(db, unit.id);
    const fills: CellFill[] = writable.map((binding) => {
      const indicator = indicators.get(binding.indicatorId);
      if (!indicator) throw new UserFacingError(`“${binding.sheet}”!${binding.cell} 映射的指标已不存在，请重新映射后再导出。`);
      return { sheet: binding.sheet, cell: binding.cell, value: fillValue(binding, indicator, figures, period, percentFormatted(layout, binding)) };
    });
    const bytes = fillTemplateBytes(fillContent, fillName, [...fills, ...titleFills]);
    const target = freePath(outputDir, `${safeFileName(`${template.name}-${unit.name}-${monthLabel}`)}.xlsx`);
    await writeFileAtomically(target, bytes);
    return target;
  }, async (written) => {
    // A cancelled export leaves no half set of files behind.
    await Promise.all(written.map((file) => rm(file, { force: true })));
  });

  const notes: string[] = [];
  if (template.format !== 'xlsx') notes.push(`模板“${template.fileName}”是旧版 .${template.format} 格式，已导出为 .xlsx 文件。`);
  if (titleFills.length > 0) notes.push(`标题中的期别已改为所导出的期别：${titleFills.map((f) => `“${f.value.kind === 'text' ? f.value.value : ''}”`).join('、')}。`);
  if (formulaCells.length > 0) {
    notes.push(`${formulaCells.map((b) => `“${b.sheet}”!${b.cell}`).join('、')} 是模板中的公式，未写入数值，打开文件时会自动重新计算。`);
  }
  return { files, notes };
}

/**
 * Title and period lines (text cells above the first mapped row of each mapped sheet, as the
 * import's title check reads them) that show a period, rewritten to the exported one:
 * "2023年1-11月…" → "2023年1-10月…" for 2023-10. Cells that show no period, and formulas, stay.
 */
function periodTitleFills(layout: WorkbookSnapshot, bindings: readonly TemplateBinding[], period: string): CellFill[] {
  const fills: CellFill[] = [];
  for (const sheet of layout.sheets) {
    const rows = bindings.filter((b) => b.sheet === sheet.name).map((b) => parseCellAddress(b.cell)?.row ?? 0);
    if (rows.length === 0) continue;
    const firstRow = Math.min(...rows);
    for (const cell of sheet.cells) {
      if (cell.row >= firstRow || cell.formula !== null || cell.value?.type !== 'text') continue;
      const text = rewritePeriodText(cell.value.value, period);
      if (text !== null && text !== cell.value.value) fills.push({ sheet: sheet.name, cell: cellAddress(cell), value: { kind: 'text', value: text } });
    }
  }
  return fills;
}

/** Figures that are rates in percent (or 百分点), not amounts in the indicator's unit. */
const RATE_FIGURES: ReadonlySet<TemplateBinding['figure']> = new Set<TemplateBinding['figure']>(['growth', 'completion']);

/**
 * What one bound cell receives for a unit and month: the cell of the form view model. Rates
 * (同比, 完成进度, and a 比率 row's 百分点 change) are written rounded as the grid shows them, to the
 * cell's own decimals (÷100 into a percent-formatted template cell); amounts exactly, converted
 * from the indicator's unit to the binding's (the template's number format rounds them, and a
 * re-import of the file then finds nothing changed); a figure shown as a word (扭亏为盈, 新增,
 * —) is written as that text; 备注 as text; no figure clears the cell.
 */
function fillValue(binding: TemplateBinding, indicator: Indicator, figures: UnitFigures, period: string, percentFormat: boolean): FillValue {
  const cell = figures.cell(indicator, period, binding.periodOffset, binding.figure);
  if (cell === undefined) return { kind: 'clear' };
  if (binding.figure === 'note') return cell.value ? { kind: 'text', value: cell.value } : { kind: 'clear' };
  if (cell.value === null) return cell.display === '' ? { kind: 'clear' } : { kind: 'text', value: cell.display };
  if (RATE_FIGURES.has(binding.figure)) {
    const shown = cell.decimals === undefined ? cell.value : roundHalfAway(cell.value, cell.decimals);
    return { kind: 'number', value: percentFormat ? shiftDecimalPoint(shown, -2) : shown };
  }
  const converted = convertUnit(cell.value, indicator.unit, binding.unit ?? indicator.unit);
  if (!converted.ok || converted.value === null) {
    throw new UserFacingError(`“${binding.sheet}”!${binding.cell}：指标“${indicator.name}”的单位${indicator.unit}不能换算为${binding.unit ?? ''}，请修改映射后再导出。`);
  }
  return { kind: 'number', value: converted.value };
}

function cellOf(layout: WorkbookSnapshot, binding: TemplateBinding) {
  const pos = parseCellAddress(binding.cell);
  const sheet = layout.sheets.find((s) => s.name === binding.sheet);
  return pos === null ? undefined : sheet?.cells.find((c) => c.row === pos.row && c.col === pos.col);
}

/** True when the template cell shows its number as a percent ("0.0%"), so 5.9% must be written as 0.059. */
function percentFormatted(layout: WorkbookSnapshot, binding: TemplateBinding): boolean {
  const cell = cellOf(layout, binding);
  const format = cell === undefined ? 'General' : (layout.styles[cell.style]?.numberFormat ?? 'General');
  return /%/.test(format.replace(/"[^"]*"/g, ''));
}

/** A Windows-safe file name: reserved characters become "_". */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what Windows refuses in names
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim();
}

/** `dir/name`, or `dir/name(2)` … when the file exists, so an export never replaces a file. */
export function freePath(dir: string, fileName: string): string {
  const ext = extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  let candidate = join(dir, fileName);
  for (let n = 2; existsSync(candidate); n++) candidate = join(dir, `${stem}(${n})${ext}`);
  return candidate;
}
