import { type Database } from 'better-sqlite3';
import { type CellChange, type SaveResult } from '../../../shared/api/grid-api.js';
import { type Indicator } from '../../../shared/domain/catalog.js';
import { STORED_FIELD_LABELS, type StoredField } from '../../../shared/domain/grid.js';
import { addDecimals, formatPeriod, isDecimalString, normalizeDecimal, parsePeriod, subtractDecimal } from '../../../shared/stats/index.js';
import { indicatorsById } from '../catalog/indicator-repo.js';
import { getUnit } from '../catalog/unit-repo.js';
import { type WorkbookSession } from '../context.js';
import { UserFacingError } from '../user-facing-error.js';
import { type StoredChange } from './edit-history.js';
import { readStored, StoredFigures, writeStored } from './stored-figures.js';
import { cumulativeBefore, yearSeries } from './year-series.js';

const SOURCE_LABELS = { edit: '编辑', paste: '粘贴', clear: '清除', import: '导入' } as const;

/** Where a save came from; recorded in change_log.source. */
export type SaveSource = keyof typeof SOURCE_LABELS;

/** The changes of one unit within a multi-unit save (an import of several returns). */
export interface UnitChanges {
  unitId: number;
  changes: CellChange[];
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

interface StoredTarget {
  period: string;
  field: StoredField;
  value: string | null;
}

/**
 * Where a typed figure is stored. Flows keep what the entry basis says; a figure
 * typed on the other basis is converted (本月 = 累计 − 上月止累计 and vice versa)
 * so the stored data never holds two versions of one number.
 */
function toStoredTarget(db: Database, unitId: number, indicator: Indicator, change: CellChange, value: string | null): StoredTarget {
  if (change.field === 'target') return { period: change.period.slice(0, 4), field: 'target', value };
  if (change.field === 'note' || change.field === 'prior_cumulative') return { period: change.period, field: change.field, value };
  if (change.period.length !== 7) throw new UserFacingError(`${cellName(indicator, change)}：期别应为 YYYY-MM。`);
  if (change.period.endsWith('-01') && startsAtJanFeb(db, indicator.id)) {
    throw new UserFacingError(`${cellName(indicator, change)}：所在表式从1-2月开始填报，1月不单独填报。请填在2月（1-2月），未保存任何修改。`);
  }
  if (indicator.kind !== 'flow') return { period: change.period, field: 'month', value };
  if (change.field === indicator.entryBasis) return { period: change.period, field: change.field, value };

  const { year, month } = parsePeriod(change.period);
  const figures = StoredFigures.load(db, unitId, year, year, indicator.id);
  const series = yearSeries(indicator, figures, year);
  const storedMonthly = Array.from({ length: 12 }, (_, i) => figures.get(indicator.id, formatPeriod(year, i + 1), 'month'));
  const before = cumulativeBefore(series, indicator, month, storedMonthly);
  if (value === null) return { period: change.period, field: indicator.entryBasis, value: null };
  if (indicator.entryBasis === 'month') {
    // Typed 1-N月累计 for an indicator entered monthly: store 本月 = 累计 − 上月止累计.
    return { period: change.period, field: 'month', value: before === null ? value : subtractDecimal(value, before) };
  }
  const firstReturn = series.cumulative.slice(0, month - 1).every((p) => p.value === null);
  if (before === null && !firstReturn) {
    throw new UserFacingError(`${cellName(indicator, change)}：上月累计未填，无法由本月推算累计。请直接填写1-${month}月累计。`);
  }
  return { period: change.period, field: 'cumulative', value: before === null ? value : (addDecimals([before, value]) ?? value) };
}

/** True when every form showing the indicator has its first return at 1-2月, so January takes no figures. */
function startsAtJanFeb(db: Database, indicatorId: number): boolean {
  const row = db
    .prepare('SELECT min(f.first_return_month) AS first FROM forms f JOIN form_items i ON i.form_id = f.id WHERE i.indicator_id = ?')
    .get(indicatorId) as { first: number | null };
  return row.first === 2;
}

function nextBatchId(db: Database): number {
  return (db.prepare('SELECT coalesce(max(batch_id), 0) + 1 AS id FROM change_log').get() as { id: number }).id;
}

/** Writes stored changes (their `after` side) and logs them under one batch. */
export function applyStoredChanges(db: Database, changes: StoredChange[], batchId: number, source: string, at: string): void {
  const log = db.prepare(
    'INSERT INTO change_log (batch_id, at, unit_id, indicator_id, period, field, old_value, new_value, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const c of changes) {
    writeStored(db, c.unitId, c.indicatorId, c.period, c.field, c.after, at);
    log.run(batchId, at, c.unitId, c.indicatorId, c.period, c.field, c.before, c.after, source);
  }
}

/** The inverse of a step: every change with before and after swapped, in reverse order. */
export function invertChanges(changes: StoredChange[]): StoredChange[] {
  return [...changes].reverse().map((c) => ({ ...c, before: c.after, after: c.before }));
}

/**
 * Saves a block of typed cells as one undo step, all or nothing: any refused
 * cell leaves the workbook exactly as it was.
 */
export function saveChanges(session: WorkbookSession, unitId: number, changes: CellChange[], source: SaveSource): SaveResult {
  return saveChangeBatch(session, [{ unitId, changes }], source, `${SOURCE_LABELS[source]} ${changes.length} 个单元格`);
}

/**
 * Saves the changes of several units (e.g. 15 township returns) in ONE transaction and as
 * ONE undo step, through the same conversion (本月 ↔ 累计) and change_log path as an edit.
 * Any refused cell or vanished unit rolls back every unit's changes.
 * @param description the undo step's Chinese label, e.g. "导入 3 个文件".
 */
export function saveChangeBatch(session: WorkbookSession, batches: readonly UnitChanges[], source: SaveSource, description: string): SaveResult {
  const { db } = session;
  const indicators = indicatorsById(db);
  const at = new Date().toISOString();
  const batchId = nextBatchId(db);

  const stored = db.transaction((): StoredChange[] => {
    const applied: StoredChange[] = [];
    for (const { unitId, changes } of batches) {
      // Checked inside the transaction: a unit deleted since a preview fails the whole batch.
      getUnit(db, unitId);
      for (const change of changes) {
        const indicator = indicators.get(change.indicatorId);
        if (!indicator) throw new UserFacingError('要保存的指标已不存在，请刷新后重试。');
        const target = toStoredTarget(db, unitId, indicator, change, canonicalValue(indicator, change));
        const before = readStored(db, unitId, indicator.id, target.period, target.field);
        if (before === target.value) continue;
        const storedChange: StoredChange = { unitId, indicatorId: indicator.id, period: target.period, field: target.field, before, after: target.value };
        applyStoredChanges(db, [storedChange], batchId, source, at);
        applied.push(storedChange);
      }
    }
    return applied;
  })();

  if (stored.length > 0) {
    session.history.record({ batchId, description, changes: stored });
    session.lastSavedAt = at;
  }
  return { batchId, savedAt: session.lastSavedAt ?? at, canUndo: session.history.canUndo, canRedo: session.history.canRedo };
}
