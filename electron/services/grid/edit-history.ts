import { type StoredField } from '../../../shared/domain/grid.js';

/** One stored figure before and after a change. */
export interface StoredChange {
  unitId: number;
  indicatorId: number;
  period: string;
  field: StoredField;
  before: string | null;
  after: string | null;
}

/** One undo step: a single edit, a pasted block, a cleared range. */
export interface HistoryStep {
  batchId: number;
  description: string;
  changes: StoredChange[];
}

/**
 * Undo/redo stacks of the open workbook. Kept in memory for the session (every
 * step is also in change_log, which is the durable record); a new step clears redo.
 */
export class EditHistory {
  private readonly undoSteps: HistoryStep[] = [];
  private readonly redoSteps: HistoryStep[] = [];

  constructor(private readonly limit = 500) {}

  record(step: HistoryStep): void {
    this.undoSteps.push(step);
    if (this.undoSteps.length > this.limit) this.undoSteps.shift();
    this.redoSteps.length = 0;
  }

  takeUndo(): HistoryStep | undefined {
    const step = this.undoSteps.pop();
    if (step) this.redoSteps.push(step);
    return step;
  }

  takeRedo(): HistoryStep | undefined {
    const step = this.redoSteps.pop();
    if (step) this.undoSteps.push(step);
    return step;
  }

  get canUndo(): boolean {
    return this.undoSteps.length > 0;
  }

  get canRedo(): boolean {
    return this.redoSteps.length > 0;
  }
}
