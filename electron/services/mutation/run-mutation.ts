import { type Database } from 'better-sqlite3';
import { type ApiInput, type ApiOutput, type ChannelName } from '../../../shared/api/contract.js';
import { type StoredField } from '../../../shared/domain/grid.js';
import { type AppContext, requireSession, type WorkbookSession } from '../context.js';
import { type HistoryStep, type LogRange } from '../grid/edit-history.js';
import { type MutationDeclaration } from '../handler-map.js';
import { runChunked } from '../templates/job-progress.js';
import { forgetTemplateSnapshot } from '../templates/template-snapshot.js';
import { osFailure, UserFacingError } from '../user-facing-error.js';
import { checkpointWhenIdle } from '../workbook/idle-checkpoint.js';
import { refuseIfDamaged } from '../workbook/workbook-damage.js';
import { type UndoableTable } from './undo-log.js';

/**
 * Cells written between two yields of a big write: about 40 ms of work on the build machines,
 * far inside the 200 ms a request may hold the event loop.
 */
export const WRITE_CHUNK = 2000;

/** One change of a stored figure, as change_log recorded it during a mutation. */
export interface CellLogRow {
  unitId: number;
  indicatorId: number;
  /** `YYYY-MM`, or `YYYY` for 年度目标. */
  period: string;
  field: StoredField;
  oldValue: string | null;
  newValue: string | null;
}

/** The figure changes of a mutation: the first few, how many, and where. */
export interface CellChangeSummary {
  rows: CellLogRow[];
  count: number;
  /** Distinct periods changed, sorted. */
  periods: string[];
  /** Distinct units changed. */
  unitIds: number[];
}

/**
 * What a mutation body may use besides its handler arguments. The transaction, change log, undo
 * step and event are the pipeline's; the body only writes its rows.
 */
export interface MutationScope {
  readonly session: WorkbookSession;
  /** change_log batch of this mutation (the undo step's id). */
  readonly batchId: number;
  /** ISO time of this mutation, written to change_log and `updated_at`. */
  readonly at: string;
  /** Logs this mutation's change_log rows under another batch (undo and redo keep the step's). */
  useBatchId(batchId: number): void;
  /** True once this mutation has changed a row of the clerk's data. */
  changed(): boolean;
  /** The undo-log rows this mutation has written so far, or null when none. */
  logRange(): LogRange | null;
  /** The figure changes change_log recorded for this mutation so far: the first (or the last) `limit` rows. */
  cellChanges(limit: number, from?: 'first' | 'last'): CellChangeSummary;
  /**
   * Runs `work` on every item. Up to {@link WRITE_CHUNK} items run at once; more are worked in
   * chunks with a yield to the event loop and a `job:progress` event between chunks, inside the
   * same transaction (so still all or nothing). `jobs:cancel` stops it and rolls everything back.
   * `chunkSize` (default {@link WRITE_CHUNK}) is for items costlier than one cell write.
   */
  inChunks<T>(items: readonly T[], label: string, work: (item: T) => void, chunkSize?: number): Promise<void>;
  /** Runs `fn` once the transaction has committed; never after a rollback. */
  afterCommit(fn: () => void): void;
  /** The undo/redo availability once this (undoable) mutation commits; `changed` if the caller already asked {@link changed}. */
  historyAfter(changed?: boolean): { canUndo: boolean; canRedo: boolean };
}

/** Tables (and per-table row ids of those with row caches) a mutation's undo-log rows touched. */
interface Touched {
  tables: Set<string>;
  rows: { tbl: string; rid: number }[];
}

/** Per-row caches to drop when a row of the table changes (or a change of it is rolled back). */
const ROW_CACHES: Partial<Record<UndoableTable, (db: Database, rowId: number) => void>> = {
  templates: forgetTemplateSnapshot,
};

class Scope implements MutationScope {
  batchId: number;
  readonly at: string;
  private readonly commitHooks: (() => void)[] = [];

  constructor(
    private readonly ctx: AppContext,
    readonly session: WorkbookSession,
    /** Undo-log seq before this mutation's first row. */
    readonly logStart: number,
    /** change_log id before this mutation's first row. */
    readonly changeLogStart: number,
    batchId: number,
    at: string,
  ) {
    this.batchId = batchId;
    this.at = at;
  }

  useBatchId(batchId: number): void {
    this.batchId = batchId;
    this.session.statement('UPDATE temp.mutation_context SET batch_id = ?').run(batchId);
  }

  logRange(): LogRange | null {
    const row = this.session.statement('SELECT min(seq) AS first, max(seq) AS last FROM temp.undo_log WHERE seq > ?').get(this.logStart) as {
      first: number | null;
      last: number | null;
    };
    return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
  }

  /** The ids of the change_log rows this mutation wrote (an empty range when none). */
  changeLogIds(): LogRange {
    const last = (this.session.statement('SELECT coalesce(max(id), 0) AS id FROM change_log').get() as { id: number }).id;
    return { first: this.changeLogStart + 1, last };
  }

  changed(): boolean {
    return this.session.statement('SELECT 1 FROM temp.undo_log WHERE seq > ? LIMIT 1').get(this.logStart) !== undefined;
  }

  cellChanges(limit: number, from: 'first' | 'last' = 'first'): CellChangeSummary {
    const { statement } = this.session;
    const rows = (
      statement(
        `SELECT unit_id, indicator_id, period, field, old_value, new_value FROM change_log WHERE id > ? ORDER BY id ${from === 'first' ? 'ASC' : 'DESC'} LIMIT ?`,
      ).all(this.changeLogStart, limit) as { unit_id: number; indicator_id: number; period: string; field: StoredField; old_value: string | null; new_value: string | null }[]
    ).map((r) => ({ unitId: r.unit_id, indicatorId: r.indicator_id, period: r.period, field: r.field, oldValue: r.old_value, newValue: r.new_value }));
    const count = (statement('SELECT count(*) AS n FROM change_log WHERE id > ?').get(this.changeLogStart) as { n: number }).n;
    const periods = (statement('SELECT DISTINCT period FROM change_log WHERE id > ? ORDER BY period').all(this.changeLogStart) as { period: string }[]).map((r) => r.period);
    const unitIds = (statement('SELECT DISTINCT unit_id FROM change_log WHERE id > ?').all(this.changeLogStart) as { unit_id: number }[]).map((r) => r.unit_id);
    return { rows, count, periods, unitIds };
  }

  async inChunks<T>(items: readonly T[], label: string, work: (item: T) => void, chunkSize = WRITE_CHUNK): Promise<void> {
    if (items.length <= chunkSize) {
      for (const item of items) work(item);
      return;
    }
    const chunks: (readonly T[])[] = [];
    for (let i = 0; i < items.length; i += chunkSize) chunks.push(items.slice(i, i + chunkSize));
    await runChunked(this.ctx, label, chunks, (chunk) => {
      for (const item of chunk) work(item);
      return Promise.resolve();
    });
  }

  afterCommit(fn: () => void): void {
    this.commitHooks.push(fn);
  }

  historyAfter(changed = this.changed()): { canUndo: boolean; canRedo: boolean } {
    const { history } = this.session;
    return changed ? { canUndo: true, canRedo: false } : { canUndo: history.canUndo, canRedo: history.canRedo };
  }

  /** Tables (and per-table row ids) this mutation's undo-log rows touched. */
  touched(): Touched {
    return this.written().touched;
  }

  /**
   * The undo-log rows this mutation wrote — their range and the tables (and row ids) they touched —
   * in one pass over them: the pipeline asks both of every save.
   */
  written(): { range: LogRange | null; touched: Touched } {
    const { statement } = this.session;
    const perTable = statement('SELECT tbl, min(seq) AS first, max(seq) AS last FROM temp.undo_log WHERE seq > ? GROUP BY tbl').all(this.logStart) as {
      tbl: string;
      first: number;
      last: number;
    }[];
    const tables = new Set(perTable.map((r) => r.tbl));
    let range: LogRange | null = null;
    for (const { first, last } of perTable) range = range === null ? { first, last } : { first: Math.min(range.first, first), last: Math.max(range.last, last) };
    const rows: { tbl: string; rid: number }[] = [];
    for (const tbl of Object.keys(ROW_CACHES)) {
      if (!tables.has(tbl)) continue;
      rows.push(...(statement('SELECT DISTINCT tbl, rid FROM temp.undo_log WHERE seq > ? AND tbl = ? AND rid IS NOT NULL').all(this.logStart, tbl) as { tbl: string; rid: number }[]));
    }
    return { range, touched: { tables, rows } };
  }

  committed(): void {
    for (const hook of this.commitHooks) hook();
  }
}

function refresh(session: WorkbookSession, touched: Touched): void {
  session.caches.invalidate(touched.tables);
  for (const { tbl, rid } of touched.rows) ROW_CACHES[tbl as UndoableTable]?.(session.db, rid);
}

/**
 * Undoes a failed mutation's transaction and drops what may describe its rows; returns the error
 * to throw: a storage failure in the clerk's words (`template` with `{reason}`), else `error` as is.
 */
function rollBack(session: WorkbookSession, scope: Scope | null, error: unknown, template: string): unknown {
  const { db, statement } = session;
  let touched: Touched | null = null;
  try {
    touched = scope?.touched() ?? null;
  } catch {
    // The connection may be past answering (disk gone): every cache is dropped below anyway.
  }
  try {
    // A host closing the workbook mid-write has already rolled it back by closing the connection.
    if (db.open && db.inTransaction) statement('ROLLBACK').run();
  } catch {
    // SQLite rolls back what is left of the transaction when the connection closes or reopens.
  }
  // Entries built inside the failed transaction may describe rows that no longer exist.
  session.caches.clear();
  if (touched) refresh(session, touched);
  const failure = osFailure(error);
  return failure ? new UserFacingError(`${template.replace('{reason}', failure.reason)}${failure.advice}`) : error;
}

/**
 * Runs a mutation through the one pipeline: waits for the session's other writes, opens one
 * transaction with the change-log context (batch, time, OS user, source), runs the body, frees
 * the log rows of the undo steps the new step drops, commits, then records the undo step, emits
 * `workbook:saved` and refreshes the caches of what changed. Any failure rolls everything back
 * (the workbook, the undo log, the change log) and leaves the undo/redo stacks as they were.
 * @throws UserFacingError with the body's refusal, or a Chinese message for a storage failure.
 */
export async function runMutation<C extends ChannelName>(ctx: AppContext, m: MutationDeclaration<C>, arg: ApiInput<C>): Promise<ApiOutput<C>> {
  const session = requireSession(ctx);
  return session.writes.run(async () => {
    // The workbook may have been closed or switched while this write waited for the one before.
    if (ctx.session !== session) throw new UserFacingError('工作簿已关闭或已切换，修改未保存。请重新操作。');
    // A damaged workbook is open read-only (also one the background check found damaged while this waited).
    refuseIfDamaged(session.db, session.path);
    const { statement, history } = session;
    const undoable = m.undoable ?? true;
    const description = m.describe(arg, ctx);
    const at = new Date().toISOString();

    let scope: Scope | null = null;
    let committed: { result: ApiOutput<C>; scope: Scope; step: HistoryStep | null; changed: boolean; touched: Touched };
    try {
      statement('BEGIN IMMEDIATE').run();
      // Rows above the high-water mark were written outside any mutation: they belong to no step.
      statement('DELETE FROM temp.undo_log WHERE seq > ?').run(session.logHighWater);
      const changeLogStart = (statement('SELECT coalesce(max(id), 0) AS id FROM change_log').get() as { id: number }).id;
      scope = new Scope(ctx, session, session.logHighWater, changeLogStart, session.lastBatchId + 1, at);
      statement('INSERT INTO temp.mutation_context (batch_id, at, user, source) VALUES (?, ?, ?, ?)').run(scope.batchId, at, session.user, m.source?.(arg) ?? 'edit');

      const result = await m.run(ctx, arg, scope);

      // Freeing the dropped steps' rows below touches nothing of this mutation's (they lie before logStart).
      const { range, touched } = scope.written();
      const step: HistoryStep | null = undoable && range ? { batchId: scope.batchId, description, changeLogIds: scope.changeLogIds(), ...range } : null;
      if (step) {
        const free = statement('DELETE FROM temp.undo_log WHERE seq BETWEEN ? AND ?');
        for (const dropped of history.droppedBy()) free.run(dropped.first, dropped.last);
      }
      statement('DELETE FROM temp.mutation_context').run();
      statement('COMMIT').run();
      committed = { result, scope, step, changed: range !== null, touched };
    } catch (error) {
      throw rollBack(session, scope, error, undoable ? `“${description}”未保存：{reason}，工作簿未作任何修改。` : `${description}未完成：{reason}，工作簿和撤销记录都没有改变。`);
    }

    // Committed: only now do the in-memory stacks, caches and the page learn of it.
    session.logHighWater = (statement('SELECT coalesce(max(seq), 0) AS seq FROM temp.undo_log').get() as { seq: number }).seq;
    if (committed.step) {
      history.record(committed.step);
      session.lastBatchId = committed.step.batchId;
    }
    committed.scope.committed();
    refresh(session, committed.touched);
    if (committed.changed) {
      checkpointWhenIdle(session.db);
      session.lastSavedAt = at;
      ctx.emit('workbook:saved', { savedAt: at });
    }
    return committed.result;
  });
}
