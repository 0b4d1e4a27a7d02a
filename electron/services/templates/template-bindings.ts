import { type Database } from 'better-sqlite3';
import { type BindingProposalView, type TemplateView } from '../../../shared/domain/template.js';
import { FORMULA_CELL_MESSAGE, proposeBindings, type IndicatorRef } from '../../../shared/templates/auto-map.js';
import { duplicateTargets } from '../../../shared/templates/binding-targets.js';
import { type TemplateBinding } from '../../../shared/templates/template-binding.js';
import { STORED_FIELD_LABELS } from '../../../shared/domain/grid.js';
import { unitExponent } from '../../../shared/stats/index.js';
import { formItems, getForm, indicatorsById } from '../catalog/indicator-repo.js';
import { cellAddress, columnName, parseCellAddress } from '../excel/cell-ref.js';
import { UserFacingError } from '../user-facing-error.js';
import { getTemplateSummary, listBindings, replaceBindings } from './template-repo.js';
import { templateSnapshot } from './template-snapshot.js';
import { templateSheetViews } from './template-view.js';

/** The template, its sheets for the read-only preview grid, and its saved bindings. */
export async function templateView(db: Database, templateId: number): Promise<TemplateView> {
  const template = getTemplateSummary(db, templateId);
  const snapshot = await templateSnapshot(db, templateId);
  return { template, sheets: templateSheetViews(snapshot), bindings: listBindings(db, templateId) };
}

/**
 * Proposes bindings for every visible sheet of a template against the indicators of one form
 * (row labels × figure headers such as 本月 / 1-N月累计 / 上年同期 / 增长%). Nothing is saved:
 * the clerk accepts or corrects each proposal, then saves with {@link saveBindings}.
 */
export async function autoMapTemplate(db: Database, templateId: number, formId: number): Promise<BindingProposalView[]> {
  getForm(db, formId);
  const indicators: IndicatorRef[] = formItems(db, formId).flatMap((item) =>
    item.type === 'indicator' ? [{ id: item.indicator.id, code: item.indicator.code, name: item.indicator.name, unit: item.indicator.unit }] : [],
  );
  const snapshot = await templateSnapshot(db, templateId);
  return templateSheetViews(snapshot)
    .filter((_, i) => snapshot.sheets[i]?.state === 'visible')
    .flatMap((sheet) => proposeBindings({ name: sheet.name, cells: sheet.texts, merges: sheet.merges, formulas: sheet.formulas }, indicators));
}

/**
 * Replaces all bindings of a template in one transaction after checking each one: the sheet
 * exists, the cell lies within the sheet's used area and is not a covered cell of a merge, the
 * indicator exists, the unit converts from the indicator's unit (同比/完成进度 only in %), no cell
 * is bound twice, no two cells of one sheet aim at the same indicator, figure and period (an
 * import would write one over the other), and no bound cell holds a formula (the export would
 * leave it stale).
 * @throws UserFacingError naming the sheet and cell; nothing is saved then.
 */
export async function saveBindings(db: Database, templateId: number, bindings: readonly TemplateBinding[]): Promise<TemplateView> {
  const snapshot = await templateSnapshot(db, templateId);
  const indicators = indicatorsById(db);
  const seen = new Set<string>();
  for (const binding of bindings) {
    const where = `“${binding.sheet}”!${binding.cell}`;
    const sheet = snapshot.sheets.find((s) => s.name === binding.sheet);
    if (!sheet) throw new UserFacingError(`模板中没有工作表“${binding.sheet}”，请检查映射，未保存任何修改。`);
    const pos = parseCellAddress(binding.cell);
    if (pos === null || pos.row >= Math.max(sheet.rowCount, 1) || pos.col >= Math.max(sheet.colCount, 1)) {
      const used = `A1:${columnName(Math.max(sheet.colCount, 1) - 1)}${Math.max(sheet.rowCount, 1)}`;
      throw new UserFacingError(`${where} 超出模板该表的范围（${used}），请检查映射，未保存任何修改。`);
    }
    const merge = sheet.merges.find((m) => pos.row >= m.top && pos.row <= m.bottom && pos.col >= m.left && pos.col <= m.right);
    if (merge && (merge.top !== pos.row || merge.left !== pos.col)) {
      throw new UserFacingError(`${where} 位于合并单元格内，请映射合并区域左上角的 ${cellAddress({ row: merge.top, col: merge.left })}，未保存任何修改。`);
    }
    const key = `${binding.sheet}!${binding.cell}`;
    if (seen.has(key)) throw new UserFacingError(`${where} 被映射了两次，请只保留一个，未保存任何修改。`);
    seen.add(key);
    const indicator = indicators.get(binding.indicatorId);
    if (!indicator) throw new UserFacingError(`${where} 映射的指标已不存在，请刷新后重新选择，未保存任何修改。`);
    const rate = binding.figure === 'growth' || binding.figure === 'completion';
    if (rate && binding.unit !== null && binding.unit !== '%') {
      throw new UserFacingError(`${where} 是同比或完成进度，单位只能是 %，未保存任何修改。`);
    }
    if (!rate && binding.figure !== 'note' && binding.unit !== null && unitExponent(indicator.unit, binding.unit) === null) {
      throw new UserFacingError(`${where}：指标“${indicator.name}”的单位是${indicator.unit || '（无）'}，不能换算为${binding.unit}，未保存任何修改。`);
    }
  }
  for (const duplicate of duplicateTargets(bindings)) {
    const name = indicators.get(duplicate.indicatorId)?.name ?? '';
    const figure = duplicate.figure === 'completion' ? '完成进度' : STORED_FIELD_LABELS[duplicate.figure];
    const period = duplicate.periodOffset === 0 ? '本期' : `${duplicate.periodOffset}个月前`;
    throw new UserFacingError(
      `“${duplicate.sheet}”的 ${duplicate.cells.join('、')} 都映射到“${name}”的${figure}（${period}），导入时会互相覆盖：请只保留一个，未保存任何修改。`,
    );
  }
  // The export writes values, never over a formula: such a binding would silently stay stale.
  for (const binding of bindings) {
    const pos = parseCellAddress(binding.cell);
    const sheet = snapshot.sheets.find((s) => s.name === binding.sheet);
    if (pos !== null && sheet?.cells.some((c) => c.row === pos.row && c.col === pos.col && c.formula !== null)) {
      throw new UserFacingError(`“${binding.sheet}”!${binding.cell}：${FORMULA_CELL_MESSAGE}。未保存任何修改。`);
    }
  }
  replaceBindings(db, templateId, bindings);
  return templateView(db, templateId);
}
