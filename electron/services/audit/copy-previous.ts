import { type CopyPreviousResult } from '../../../shared/api/audit-api.js';
import { type CellChange } from '../../../shared/api/grid-api.js';
import { IndicatorFigures } from '../../../shared/figures/indicator-figures.js';
import { formatPeriod, hasReturn, parsePeriod, periodWords, previousReturnMonth } from '../../../shared/stats/index.js';
import { formItems, getForm } from '../catalog/indicator-repo.js';
import { type MutationScope } from '../mutation/run-mutation.js';
import { sessionIndicators, writeChanges } from '../grid/save-changes.js';
import { StoredFigures } from '../grid/stored-figures.js';
import { UserFacingError } from '../user-facing-error.js';

/**
 * The return 复制上期 copies from: the month before, or for the first return of the year (1月, or
 * 1-2月 on a form that starts there) December of last year.
 */
export function previousReturnPeriod(period: string, firstReturn: 1 | 2): string {
  const { year, month } = parsePeriod(period);
  const before = previousReturnMonth(month, firstReturn);
  return before === null ? formatPeriod(year - 1, 12) : formatPeriod(year, before);
}

/**
 * 复制上期 inside the running mutation: fills this month of a unit's form from the previous
 * return, only into empty cells (a typed figure is never overwritten):
 * - `stock`: stock figures (period-end values: 企业个数, 从业人员期末人数) and 备注;
 * - `all`: also flows — last month's 本月 becomes this month's 本月 (so 累计 is derived as
 *   上月止累计 + 本月; copying a 累计 would make 本月 zero) — and typed 比率.
 * Computed ratios, 上年同期, 可比基数 and 同比 are per-period figures and are never copied.
 * Writes through the one write path, so a submitted month refuses it; one undo step.
 * @throws UserFacingError for a month without a return of its own, or nothing to copy.
 */
export async function copyPreviousPeriod(scope: MutationScope, unitId: number, formId: number, period: string, mode: 'stock' | 'all'): Promise<CopyPreviousResult> {
  const { session } = scope;
  const { db } = session;
  const form = getForm(db, formId);
  const { year, month } = parsePeriod(period);
  if (!hasReturn(month, form.firstReturnMonth)) throw new UserFacingError(`“${form.name}”从1-2月开始填报，1月不单独填报，请选择2月（1-2月）。`);
  const from = previousReturnPeriod(period, form.firstReturnMonth);
  const source = parsePeriod(from);
  const indicators = sessionIndicators(session);
  const figures = new IndicatorFigures(StoredFigures.load(db, unitId, source.year, year), indicators, form.firstReturnMonth);

  const changes: CellChange[] = [];
  let kept = 0;
  for (const item of formItems(db, formId)) {
    if (item.type !== 'indicator') continue;
    const { indicator } = item;
    if (!hasReturn(month, figures.firstReturn(indicator))) continue;
    const copyValue = indicator.kind === 'stock' || (mode === 'all' && (indicator.kind === 'flow' || !figures.isComputedRatio(indicator)));
    if (copyValue) {
      const last = figures.monthFigure(indicator, source.year, source.month).value;
      if (last !== null) {
        const filled = figures.typed(indicator, year, month, 'month') !== null || figures.typed(indicator, year, month, 'cumulative') !== null;
        if (filled) kept += 1;
        else changes.push({ indicatorId: indicator.id, period, field: 'month', value: last });
      }
    }
    const note = figures.typed(indicator, source.year, source.month, 'note');
    if (note !== null) {
      if (figures.typed(indicator, year, month, 'note') !== null) kept += 1;
      else changes.push({ indicatorId: indicator.id, period, field: 'note', value: note });
    }
  }
  if (changes.length === 0) {
    throw new UserFacingError(
      kept > 0
        ? `${periodWords(period)}的单元格都已填写，复制上期不会覆盖已填写的数据，未作修改。`
        : `${periodWords(from)}没有可复制的${mode === 'stock' ? '存量指标数据或备注' : '数据'}，未作修改。`,
    );
  }
  const copied = await writeChanges(scope, [{ unitId, changes }], `复制上期 ${changes.length} 个单元格`);
  return { batchId: scope.batchId, savedAt: scope.at, ...scope.historyAfter(), copied, kept, from };
}
