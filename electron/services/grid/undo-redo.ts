import { type UndoResult } from '../../../shared/api/grid-api.js';
import { STORED_FIELD_LABELS } from '../../../shared/domain/grid.js';
import { periodWords } from '../../../shared/stats/index.js';
import { assertStepWritable } from '../audit/period-lock.js';
import { type WorkbookSession } from '../context.js';
import { type CellChangeSummary, type CellLogRow, type MutationScope } from '../mutation/run-mutation.js';
import { type HistoryStep, type LogRange } from './edit-history.js';

/** A stored value as the message shows it: exact, "空" when cleared, long notes shortened. */
function valueLabel(value: string | null): string {
  if (value === null) return '空';
  return value.length > 20 ? `${value.slice(0, 20)}…` : value;
}

function unitNames(session: WorkbookSession): Map<number, string> {
  const rows = session.statement('SELECT id, name FROM reporting_units').all() as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** "2023年3月 规模以上工业总产值 本月 300 → 空" (with the unit's name first when the workbook has several units). */
function describeCell(session: WorkbookSession, row: CellLogRow, units: Map<number, string>): string {
  const indicator = session.statement('SELECT name FROM indicators WHERE id = ?').get(row.indicatorId) as { name: string } | undefined;
  const unit = units.size > 1 ? `${units.get(row.unitId) ?? ''} ` : '';
  return `${unit}${periodWords(row.period)} ${indicator?.name ?? '（已删除的指标）'} ${STORED_FIELD_LABELS[row.field]} ${valueLabel(row.oldValue)} → ${valueLabel(row.newValue)}`;
}

/** Where a block of figure changes happened: "2023年3月", "城关镇 2023年3月", "2023年1月至2023年3月". */
function describeWhere(cells: CellChangeSummary, units: Map<number, string>): string {
  const first = cells.periods[0] ?? '';
  const last = cells.periods.at(-1) ?? first;
  const when = first === last ? periodWords(first) : `${periodWords(first)}至${periodWords(last)}`;
  if (units.size <= 1) return when;
  const unitId = cells.unitIds[0];
  const who = cells.unitIds.length === 1 && unitId !== undefined ? (units.get(unitId) ?? '') : `${cells.unitIds.length} 个单位`;
  return `${who} ${when}`;
}

/**
 * Inverse statements replayed between two yields. Each is SQL text prepared afresh, and preparing
 * a write to cell_values compiles its triggers (change log, undo log, the 汇总 totals of migration
 * 0009): about 4× the work of a cell written by a cached statement, so a quarter of WRITE_CHUNK.
 */
const REPLAY_CHUNK = 500;

/**
 * Undoes (or redoes) the top step of the open workbook inside a mutation (history:undo/redo run
 * through the same pipeline as every write: one transaction, change_log rows with source
 * 'undo'/'redo', `workbook:saved`). The step's inverse statements are replayed newest first —
 * so a cell a paste wrote twice ends at its original value — with foreign keys checked at commit
 * (a removed template's bindings are re-inserted before the template itself). The statements the
 * replay writes to the undo log become the opposite step. The stacks move only when the
 * transaction commits: a failed undo leaves the workbook, the undo log and both stacks as they were.
 * @returns where the figures changed (`unitId`, `period` of the step's first cell, `YYYY-MM` or
 *   `YYYY` for a target; null for a catalog step) and what was undone, in full, in Chinese.
 */
export async function replayHistory(session: WorkbookSession, scope: MutationScope, direction: 'undo' | 'redo'): Promise<UndoResult> {
  const { history, statement, db } = session;
  const step: HistoryStep | undefined = direction === 'undo' ? history.peekUndo() : history.peekRedo();
  if (!step) {
    return {
      applied: false,
      description: direction === 'undo' ? '没有可撤销的操作' : '没有可恢复的操作',
      canUndo: history.canUndo,
      canRedo: history.canRedo,
      savedAt: session.lastSavedAt,
      unitId: null,
      period: null,
    };
  }
  // A step that changed figures of a month submitted since cannot be undone around the lock.
  assertStepWritable(session, step.changeLogIds);
  scope.useBatchId(step.batchId);
  // Cascades were logged after their parent row: replayed in reverse, children come back first.
  db.pragma('defer_foreign_keys = ON');
  const inverse = (statement('SELECT sql FROM temp.undo_log WHERE seq BETWEEN ? AND ? ORDER BY seq DESC').all(step.first, step.last) as { sql: string }[]).map((r) => r.sql);
  await scope.inChunks(inverse, direction === 'undo' ? `撤销“${step.description}”` : `恢复“${step.description}”`, (sql) => db.exec(sql), REPLAY_CHUNK);
  statement('DELETE FROM temp.undo_log WHERE seq BETWEEN ? AND ?').run(step.first, step.last);

  // An empty range when the replay changed nothing: the opposite step then does nothing either.
  const opposite: LogRange = scope.logRange() ?? { first: 1, last: 0 };
  scope.afterCommit(() => (direction === 'undo' ? history.undone(step, opposite) : history.redone(step, opposite)));

  // Undo replays a step backwards: its last change is the step's first cell, the one to show.
  const cells = scope.cellChanges(1, direction === 'undo' ? 'last' : 'first');
  const units = cells.count > 0 ? unitNames(session) : new Map<number, string>();
  const firstCell = cells.rows[0];
  const what = cells.count === 1 && firstCell ? describeCell(session, firstCell, units) : cells.count > 0 ? `${step.description}（${describeWhere(cells, units)}）` : step.description;
  return {
    applied: true,
    description: `${direction === 'undo' ? '已撤销' : '已恢复'}：${what}`,
    // As the stacks will be once this commits.
    canUndo: direction === 'redo' || history.undoDepth > 1,
    canRedo: direction === 'undo' || history.redoDepth > 1,
    savedAt: scope.changed() ? scope.at : session.lastSavedAt,
    unitId: firstCell?.unitId ?? null,
    period: firstCell?.period ?? null,
  };
}
