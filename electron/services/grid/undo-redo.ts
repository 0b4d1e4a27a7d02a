import { type UndoResult } from '../../../shared/api/grid-api.js';
import { type WorkbookSession } from '../context.js';
import { applyStoredChanges, invertChanges } from './save-changes.js';

/** Undoes (or redoes) the last step of the open workbook, saved at once like any edit. */
export function stepHistory(session: WorkbookSession, direction: 'undo' | 'redo'): UndoResult {
  const { db, history } = session;
  const step = direction === 'undo' ? history.takeUndo() : history.takeRedo();
  if (!step) {
    return { applied: false, description: direction === 'undo' ? '没有可撤销的操作' : '没有可恢复的操作', canUndo: history.canUndo, canRedo: history.canRedo, savedAt: session.lastSavedAt };
  }
  const at = new Date().toISOString();
  const changes = direction === 'undo' ? invertChanges(step.changes) : step.changes;
  db.transaction(() => applyStoredChanges(db, changes, step.batchId, direction, at))();
  session.lastSavedAt = at;
  return {
    applied: true,
    description: `${direction === 'undo' ? '已撤销' : '已恢复'}：${step.description}`,
    canUndo: history.canUndo,
    canRedo: history.canRedo,
    savedAt: at,
  };
}
