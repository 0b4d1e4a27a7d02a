import { type Database } from 'better-sqlite3';

/**
 * Tables holding the clerk's data. Every change to them is recorded as inverse SQL in the
 * session's temp undo log, so catalog, units, forms, bindings and templates are undoable the same
 * way figures are. A table added by a later migration must be listed here or in
 * {@link NOT_UNDOABLE_TABLES} (a unit test checks the schema against both lists).
 */
export const UNDOABLE_TABLES = ['reporting_units', 'forms', 'indicators', 'form_items', 'cell_values', 'templates', 'template_bindings', 'audit_rules', 'audit_builtin_switches', 'audit_explanations', 'enterprises', 'enterprise_designations', 'indicator_roster_sources', 'projects', 'project_status_log', 'project_amounts', 'indicator_project_sources'] as const;

/** Tables that are not the clerk's data: settings, and the change log that records the data's history. */
// period_status is not undoable: Ctrl+Z must never lift a submission's lock (unlocking asks for a reason).
// consolidation_sums, unit_rollup_paths and consolidation_rebuild_requests are kept by triggers from
// cell_values and reporting_units: undoing those moves them too.
export const NOT_UNDOABLE_TABLES = [
  'app_meta',
  'change_log',
  'period_status',
  'period_status_log',
  'consolidation_sums',
  'unit_rollup_paths',
  'consolidation_rebuild_requests',
] as const;

/** A table whose changes are undoable. */
export type UndoableTable = (typeof UNDOABLE_TABLES)[number];

interface ColumnInfo {
  name: string;
  pk: number;
}

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * SQL (as an expression evaluated inside a trigger) that identifies the row `ref` (`new`/`old`):
 * its rowid, or its primary key for a WITHOUT ROWID table such as cell_values.
 */
function keyExpression(ref: 'new' | 'old', keyColumns: readonly string[] | null): string {
  if (keyColumns === null) return `'rowid=' || ${ref}.rowid`;
  return keyColumns.map((c, i) => `'${i === 0 ? '' : ' AND '}${ident(c)}=' || quote(${ref}.${ident(c)})`).join(' || ');
}

/**
 * The three TEMP triggers that record, for every insert, update and delete of `table`, the SQL
 * that reverses it (SQLite's own undo/redo recipe, https://www.sqlite.org/undoredo.html).
 * quote() renders BLOBs as X'…', so a template's bytes survive the round trip exactly.
 */
function undoTriggers(db: Database, table: UndoableTable): string {
  const columns = db.pragma(`table_info(${ident(table)})`) as ColumnInfo[];
  const withoutRowid = (db.pragma('table_list') as { schema: string; name: string; wr: number }[]).some((t) => t.schema === 'main' && t.name === table && t.wr === 1);
  const keyColumns = withoutRowid ? columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name) : null;
  const names = columns.map((c) => c.name);
  const target = `main.${ident(table)}`;
  const rid = (ref: 'new' | 'old'): string => (withoutRowid ? 'NULL' : `${ref}.rowid`);
  const log = (ref: 'new' | 'old', sql: string): string => `INSERT INTO temp.undo_log (tbl, rid, sql) VALUES ('${table}', ${rid(ref)}, ${sql});`;

  const deleteInserted = `'DELETE FROM ${target} WHERE ' || ${keyExpression('new', keyColumns)}`;
  const restoreUpdated = `'UPDATE ${target} SET ' || ${names.map((n, i) => `'${i === 0 ? '' : ','}${ident(n)}=' || quote(old.${ident(n)})`).join(' || ')} || ' WHERE ' || ${keyExpression('new', keyColumns)}`;
  const insertColumns = [...(withoutRowid ? [] : ['rowid']), ...names.map(ident)].join(', ');
  const insertValues = [...(withoutRowid ? [] : ['old.rowid']), ...names.map((n) => `quote(old.${ident(n)})`)].join(` || ',' || `);
  const reinsertDeleted = `'INSERT INTO ${target} (${insertColumns}) VALUES (' || ${insertValues} || ')'`;
  // An update that changes nothing (a renumbering that keeps a position) is not worth a log row.
  const changed = names.map((n) => `old.${ident(n)} IS NOT new.${ident(n)}`).join(' OR ');

  return `
    CREATE TEMP TRIGGER IF NOT EXISTS undo_${table}_insert AFTER INSERT ON ${target} BEGIN ${log('new', deleteInserted)} END;
    CREATE TEMP TRIGGER IF NOT EXISTS undo_${table}_update AFTER UPDATE ON ${target} WHEN ${changed} BEGIN ${log('old', restoreUpdated)} END;
    CREATE TEMP TRIGGER IF NOT EXISTS undo_${table}_delete BEFORE DELETE ON ${target} BEGIN ${log('old', reinsertDeleted)} END;`;
}

/**
 * change_log rows for every change of a stored figure, written by SQLite itself from the one
 * row of temp.mutation_context (batch, time, OS user, source) that the mutation pipeline sets for
 * the duration of a mutation. Edits, pastes, imports, undo and redo therefore all log the same
 * way, and no handler can forget to. A write outside a mutation (there should be none) has no
 * context row and is not logged.
 */
const CHANGE_LOG_TRIGGERS = `
  CREATE TEMP TRIGGER IF NOT EXISTS log_cell_values_insert AFTER INSERT ON main.cell_values BEGIN
    INSERT INTO main.change_log (batch_id, at, user, unit_id, indicator_id, period, field, old_value, new_value, source)
    SELECT batch_id, at, user, new.unit_id, new.indicator_id, new.period, new.field, NULL, new.value, source FROM temp.mutation_context;
  END;
  CREATE TEMP TRIGGER IF NOT EXISTS log_cell_values_update AFTER UPDATE ON main.cell_values WHEN old.value IS NOT new.value BEGIN
    INSERT INTO main.change_log (batch_id, at, user, unit_id, indicator_id, period, field, old_value, new_value, source)
    SELECT batch_id, at, user, new.unit_id, new.indicator_id, new.period, new.field, old.value, new.value, source FROM temp.mutation_context;
  END;
  CREATE TEMP TRIGGER IF NOT EXISTS log_cell_values_delete AFTER DELETE ON main.cell_values BEGIN
    INSERT INTO main.change_log (batch_id, at, user, unit_id, indicator_id, period, field, old_value, new_value, source)
    SELECT batch_id, at, user, old.unit_id, old.indicator_id, old.period, old.field, old.value, NULL, source FROM temp.mutation_context;
  END;`;

/**
 * Creates, on the connection of a workbook just opened, the temp undo log, the mutation context
 * and their triggers. TEMP objects live only as long as the connection, so nothing of this
 * reaches the file, and closing the workbook frees it all.
 */
export function installUndoLog(db: Database): void {
  // The undo log and the mutation context are written on every edit: keep the temp database in
  // memory rather than in a temp file with its own journal (it must be set before any TEMP table).
  db.pragma('temp_store = MEMORY');
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS undo_log (
      seq INTEGER PRIMARY KEY,
      -- the table changed, and the changed row's rowid (NULL for WITHOUT ROWID tables): which caches to refresh
      tbl TEXT NOT NULL,
      rid INTEGER,
      -- the statement that reverses the change
      sql TEXT NOT NULL
    );
    CREATE TEMP TABLE IF NOT EXISTS mutation_context (
      batch_id INTEGER NOT NULL,
      at       TEXT NOT NULL,
      user     TEXT NOT NULL,
      source   TEXT NOT NULL
    );`);
  db.exec(UNDOABLE_TABLES.map((table) => undoTriggers(db, table)).join('\n') + CHANGE_LOG_TRIGGERS);
}
