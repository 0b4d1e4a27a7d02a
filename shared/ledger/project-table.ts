import { type ReportingUnit } from '../domain/catalog.js';
import { interpretCellInput } from '../entry/cell-input.js';
import { parseMonthText } from '../roster/roster-table.js';
import { PROJECT_STATUSES, type Project, type ProjectStatus } from './project-ledger.js';

/**
 * 项目台账 as clerks keep it in Excel/WPS: one row per project under Chinese column headers. Rows
 * are matched by 项目名称; every row is taken or refused with its reasons; unknown columns are
 * reported, never dropped silently. Amounts in 万元 (a figure written with its unit, "2.5亿元", is
 * converted).
 */

/** A project row that can be stored: its fields, and optionally a 状态 reached in a month. */
export interface ProjectRow {
  name: string;
  unitId: number;
  category: string;
  totalInvestment: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  progressText: string;
  leader: string;
  status: { status: ProjectStatus; period: string } | null;
}

export type ProjectRowResult = { rowNumber: number; status: 'ok'; row: ProjectRow } | { rowNumber: number; status: 'refused'; name: string; reasons: string[] };

export interface ParsedProjects {
  rows: ProjectRowResult[];
  unknownColumns: string[];
  missingColumns: string[];
  /** The optional columns the table has: a column the file lacks leaves that field of a stored project as it is. */
  present: string[];
}

type Field = 'name' | 'unit' | 'category' | 'total' | 'plannedStart' | 'plannedEnd' | 'status' | 'statusPeriod' | 'progress' | 'leader';

const HEADERS: ReadonlyArray<[Field, string, readonly string[]]> = [
  ['name', '项目名称', ['名称']],
  ['unit', '所属单位', ['填报单位', '所属园区', '所属乡镇', '单位']],
  ['category', '类别', ['项目类别']],
  ['total', '总投资（万元）', ['总投资', '协议总投资', '计划总投资']],
  ['plannedStart', '计划开工', ['计划开工时间', '计划开工年月']],
  ['plannedEnd', '计划竣工', ['计划竣工时间', '计划竣工年月']],
  ['status', '状态', ['项目状态', '进展状态']],
  ['statusPeriod', '状态年月', ['状态变更年月', '状态时间']],
  ['progress', '形象进度', []],
  ['leader', '包联领导', ['包联县领导', '联系领导']],
];

/** The column headers of a project ledger file (the export writes these). */
export const PROJECT_HEADERS: readonly string[] = HEADERS.map(([, header]) => header);

const normalizeHeader = (text: string): string => text.replace(/[\s\u3000（）()：:*]|万元/g, '');

/**
 * Reads a project table (first non-empty row = headers). A row is refused, with every reason, for
 * a missing name, a name repeated in the table, a unit that is not a reporting unit (by code or
 * name), a 总投资 that is not an amount, a month that is not a month, or a 状态 not in
 * 在谈 / 签约 / 开工 / 在建 / 竣工投产 / 终止 (a 状态 needs its 状态年月).
 */
export function parseProjectTable(table: readonly (readonly string[])[], units: readonly ReportingUnit[], firstRowNumber = 1): ParsedProjects {
  const headerIndex = table.findIndex((row) => row.some((c) => c.trim() !== ''));
  const required: Field[] = ['name', 'unit', 'total'];
  const label = (field: Field): string => HEADERS.find(([f]) => f === field)?.[1] ?? field;
  if (headerIndex < 0) return { rows: [], unknownColumns: [], missingColumns: required.map(label), present: [] };
  const header = (table[headerIndex] ?? []).map((c) => c.trim());
  const columns = new Map<Field, number>();
  const unknownColumns: string[] = [];
  header.forEach((text, col) => {
    if (text === '') return;
    const key = normalizeHeader(text);
    const field = HEADERS.find(([, main, aliases]) => [main, ...aliases].some((h) => normalizeHeader(h) === key))?.[0];
    if (field && !columns.has(field)) columns.set(field, col);
    else unknownColumns.push(text);
  });
  const missingColumns = required.filter((f) => !columns.has(f)).map(label);
  const present: string[] = [...columns.keys()];
  if (missingColumns.length > 0) return { rows: [], unknownColumns, missingColumns, present };

  const seen = new Map<string, number>();
  const rows: ProjectRowResult[] = [];
  table.slice(headerIndex + 1).forEach((cells, offset) => {
    if (cells.every((c) => c.trim() === '')) return;
    const rowNumber = firstRowNumber + headerIndex + 1 + offset;
    const cell = (field: Field): string => {
      const col = columns.get(field);
      return col === undefined ? '' : (cells[col] ?? '').trim();
    };
    const reasons: string[] = [];
    const name = cell('name');
    if (name === '') reasons.push('项目名称为空');
    else if (seen.has(name)) reasons.push(`项目名称与第${seen.get(name)}行重复`);
    else seen.set(name, rowNumber);
    const unitText = cell('unit');
    const unit = units.find((u) => u.code === unitText) ?? units.find((u) => u.name === unitText);
    if (!unit) reasons.push(unitText === '' ? '所属单位为空' : `所属单位“${unitText}”不是填报单位（按单位代码或名称匹配）`);
    // 万元, or converted from the unit written with it ("2.5亿元"), as a typed cell is.
    const totalInput = interpretCellInput(cell('total'), { unit: '万元', isNote: false });
    const total = totalInput.ok ? totalInput.value : null;
    if (!totalInput.ok) reasons.push(`总投资：${totalInput.message}`);
    else if (total === null) reasons.push('总投资为空');
    const month = (field: Field): string | null => {
      const text = cell(field);
      if (text === '') return null;
      const period = parseMonthText(text);
      if (period === null) reasons.push(`${label(field)}“${text}”不是年月，请填写如 2024-03`);
      return period;
    };
    const plannedStart = month('plannedStart');
    const plannedEnd = month('plannedEnd');
    const statusText = cell('status');
    let status: ProjectRow['status'] = null;
    if (statusText !== '') {
      const period = month('statusPeriod');
      if (!(PROJECT_STATUSES as readonly string[]).includes(statusText)) reasons.push(`状态“${statusText}”应为${PROJECT_STATUSES.join('、')}之一`);
      else if (period === null && cell('statusPeriod') === '') reasons.push('填写了状态，请同时填写状态年月');
      else if (period !== null) status = { status: statusText as ProjectStatus, period };
    }
    if (reasons.length > 0 || !unit || total === null) {
      rows.push({ rowNumber, status: 'refused', name, reasons });
      return;
    }
    rows.push({
      rowNumber,
      status: 'ok',
      row: { name, unitId: unit.id, category: cell('category'), totalInvestment: total, plannedStart, plannedEnd, progressText: cell('progress'), leader: cell('leader'), status },
    });
  });
  return { rows, unknownColumns, missingColumns, present };
}

/** An imported row laid over the stored project of the same name: fields whose column the file lacks keep their stored values. */
export function mergeProjectRow(row: ProjectRow, stored: Project | undefined, present: readonly string[]): ProjectRow {
  if (!stored) return row;
  const has = new Set(present);
  return {
    ...row,
    category: has.has('category') ? row.category : stored.category,
    plannedStart: has.has('plannedStart') ? row.plannedStart : stored.plannedStart,
    plannedEnd: has.has('plannedEnd') ? row.plannedEnd : stored.plannedEnd,
    progressText: has.has('progress') ? row.progressText : stored.progressText,
    leader: has.has('leader') ? row.leader : stored.leader,
  };
}

/** A project as a row under {@link PROJECT_HEADERS}: its current 状态 with the month it was reached. */
export function projectRowCells(project: Project, unitCode: string): string[] {
  const last = project.statusHistory.reduce<Project['statusHistory'][number] | null>((latest, h) => (latest === null || h.period >= latest.period ? h : latest), null);
  return [project.name, unitCode, project.category, project.totalInvestment, project.plannedStart ?? '', project.plannedEnd ?? '', last?.status ?? '', last?.period ?? '', project.progressText, project.leader];
}
