import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { basename, extname, join } from 'node:path';
import { type Database } from 'better-sqlite3';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { type Indicator } from '../../../shared/domain/catalog.js';
import { convertUnit, periodWords, roundHalfAway, shiftDecimalPoint } from '../../../shared/stats/index.js';
import { type TemplateBinding } from '../../../shared/templates/template-binding.js';
import { indicatorsById } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { type AppContext } from '../context.js';
import { writeFileAtomically } from '../excel/atomic-write.js';
import { type CellFill, type FillValue } from '../excel/xlsx-fill.js';
import { runInWorker } from '../jobs/worker-pool.js';
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
 * The figures are read from SQLite on this thread; reading the template's layout and filling its
 * package XML (the CPU-heavy part: seconds for a 50-sheet template) run in the worker pool, so
 * the host keeps answering (取消 included: it terminates the worker at once).
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
  const layout = await runInWorker('exportLayout', [template.fillContent, fillName, bindings.map(({ sheet, cell }) => ({ sheet, cell })), period]);
  const formulaCells = bindings.filter((_b, i) => layout.formula[i] === true);
  const writable = bindings.flatMap((binding, i) => (layout.formula[i] === true ? [] : [{ binding, percent: layout.percent[i] === true }]));
  await mkdir(outputDir, { recursive: true });

  const titleFills = layout.titleFills;
  const monthLabel = periodWords(period);
  const fillContent = template.fillContent;
  const files = await runChunked(ctx, `导出“${template.name}”`, units, async (unit, _index, signal) => {
    const figures = new UnitFigures(db, unit.id);
    const fills: CellFill[] = [];
    let sliceStart = performance.now();
    for (const { binding, percent } of writable) {
      const indicator = indicators.get(binding.indicatorId);
      if (!indicator) throw new UserFacingError(`“${binding.sheet}”!${binding.cell} 映射的指标已不存在，请重新映射后再导出。`);
      fills.push({ sheet: binding.sheet, cell: binding.cell, value: fillValue(binding, indicator, figures, period, percent) });
      // Tens of thousands of bound cells read SQLite here: yield now and then so 取消 and the UI get a turn.
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        if (signal.aborted) return null;
        sliceStart = performance.now();
      }
    }
    const bytes = await runInWorker('fillTemplate', [fillContent, fillName, [...fills, ...titleFills]], { signal });
    const target = freePath(outputDir, `${safeFileName(`${template.name}-${unit.name}-${monthLabel}`)}.xlsx`);
    await writeFileAtomically(target, bytes);
    return target;
  }, async (written) => {
    // A cancelled export leaves no half set of files behind.
    await Promise.all(written.flatMap((file) => (file === null ? [] : [rm(file, { force: true })])));
  });

  const notes: string[] = [];
  if (template.format !== 'xlsx') notes.push(`模板“${template.fileName}”是旧版 .${template.format} 格式，已导出为 .xlsx 文件。`);
  if (titleFills.length > 0) notes.push(`标题中的期别已改为所导出的期别：${titleFills.map((f) => `“${f.value.kind === 'text' ? f.value.value : ''}”`).join('、')}。`);
  if (formulaCells.length > 0) {
    notes.push(`${formulaCells.map((b) => `“${b.sheet}”!${b.cell}`).join('、')} 是模板中的公式，未写入数值，打开文件时会自动重新计算。`);
  }
  return { files: files.filter((f) => f !== null), notes };
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

/** Longest stretch of main-thread work between yields while the fills of one unit are gathered. */
const SLICE_MS = 50;

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
