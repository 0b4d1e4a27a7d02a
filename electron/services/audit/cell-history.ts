import { type CellHistoryEntry } from '../../../shared/api/audit-api.js';
import { type StoredField } from '../../../shared/domain/grid.js';
import { type WorkbookSession } from '../context.js';

/** change_log.source in the clerk's words. */
const SOURCE_WORDS: Readonly<Record<string, string>> = {
  edit: '编辑',
  paste: '粘贴',
  clear: '清除',
  import: '导入',
  undo: '撤销',
  redo: '恢复',
  copy: '复制上期',
  restore: '恢复快照',
};

/** The clerk's word for a change_log source; an unknown source (a file name) is shown as is. */
export function sourceWords(source: string): string {
  return SOURCE_WORDS[source] ?? source;
}

/**
 * Every change of one cell of a unit, newest first: who (OS user), when, old → new, and where it
 * came from. `period` is `YYYY-MM` (or `YYYY` for a 年度目标); without `field`, every stored field
 * of the indicator in that period (本月, 累计, 上年同期, 备注 …) is listed together, because a
 * clerk asking "why did this figure change?" means the row's figures, whichever was typed.
 */
export function cellHistory(session: WorkbookSession, unitId: number, indicatorId: number, period: string, field?: StoredField): CellHistoryEntry[] {
  // The year's 年度目标 is stored under YYYY: include it when asking about a month.
  const periods = period.length === 7 ? [period, period.slice(0, 4)] : [period];
  const rows = session
    .statement(
      `SELECT at, user, field, period, old_value, new_value, source FROM change_log
       WHERE unit_id = ? AND indicator_id = ? AND period IN (?, ?) AND (? IS NULL OR field = ?) ORDER BY id DESC LIMIT 500`,
    )
    .all(unitId, indicatorId, periods[0], periods[1] ?? periods[0], field ?? null, field ?? null) as {
    at: string;
    user: string | null;
    field: StoredField;
    period: string;
    old_value: string | null;
    new_value: string | null;
    source: string;
  }[];
  return rows.map((r) => ({ at: r.at, user: r.user, field: r.field, period: r.period, oldValue: r.old_value, newValue: r.new_value, source: sourceWords(r.source) }));
}
