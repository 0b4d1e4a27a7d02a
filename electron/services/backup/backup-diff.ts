import Database, { type Database as Db } from 'better-sqlite3';
import { type BackupDiff, type BackupDiffCell } from '../../../shared/api/backup-api.js';
import { STORED_FIELD_LABELS, type StoredField } from '../../../shared/domain/grid.js';
import { osFailureError, UserFacingError } from '../user-facing-error.js';
import { closeWorkbookFile } from '../workbook/workbook-file.js';
import { type BackupEntry } from './backup-store.js';

interface Row {
  unit_id: number;
  indicator_id: number;
  period: string;
  field: string;
  value: string;
}

interface Names {
  units: Map<number, string>;
  indicators: Map<number, { code: string; name: string }>;
}

const ROWS_SQL = 'SELECT unit_id, indicator_id, period, field, value FROM cell_values ORDER BY unit_id, indicator_id, period, field';

function names(db: Db): Names {
  return {
    units: new Map((db.prepare('SELECT id, name FROM reporting_units').all() as { id: number; name: string }[]).map((u) => [u.id, u.name])),
    indicators: new Map((db.prepare('SELECT id, code, name FROM indicators').all() as { id: number; code: string; name: string }[]).map((i) => [i.id, { code: i.code, name: i.name }])),
  };
}

/** Key order of ROWS_SQL (cell_values' primary key order), for the merge. */
function compare(a: Row, b: Row): number {
  return a.unit_id - b.unit_id || a.indicator_id - b.indicator_id || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0);
}

/**
 * What restoring `backup` would change in the open workbook `current`: every stored figure
 * compared by unit, indicator, period and field (a merge of the two in key order, so memory stays
 * flat however large the workbook), counted per kind and per unit, with the first `limit` cells
 * listed in the clerk's words. The backup is read on its own read-only connection and left as it
 * was; the open workbook is only read.
 */
export function diffBackup(current: Db, backup: BackupEntry, limit: number): Omit<BackupDiff, 'backup'> {
  let source: Db;
  try {
    source = new Database(backup.path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw osFailureError(error, `读取备份“${backup.file}”`, { file: backup.path, unchanged: true }) ?? new UserFacingError(`备份“${backup.file}”无法读取（可能已损坏），请选择其他备份。工作簿未作任何修改。`);
  }
  try {
    const here = names(current);
    const there = names(source);
    const counts = { changed: 0, restored: 0, removed: 0 };
    const perUnit = new Map<number, number>();
    const cells: BackupDiffCell[] = [];
    const note = (kind: BackupDiffCell['kind'], a: Row | undefined, b: Row | undefined): void => {
      const row = (a ?? b) as Row;
      counts[kind] += 1;
      perUnit.set(row.unit_id, (perUnit.get(row.unit_id) ?? 0) + 1);
      if (cells.length >= limit) return;
      const indicator = here.indicators.get(row.indicator_id) ?? there.indicators.get(row.indicator_id);
      cells.push({
        kind,
        unitName: here.units.get(row.unit_id) ?? there.units.get(row.unit_id) ?? `单位 ${row.unit_id}`,
        indicatorCode: indicator?.code ?? '',
        indicatorName: indicator?.name ?? `指标 ${row.indicator_id}`,
        period: row.period,
        field: STORED_FIELD_LABELS[row.field as StoredField] ?? row.field,
        current: a?.value ?? null,
        backup: b?.value ?? null,
      });
    };
    const ours = current.prepare<[], Row>(ROWS_SQL).iterate();
    const theirs = source.prepare<[], Row>(ROWS_SQL).iterate();
    const next = (rows: IterableIterator<Row>): Row | undefined => {
      const step = rows.next();
      return step.done ? undefined : step.value;
    };
    let a = next(ours);
    let b = next(theirs);
    while (a !== undefined || b !== undefined) {
      const order = a === undefined ? 1 : b === undefined ? -1 : compare(a, b);
      if (order === 0) {
        if (a?.value !== b?.value) note('changed', a, b);
        a = next(ours);
        b = next(theirs);
      } else if (order < 0) {
        note('removed', a, undefined);
        a = next(ours);
      } else {
        note('restored', undefined, b);
        b = next(theirs);
      }
    }
    const units = [...perUnit]
      .map(([id, count]) => ({ unitName: here.units.get(id) ?? there.units.get(id) ?? `单位 ${id}`, cells: count }))
      .sort((x, y) => y.cells - x.cells);
    const structure = [
      ['reporting_units', '报送单位'],
      ['indicators', '指标'],
      ['templates', '报表模板'],
    ].flatMap(([table, label]) => {
      // A backup taken before an upgrade may predate a table: then there is nothing to compare.
      const count = (db: Db): number | null =>
        db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) === undefined ? null : (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const now = count(current);
      const then = count(source);
      return now === null || then === null || now === then ? [] : [`${label}：现在 ${now} 个，备份中 ${then} 个`];
    });
    return { counts, units, cells, structure };
  } catch (error) {
    throw osFailureError(error, `读取备份“${backup.file}”`, { file: backup.path, unchanged: true }) ?? error;
  } finally {
    // Closing removes the -shm a read-only connection to a WAL file leaves: the backup stays as it was.
    closeWorkbookFile(source, backup.path);
  }
}
