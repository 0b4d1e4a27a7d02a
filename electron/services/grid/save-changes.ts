import { type CellChange, type SaveResult } from '../../../shared/api/grid-api.js';
import { type Indicator } from '../../../shared/domain/catalog.js';
import { STORED_FIELD_LABELS, type StoredField } from '../../../shared/domain/grid.js';
import { isDecimalString, normalizeDecimal } from '../../../shared/stats/index.js';
import { assertPeriodsWritable } from '../audit/period-lock.js';
import { indicatorsById } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { type WorkbookSession } from '../context.js';
import { type MutationScope } from '../mutation/run-mutation.js';
import { UserFacingError } from '../user-facing-error.js';
import { writeStored } from './stored-figures.js';

const SOURCE_LABELS = { edit: '编辑', paste: '粘贴', clear: '清除', import: '导入' } as const;

/** Where a save came from; recorded in change_log.source. */
export type SaveSource = keyof typeof SOURCE_LABELS;

/** The changes of one unit within a multi-unit save (an import of several returns). */
export interface UnitChanges {
  unitId: number;
  changes: CellChange[];
}

/** Where a typed figure is stored: `period` (`YYYY-MM`, or `YYYY` for 年度目标) and field. */
export interface StoredTarget {
  period: string;
  field: StoredField;
}

/** The undo step's description of a save, e.g. "粘贴 6 个单元格". */
export function describeSave(source: SaveSource, cells: number): string {
  return `${SOURCE_LABELS[source]} ${cells} 个单元格`;
}

function cellName(indicator: Indicator, change: CellChange): string {
  return `“${indicator.name}”${change.period} ${STORED_FIELD_LABELS[change.field]}`;
}

/** Canonical stored text of a typed value, or a Chinese refusal naming the cell. */
function canonicalValue(indicator: Indicator, change: CellChange): string | null {
  if (change.value === null) return null;
  const text = change.value.trim();
  if (text === '') return null;
  if (change.field === 'note') return text;
  if (!isDecimalString(text)) throw new UserFacingError(`${cellName(indicator, change)}：“${change.value}”不是有效的数值，未保存任何修改。`);
  return normalizeDecimal(text);
}

/** Figures of a month's return: a form (or indicator) that starts at 1-2月 has none for January. */
const RETURN_FIGURES: ReadonlySet<StoredField> = new Set<StoredField>(['month', 'cumulative', 'comparable_base', 'growth']);

/**
 * Where a typed figure is stored. There is no conversion: 本月 and 累计 are both stored as typed
 * (the figure model derives the one not typed and flags a disagreement). Rules:
 * - 年度目标 is one figure per year (`YYYY`);
 * - a stock or ratio has one figure per period (its period-end value), so a typed 累计 is its 本月;
 * - a ratio defined by a numerator and a denominator indicator is computed, never typed;
 * - a 同比 is typed only for an indicator whose growth basis is 可比价 (the bureau supplies it);
 * - January takes no return figures when the indicator (or, if it says nothing, its form) starts at 1-2月.
 * @param startsAtJanFeb whether the indicator's first return of the year is 1-2月.
 * @throws UserFacingError naming the cell.
 */
export function storedTarget(indicator: Indicator, change: CellChange, startsAtJanFeb: boolean): StoredTarget {
  if (change.field === 'target') return { period: change.period.slice(0, 4), field: 'target' };
  if (change.period.length !== 7) throw new UserFacingError(`${cellName(indicator, change)}：期别应为“年-月”（如 2024-03），未保存任何修改。`);
  if (change.field === 'growth' && indicator.growthBasis !== 'comparable') {
    throw new UserFacingError(`${cellName(indicator, change)}：该指标的同比由本期和上年同期计算，不能直接填写，未保存任何修改。`);
  }
  const flowField = change.field === 'month' || change.field === 'cumulative';
  if (flowField && indicator.kind === 'ratio' && indicator.numeratorId !== null && indicator.denominatorId !== null) {
    throw new UserFacingError(`${cellName(indicator, change)}：该比率由分子、分母指标计算得出，不能直接填写，未保存任何修改。`);
  }
  if (RETURN_FIGURES.has(change.field) && change.period.endsWith('-01') && startsAtJanFeb) {
    throw new UserFacingError(`${cellName(indicator, change)}：该指标从1-2月开始填报，1月不单独填报。请填在2月（1-2月），未保存任何修改。`);
  }
  if (change.field === 'cumulative' && indicator.kind !== 'flow') return { period: change.period, field: 'month' };
  return { period: change.period, field: change.field };
}

/** The catalog's indicators, read once and kept until a mutation changes the indicators table. */
export function sessionIndicators(session: WorkbookSession): Map<number, Indicator> {
  return session.caches.get('indicatorsById', ['indicators'], () => indicatorsById(session.db));
}

/** Indicator id → the ledger its figures are counted from (企业名录 / 项目台账), for those that are. */
function ledgerFedIndicators(session: WorkbookSession): Map<number, string> {
  return session.caches.get('ledgerFedIndicators', ['indicator_roster_sources', 'indicator_project_sources'], () => {
    const fed = new Map<number, string>();
    for (const { id } of session.statement('SELECT indicator_id AS id FROM indicator_roster_sources').all() as { id: number }[]) fed.set(id, '企业名录');
    for (const { id } of session.statement('SELECT indicator_id AS id FROM indicator_project_sources').all() as { id: number }[]) fed.set(id, '项目台账');
    return fed;
  });
}

/** Indicator id → the earliest first-return month of the forms showing it. */
function formFirstReturns(session: WorkbookSession): Map<number, number> {
  const rows = session
    .statement('SELECT i.indicator_id AS id, min(f.first_return_month) AS first FROM form_items i JOIN forms f ON f.id = i.form_id WHERE i.indicator_id IS NOT NULL GROUP BY i.indicator_id')
    .all() as { id: number; first: number }[];
  return new Map(rows.map((r) => [r.id, r.first]));
}

/**
 * True when the indicator's first return of the year is 1-2月: its own setting when it has one,
 * else every form showing it starts at 1-2月.
 */
export function startsAtJanFeb(session: WorkbookSession, indicator: Indicator): boolean {
  if (indicator.firstReturnMonth !== null) return indicator.firstReturnMonth === 2;
  return session.caches.get('formFirstReturns', ['forms', 'form_items'], () => formFirstReturns(session)).get(indicator.id) === 2;
}

/** Resolves a change to its stored target and canonical value, refusing a bad cell in Chinese. */
export function resolveChange(session: WorkbookSession, change: CellChange): { indicator: Indicator; target: StoredTarget; value: string | null } {
  const indicator = sessionIndicators(session).get(change.indicatorId);
  if (!indicator) throw new UserFacingError('要保存的指标已不存在，请刷新后重试。');
  // Counted from a ledger: its 本月/累计 are the ledger's, so a typed (or imported) figure would only
  // hide behind the count — refused, as the grid already shows such cells read-only.
  const ledger = ledgerFedIndicators(session).get(indicator.id);
  if (ledger !== undefined && (change.field === 'month' || change.field === 'cumulative')) {
    throw new UserFacingError(`“${indicator.name}”${change.period} 由${ledger}统计，不能直接填写，未保存任何修改。如需手工填报，请先在${ledger}中取消与该指标的关联。`);
  }
  const target = storedTarget(indicator, change, startsAtJanFeb(session, indicator));
  return { indicator, target, value: canonicalValue(indicator, change) };
}

/**
 * Writes typed changes of one or more units inside the running mutation: checked cell by cell
 * (a refused cell throws, and the pipeline rolls back every cell written before it), unchanged
 * cells skipped, 100,000 cells in chunks that yield to the event loop with progress. The
 * change log and the undo step are the pipeline's.
 * @param label Chinese label of the progress bar, e.g. "粘贴 100000 个单元格".
 * @returns how many stored figures changed.
 */
export async function writeChanges(scope: MutationScope, batches: readonly UnitChanges[], label: string): Promise<number> {
  const { session } = scope;
  const { db } = session;
  // Checked inside the transaction: a unit deleted since a preview fails the whole batch.
  for (const { unitId } of batches) getUnit(db, unitId);
  const items = batches.flatMap(({ unitId, changes }) => changes.map((change) => ({ unitId, change })));
  // A submitted (已上报) month is locked: refuse before anything is written.
  assertPeriodsWritable(session, items);
  let written = 0;
  await scope.inChunks(items, label, ({ unitId, change }) => {
    const { indicator, target, value } = resolveChange(session, change);
    if (writeStored(db, unitId, indicator.id, target.period, target.field, value, scope.at)) written += 1;
  });
  return written;
}

/**
 * Saves a block of typed cells of one unit (values:set) inside the running mutation: one undo
 * step, all or nothing.
 */
export async function saveChanges(scope: MutationScope, unitId: number, changes: CellChange[], source: SaveSource): Promise<SaveResult> {
  await writeChanges(scope, [{ unitId, changes }], describeSave(source, changes.length));
  const { session } = scope;
  const changed = scope.changed();
  return { batchId: scope.batchId, savedAt: changed ? scope.at : (session.lastSavedAt ?? scope.at), ...scope.historyAfter(changed) };
}
