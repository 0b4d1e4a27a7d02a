/** A span of rows of the session's temp undo log: the inverse statements of one step. */
export interface LogRange {
  first: number;
  last: number;
}

/**
 * One undo step: everything one mutation changed (a single edit, a pasted block, an import of
 * 15 returns, a catalog edit, a template registration). Its inverse statements are the undo-log
 * rows `first`..`last`; undoing replays them newest first, and the statements that replay writes
 * become the redo step.
 */
export interface HistoryStep extends LogRange {
  /** The change_log batch of the step; undo and redo log their rows under it too. */
  batchId: number;
  /** Ids of the change_log rows the step first wrote (empty when it changed no figure): the cells an undo or redo touches. */
  changeLogIds: LogRange;
  /** Chinese description, e.g. "粘贴 6 个单元格", "修改指标“工业总产值”". */
  description: string;
}

/** Steps kept for undo; older ones are dropped (and their log rows freed). */
export const UNDO_LIMIT = 500;

/**
 * Undo/redo stacks of the open workbook, kept in memory for the session (change_log is the
 * durable record). The stacks change only after the mutation that changes them has committed:
 * the pipeline asks what a new step would drop ({@link droppedBy}), frees those log rows inside
 * its transaction, and calls {@link record} once the transaction is committed, so a failed
 * write or a failed undo leaves the stacks exactly as they were.
 */
export class EditHistory {
  private readonly undoSteps: HistoryStep[] = [];
  private readonly redoSteps: HistoryStep[] = [];

  constructor(private readonly limit = UNDO_LIMIT) {}

  /** The steps a new step would discard: the whole redo stack, and the oldest undo step at the limit. */
  droppedBy(): HistoryStep[] {
    const overflow = this.undoSteps.length + 1 - this.limit;
    return [...this.redoSteps, ...this.undoSteps.slice(0, Math.max(0, overflow))];
  }

  /** Records a committed step; a new step clears redo. */
  record(step: HistoryStep): void {
    this.undoSteps.push(step);
    if (this.undoSteps.length > this.limit) this.undoSteps.splice(0, this.undoSteps.length - this.limit);
    this.redoSteps.length = 0;
  }

  /** The step the next undo reverses, if any. */
  peekUndo(): HistoryStep | undefined {
    return this.undoSteps.at(-1);
  }

  /** The step the next redo re-applies, if any. */
  peekRedo(): HistoryStep | undefined {
    return this.redoSteps.at(-1);
  }

  /** After a committed undo of the top step: it moves to redo, now made of the `redo` log rows. */
  undone(step: HistoryStep, redo: LogRange): void {
    if (this.undoSteps.at(-1) !== step) throw new Error('undo history changed during an undo');
    this.undoSteps.pop();
    this.redoSteps.push({ ...step, ...redo });
  }

  /** After a committed redo of the top redo step: it moves back to undo, made of the `undo` log rows. */
  redone(step: HistoryStep, undo: LogRange): void {
    if (this.redoSteps.at(-1) !== step) throw new Error('redo history changed during a redo');
    this.redoSteps.pop();
    this.undoSteps.push({ ...step, ...undo });
  }

  get canUndo(): boolean {
    return this.undoSteps.length > 0;
  }

  get canRedo(): boolean {
    return this.redoSteps.length > 0;
  }

  /** Number of undo steps kept. */
  get undoDepth(): number {
    return this.undoSteps.length;
  }

  /** Number of redo steps kept. */
  get redoDepth(): number {
    return this.redoSteps.length;
  }
}
