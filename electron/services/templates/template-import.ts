import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { type CellChange } from '../../../shared/api/grid-api.js';
import { type CommitResult } from '../../../shared/api/template-api.js';
import { type Indicator, type ReportingUnit } from '../../../shared/domain/catalog.js';
import { type StoredField } from '../../../shared/domain/grid.js';
import { type ImportCellDiff, type ImportCellStatus, type ImportFilePreview, type ImportPreview } from '../../../shared/domain/template.js';
import { checkTitleCell, classifyImportedCell } from '../../../shared/templates/import-classify.js';
import { type TemplateBinding } from '../../../shared/templates/template-binding.js';
import { addDecimals, compareDecimals, isDecimalString, normalizeDecimal, shiftPeriod, subtractDecimal } from '../../../shared/stats/index.js';
import { indicatorsById } from '../catalog/indicator-repo.js';
import { getUnit, listUnits } from '../catalog/unit-repo.js';
import { type AppContext, type WorkbookSession } from '../context.js';
import { parseCellAddress } from '../excel/cell-ref.js';
import { extractTemplateValues } from '../excel/template-values.js';
import { type SheetSnapshot, type WorkbookSnapshot } from '../excel/workbook-snapshot.js';
import { saveChangeBatch, type UnitChanges } from '../grid/save-changes.js';
import { UserFacingError } from '../user-facing-error.js';
import { expandImportPaths, readReturnFile, unitFromFileName } from './import-sources.js';
import { runChunked } from './job-progress.js';
import { getTemplateSummary, listBindings } from './template-repo.js';
import { UnitFigures } from './unit-figures.js';

interface PendingImport {
  preview: ImportPreview;
  batches: UnitChanges[];
}

// Previews live with the open workbook: closing or switching it drops them, so a preview can
// never be committed into a different workbook than the one it was compared with.
const pendingBySession = new WeakMap<WorkbookSession, Map<string, PendingImport>>();

function pendingOf(session: WorkbookSession): Map<string, PendingImport> {
  let pending = pendingBySession.get(session);
  if (!pending) {
    pending = new Map<string, PendingImport>();
    pendingBySession.set(session, pending);
  }
  return pending;
}

/** Arguments of {@link previewImport}; paths are absolute. */
export interface ImportRequest {
  templateId: number;
  paths: string[];
  period: string;
  unitId?: number | undefined;
}

/**
 * Reads filled returns of a template (files, or folders of them) and compares every mapped
 * cell with the workbook for `period` (`YYYY-MM`, shifted by each binding's period offset):
 * new / changed (old → new, in the indicator's unit) / unchanged / problem (not a number,
 * approximate, unit that does not convert, error value, blank over a stored figure). File-level
 * problems: unreadable file, unknown or duplicate unit, sheets the template lacks or that the
 * file lacks, and title cells naming another period, measurement unit or 填报单位. The unit is
 * `unitId` when given, else found from the file name. Formula cells contribute their cached
 * values; 同比/完成进度 cells are computed by the workbook and not imported. Writes nothing; the
 * preview is kept in memory under `previewId` for {@link commitImport}.
 */
export async function previewImport(ctx: Pick<AppContext, 'emit'>, session: WorkbookSession, request: ImportRequest): Promise<ImportPreview> {
  const { db } = session;
  const template = getTemplateSummary(db, request.templateId);
  const bindings = listBindings(db, request.templateId).filter((b) => b.figure !== 'growth' && b.figure !== 'completion');
  if (bindings.length === 0) throw new UserFacingError(`模板“${template.name}”还没有可导入的映射单元格，请先完成映射。`);
  const fixedUnit = request.unitId === undefined ? null : getUnit(db, request.unitId);
  const units = listUnits(db);
  const indicators = indicatorsById(db);
  const sources = await expandImportPaths(request.paths);
  const seenUnits = new Map<number, string>();

  const files = await runChunked(ctx, `导入预览“${template.name}”`, sources, async (source): Promise<{ file: ImportFilePreview; changes: CellChange[] }> => {
    const fileName = basename(source.path);
    const problems: string[] = source.problem === null ? [] : [source.problem];
    const found = fixedUnit === null ? unitFromFileName(fileName, units) : { unit: fixedUnit, problem: null };
    if (found.problem !== null && source.problem === null) problems.push(found.problem);
    const unit = found.unit;
    if (unit !== null) {
      const earlier = seenUnits.get(unit.id);
      if (earlier !== undefined) problems.push(`“${fileName}”与“${earlier}”都是 ${unit.name} 的报表，请只保留一个。`);
      else seenUnits.set(unit.id, fileName);
    }
    let snapshot: WorkbookSnapshot | null = null;
    if (source.problem === null) {
      try {
        snapshot = await readReturnFile(source.path, bindings);
      } catch (error) {
        if (!(error instanceof UserFacingError)) throw error;
        problems.push(error.message);
      }
    }
    const file: ImportFilePreview = { path: source.path, fileName, unitId: unit?.id ?? null, unitName: unit?.name ?? null, cells: [], problems };
    if (snapshot === null) return { file, changes: [] };

    const values = extractTemplateValues(snapshot, bindings);
    for (const sheet of values.missingSheets) problems.push(`“${fileName}”中没有工作表“${sheet}”，该表映射的单元格无法导入。请确认用的是本模板。`);
    for (const sheet of values.unmappedSheets) {
      if (!template.sheetNames.includes(sheet)) problems.push(`“${fileName}”中的工作表“${sheet}”不在模板中，其中的数据不会导入。请确认用的是本模板，或删除该表后重新预览。`);
    }
    problems.push(...titleProblems(snapshot, bindings, indicators, request.period, unit, fileName));

    const figures = unit === null ? null : new UnitFigures(db, unit.id);
    const changes: CellChange[] = [];
    for (const { binding, cell } of values.cells) {
      const indicator = indicators.get(binding.indicatorId);
      if (!indicator) continue; // a binding whose indicator vanished since the bindings were read
      const period = shiftPeriod(request.period, binding.periodOffset);
      const shown = figures?.cell(indicator, request.period, binding.periodOffset, binding.figure)?.value ?? null;
      // Compared in canonical form: a stored "863300.0" and an imported 863300 are the same figure.
      const current = shown !== null && binding.figure !== 'note' && isDecimalString(shown) ? normalizeDecimal(shown) : shown;
      const result = classifyImportedCell(binding, cell, current, indicator.unit);
      const diff: ImportCellDiff = {
        sheet: binding.sheet,
        cell: binding.cell,
        indicatorId: indicator.id,
        indicatorName: indicator.name,
        field: binding.figure,
        period: binding.figure === 'target' ? period.slice(0, 4) : period,
        oldValue: result.previous,
        newValue: result.value,
        status: result.status,
      };
      if (result.message !== null) diff.message = result.message;
      file.cells.push(diff);
      if (result.status === 'new' || result.status === 'changed') {
        changes.push({ indicatorId: indicator.id, period, field: binding.figure as StoredField, value: result.value });
      }
    }
    return { file, changes: figures === null ? changes : reconcileFlowPairs(file.cells, changes, indicators, figures) };
  });

  const counts: Record<ImportCellStatus, number> = { new: 0, changed: 0, unchanged: 0, problem: 0 };
  for (const { file } of files) for (const cell of file.cells) counts[cell.status]++;
  const canCommit = counts.problem === 0 && files.every(({ file }) => file.problems.length === 0 && file.unitId !== null);
  const preview: ImportPreview = { previewId: randomUUID(), templateId: request.templateId, period: request.period, files: files.map((f) => f.file), counts, canCommit };
  const batches = files.flatMap(({ file, changes }) => (file.unitId === null || changes.length === 0 ? [] : [{ unitId: file.unitId, changes }]));
  pendingOf(session).set(preview.previewId, { preview, batches });
  return preview;
}

/**
 * Writes a previewed import: every new/changed cell of every file in ONE transaction and ONE
 * undo step, through the same path as values:set (本月 ↔ 累计 conversion, change_log with source
 * 'import'). Refused while any problem remains; if anything fails (e.g. a unit was deleted since
 * the preview) nothing of any file is written.
 * @throws UserFacingError for an unknown/expired preview, remaining problems or a failed cell.
 */
export function commitImport(session: WorkbookSession, previewId: string): CommitResult {
  const pending = pendingOf(session).get(previewId);
  if (!pending) throw new UserFacingError('这次导入预览已失效（已提交、已取消或工作簿已重新打开），请重新预览后再导入。');
  const { preview, batches } = pending;
  if (!preview.canCommit) {
    const fileProblems = preview.files.reduce((n, f) => n + f.problems.length, 0);
    throw new UserFacingError(`预览中还有 ${preview.counts.problem + fileProblems} 个问题，未导入任何数据。请修正原表后重新预览。`);
  }
  const applied = batches.reduce((n, b) => n + b.changes.length, 0);
  const result = saveChangeBatch(session, batches, 'import', `导入 ${preview.files.length} 个文件（${applied} 个单元格）`);
  pendingOf(session).delete(previewId);
  return { applied, batchId: result.batchId, savedAt: result.savedAt };
}

/** Drops a preview; nothing was written by it. Unknown ids are ignored (cancel is idempotent). */
export function cancelImport(session: WorkbookSession, previewId: string): null {
  pendingOf(session).delete(previewId);
  return null;
}

/**
 * A return that gives both 本月 and 1-N月累计 of a flow for the same month would store two
 * versions of one number (the stored field is the entry basis; the other is derived). Only the
 * entry-basis figure is written; the other must agree with it and last month's 累计, else its
 * cell becomes a problem rather than one of them silently winning.
 */
function reconcileFlowPairs(cells: ImportCellDiff[], changes: CellChange[], indicators: ReadonlyMap<number, Indicator>, figures: UnitFigures): CellChange[] {
  const imported = (indicatorId: number, field: StoredField, at: string) =>
    cells.find((c) => c.indicatorId === indicatorId && c.field === field && c.period === at && c.status !== 'problem' && c.newValue !== null);
  const dropped = new Set<CellChange>();
  for (const change of changes) {
    const indicator = indicators.get(change.indicatorId);
    if (!indicator || indicator.kind !== 'flow' || change.field === indicator.entryBasis || (change.field !== 'month' && change.field !== 'cumulative')) continue;
    const entry = imported(indicator.id, indicator.entryBasis, change.period);
    if (entry?.newValue == null || change.value === null) continue;
    dropped.add(change);
    const before = change.period.endsWith('-01') ? '0' : (figures.cell(indicator, change.period, -1, 'cumulative')?.value ?? null);
    if (before === null) continue; // nothing to check against: the entry-basis figure decides
    const expected = indicator.entryBasis === 'cumulative' ? subtractDecimal(entry.newValue, before) : (addDecimals([before, entry.newValue]) ?? entry.newValue);
    if (compareDecimals(expected, change.value) === 0) continue;
    const cell = cells.find((c) => c.indicatorId === indicator.id && c.field === change.field && c.period === change.period);
    if (cell) {
      cell.status = 'problem';
      cell.message = `“${cell.sheet}”!${cell.cell} 的${change.field === 'month' ? '本月' : '累计'} ${change.value} 与 ${entry.sheet}!${entry.cell} 推算的 ${expected} 不一致（上月止累计 ${before}），请核对原表`;
    }
  }
  return changes.filter((c) => !dropped.has(c));
}

/**
 * Title and unit lines above the first mapped row of each mapped sheet: a period other than the
 * one imported, a measurement unit other than the mapped one ("单位：亿元" over 万元 cells), or a
 * 填报单位 other than the file's unit.
 */
function titleProblems(snapshot: WorkbookSnapshot, bindings: readonly TemplateBinding[], indicators: ReadonlyMap<number, Indicator>, period: string, unit: ReportingUnit | null, fileName: string): string[] {
  const problems: string[] = [];
  for (const sheet of snapshot.sheets) {
    const onSheet = bindings.filter((b) => b.sheet === sheet.name);
    const firstRow = Math.min(...onSheet.map((b) => parseCellAddress(b.cell)?.row ?? Infinity));
    if (!Number.isFinite(firstRow)) continue;
    const amountUnits = new Set(onSheet.filter((b) => b.figure !== 'note').map((b) => b.unit ?? indicators.get(b.indicatorId)?.unit ?? ''));
    const expectedUnit = amountUnits.size === 1 ? ([...amountUnits][0] ?? null) : null;
    for (const text of titleTexts(sheet, firstRow)) {
      for (const problem of checkTitleCell(text, { period, unit: expectedUnit })) problems.push(`“${fileName}”${problem}。`);
      const named = /填报单位[:：]\s*(\S+)/u.exec(text.normalize('NFKC'))?.[1];
      if (named !== undefined && unit !== null && !named.includes(unit.name) && !unit.name.includes(named)) {
        problems.push(`“${fileName}”的标题写明填报单位是“${named}”，与导入的单位“${unit.name}”不一致。`);
      }
    }
  }
  return problems;
}

function titleTexts(sheet: SheetSnapshot, beforeRow: number): string[] {
  return sheet.cells.flatMap((c) => (c.row < beforeRow && c.value?.type === 'text' && c.value.value.trim() !== '' ? [c.value.value] : []));
}
