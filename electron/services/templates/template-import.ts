import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { type CellChange } from '../../../shared/api/grid-api.js';
import { type CommitResult } from '../../../shared/api/template-api.js';
import { type Indicator, type ReportingUnit } from '../../../shared/domain/catalog.js';
import { STORED_FIELD_LABELS, type StoredField } from '../../../shared/domain/grid.js';
import { type ImportCellDiff, type ImportCellStatus, type ImportFilePreview, type ImportPreview } from '../../../shared/domain/template.js';
import { checkTitleCell, classifyImportedCell } from '../../../shared/templates/import-classify.js';
import { type TemplateBinding } from '../../../shared/templates/template-binding.js';
import { isDecimalString, normalizeDecimal, shiftPeriod } from '../../../shared/stats/index.js';
import { indicatorsById } from '../catalog/indicator-repo.js';
import { getUnit, listUnits } from '../catalog/unit-repo.js';
import { type AppContext, type WorkbookSession } from '../context.js';
import { parseCellAddress } from '../excel/cell-ref.js';
import { extractTemplateValues } from '../excel/template-values.js';
import { type SheetSnapshot, type WorkbookSnapshot } from '../excel/workbook-snapshot.js';
import { resolveChange, type StoredTarget, type UnitChanges, writeChanges } from '../grid/save-changes.js';
import { readStored } from '../grid/stored-figures.js';
import { type MutationScope } from '../mutation/run-mutation.js';
import { UserFacingError } from '../user-facing-error.js';
import { expandImportPaths, readReturnBytes, readReturnFile, unitFromFileName } from './import-sources.js';
import { runChunked } from './job-progress.js';
import { getTemplateSummary, listBindings } from './template-repo.js';
import { UnitFigures } from './unit-figures.js';

/** A stored figure a previewed import will write, and what it held when the preview read it. */
interface Expectation extends StoredTarget {
  unitId: number;
  indicatorId: number;
  /** The stored typed value of the target at preview time (null: empty). */
  seen: string | null;
  /** The value the return gives. */
  incoming: string | null;
  /** "“月报”!B7 一般公共预算收入 本月", after the file name when several files are imported. */
  label: string;
}

interface PendingImport {
  preview: ImportPreview;
  batches: UnitChanges[];
  expectations: Expectation[];
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
 * Reads filled returns of a template (files, folders or .zip archives of them) and compares every mapped
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

  const files = await runChunked(ctx, `导入预览“${template.name}”`, sources, async (source, _index, signal): Promise<{ file: ImportFilePreview; changes: CellChange[]; expectations: Expectation[] }> => {
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
        snapshot = source.read
          ? await readReturnBytes(source.read(), fileName, bindings, template.sheetNames, signal)
          : await readReturnFile(source.path, bindings, template.sheetNames, signal);
      } catch (error) {
        if (!(error instanceof UserFacingError)) throw error;
        problems.push(error.message);
      }
    }
    const file: ImportFilePreview = { path: source.path, fileName, unitId: unit?.id ?? null, unitName: unit?.name ?? null, cells: [], problems };
    if (snapshot === null) return { file, changes: [], expectations: [] };

    const values = extractTemplateValues(snapshot, bindings);
    for (const sheet of values.missingSheets) problems.push(`“${fileName}”中没有工作表“${sheet}”，该表映射的单元格无法导入。请确认用的是本模板。`);
    for (const sheet of values.unmappedSheets) {
      if (!template.sheetNames.includes(sheet)) problems.push(`“${fileName}”中的工作表“${sheet}”不在模板中，其中的数据不会导入。请确认用的是本模板，或删除该表后重新预览。`);
    }
    problems.push(...titleProblems(snapshot, bindings, indicators, request.period, unit, fileName));

    const figures = unit === null ? null : new UnitFigures(db, unit.id);
    const changes: CellChange[] = [];
    const expectations: Expectation[] = [];
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
      if ((result.status === 'new' || result.status === 'changed') && unit !== null) {
        const change: CellChange = { indicatorId: indicator.id, period, field: binding.figure as StoredField, value: result.value };
        try {
          // Where values:set would store it (a stock's 累计 is its 本月, a target is per year); a
          // figure the workbook computes, or January of a 1-2月 form, is a problem of this cell.
          const { target, value } = resolveChange(session, change);
          expectations.push({
            unitId: unit.id,
            indicatorId: indicator.id,
            ...target,
            seen: readStored(db, unit.id, indicator.id, target.period, target.field),
            incoming: value,
            label: `“${binding.sheet}”!${binding.cell} ${indicator.name} ${STORED_FIELD_LABELS[change.field]}`,
          });
          changes.push(change);
        } catch (error) {
          if (!(error instanceof UserFacingError)) throw error;
          diff.status = 'problem';
          diff.message = error.message.replace(/，?未保存任何修改。$/, '');
        }
      }
    }
    return { file, changes, expectations };
  });

  const counts: Record<ImportCellStatus, number> = { new: 0, changed: 0, unchanged: 0, problem: 0 };
  for (const { file } of files) for (const cell of file.cells) counts[cell.status]++;
  const canCommit = counts.problem === 0 && files.every(({ file }) => file.problems.length === 0 && file.unitId !== null);
  const preview: ImportPreview = { previewId: randomUUID(), templateId: request.templateId, period: request.period, files: files.map((f) => f.file), counts, canCommit };
  const batches = files.flatMap(({ file, changes }) => (file.unitId === null || changes.length === 0 ? [] : [{ unitId: file.unitId, changes }]));
  // With several files the same cell address is in each of them: the file name says which.
  const expectations = files.flatMap(({ file, expectations: seen }) => (files.length > 1 ? seen.map((e) => ({ ...e, label: `${file.fileName} ${e.label}` })) : seen));
  pendingOf(session).set(preview.previewId, { preview, batches, expectations });
  return preview;
}

/** The undo step's description of committing a preview, e.g. "导入 3 个文件，共 45 个单元格". */
export function describeCommit(session: WorkbookSession, previewId: string): string {
  const pending = pendingOf(session).get(previewId);
  if (!pending) return '导入';
  const cells = pending.batches.reduce((n, b) => n + b.changes.length, 0);
  return `导入 ${pending.preview.files.length} 个文件，共 ${cells} 个单元格`;
}

const valueText = (value: string | null): string => value ?? '空';

/**
 * Writes a previewed import inside the running mutation: every new/changed cell of every file in
 * ONE transaction and ONE undo step, through the same path as values:set (each figure stored in
 * the field it was given in, change_log with source 'import'); a return giving both 本月 and 累计
 * stores both. First re-reads, inside the transaction, every stored figure the import will write:
 * if any changed since the preview (the clerk typed over it), nothing is written and the message
 * lists those cells. Refused while any problem remains; if anything fails (e.g. a unit was
 * deleted since the preview) nothing of any file is written.
 * @throws UserFacingError for an unknown/expired preview, remaining problems, cells changed since
 *   the preview, or a failed cell.
 */
export async function commitImport(scope: MutationScope, previewId: string): Promise<CommitResult> {
  const { session } = scope;
  const pending = pendingOf(session).get(previewId);
  if (!pending) throw new UserFacingError('这次导入预览已失效（已提交、已取消或工作簿已重新打开），请重新预览后再导入。');
  const { preview, batches, expectations } = pending;
  if (!preview.canCommit) {
    const fileProblems = preview.files.reduce((n, f) => n + f.problems.length, 0);
    throw new UserFacingError(`预览中还有 ${preview.counts.problem + fileProblems} 个问题，未导入任何数据。请修正原表后重新预览。`);
  }
  const stale = expectations.flatMap((e) => {
    const now = readStored(session.db, e.unitId, e.indicatorId, e.period, e.field);
    return now === e.seen ? [] : [`${e.label}：预览时 ${valueText(e.seen)}，现在 ${valueText(now)}（文件中为 ${valueText(e.incoming)}）`];
  });
  if (stale.length > 0) {
    // This preview can never be committed now; a fresh one compares with what the workbook holds.
    pendingOf(session).delete(previewId);
    const listed = stale.slice(0, 10).join('；') + (stale.length > 10 ? ` 等 ${stale.length} 处` : '');
    throw new UserFacingError(`预览之后工作簿中有 ${stale.length} 个要导入的单元格已被修改，未导入任何数据：${listed}。请重新预览后再导入。`);
  }
  const applied = batches.reduce((n, b) => n + b.changes.length, 0);
  await writeChanges(scope, batches, `导入 ${preview.files.length} 个文件`);
  scope.afterCommit(() => pendingOf(session).delete(previewId));
  return { applied, batchId: scope.batchId, savedAt: scope.changed() ? scope.at : (session.lastSavedAt ?? scope.at) };
}

/** A stored figure a pending import preview would write: its target, the incoming value and the return's cell. */
export interface PreviewedFigure extends StoredTarget {
  unitId: number;
  indicatorId: number;
  incoming: string | null;
  /** "“月报”!B7 一般公共预算收入 本月" (after the file name when several files are imported). */
  label: string;
}

/**
 * What a pending preview would write, so the audit can run on the incoming values before the
 * commit (see audit/run-audit.ts).
 * @throws UserFacingError for an unknown/expired preview.
 */
export function previewedFigures(session: WorkbookSession, previewId: string): { preview: ImportPreview; figures: readonly PreviewedFigure[] } {
  const pending = pendingOf(session).get(previewId);
  if (!pending) throw new UserFacingError('这次导入预览已失效（已提交、已取消或工作簿已重新打开），请重新预览。');
  return { preview: pending.preview, figures: pending.expectations };
}

/** Drops a preview; nothing was written by it. Unknown ids are ignored (cancel is idempotent). */
export function cancelImport(session: WorkbookSession, previewId: string): null {
  pendingOf(session).delete(previewId);
  return null;
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
