import { type CellView, type FigureState, type FormColumn, type FormView, type FormViewRow, type StoredField, STORED_FIELD_LABELS } from '../../../shared/domain/grid.js';
import { type GridCellSpec, type GridCellStyle, type GridColumnSpec, type GridModel } from '../grid/grid-model.js';
import { type CellTarget, type TargetTable } from './cell-targets.js';

/** Widths that fit the headers and the longest usual figure ("863,300.0", "+4.8个百分点") at 13px. */
const COLUMN_WIDTHS: Readonly<Record<FormColumn, number>> = {
  month: 96,
  cumulative: 104,
  prior_cumulative: 104,
  comparable_base: 128,
  growth: 100,
  target: 100,
  completion: 88,
  previousCumulative: 100,
  monthOnMonth: 100,
  share: 76,
  contribution: 100,
  twoYearAverage: 118,
  timeProgress: 94,
  progressGap: 176,
  projection: 104,
  projectionMethod: 110,
  note: 160,
};

/** The unit of a figure column's values, for the status bar's 求和 (amount columns use the row's unit). */
const PERCENT_COLUMNS: ReadonlySet<FormColumn> = new Set<FormColumn>(['growth', 'completion', 'share', 'contribution', 'twoYearAverage', 'monthOnMonth', 'timeProgress']);
const AMOUNT_COLUMNS: ReadonlySet<FormColumn> = new Set<FormColumn>(['month', 'cumulative', 'prior_cumulative', 'comparable_base', 'target', 'previousCumulative', 'projection']);

function columnUnit(row: FormViewRow, column: FormColumn): string {
  if (AMOUNT_COLUMNS.has(column)) return row.unit;
  if (PERCENT_COLUMNS.has(column)) return '%';
  return column === 'progressGap' ? '个百分点' : '';
}

/** Columns whose cells stand for a stored figure when the view says they are editable. */
const STORED_FIELDS: ReadonlySet<FormColumn> = new Set<StoredField>(['month', 'cumulative', 'prior_cumulative', 'comparable_base', 'growth', 'target', 'note']);

/** Stored figures in the indicator's unit (converted from the shown unit); 同比 is a percentage and notes are text. */
const AMOUNT_FIELDS: ReadonlySet<StoredField> = new Set<StoredField>(['month', 'cumulative', 'prior_cumulative', 'comparable_base', 'target']);

const STATE_STYLES: Readonly<Record<FigureState, GridCellStyle>> = {
  typed: 'typed',
  derived: 'derived',
  comparable: 'comparable',
  computed: 'computed',
  missing: 'missing',
  mismatch: 'mismatch',
  empty: 'empty',
};

function isStoredField(column: FormColumn): column is StoredField {
  return STORED_FIELDS.has(column);
}

/** An audit finding as the grid marks it: the cell (indicator × column), its severity and message. */
export interface CellFinding {
  indicatorId: number;
  column: FormColumn;
  severity: 'hard' | 'soft';
  message: string;
}

/** The findings standing on one cell: the worst severity and every message, 强制 first. */
interface CellMarks {
  severity: 'hard' | 'soft';
  messages: string[];
}

/**
 * Findings by cell (`indicatorId|column`). A finding about a column the view does not show (同比
 * with the column switched off) marks the row's 累计, where the audit panel's click lands too.
 */
function findingsByCell(view: FormView, findings: readonly CellFinding[]): Map<string, CellMarks> {
  const shown = new Set(view.columns.map((c) => c.key));
  const fallback = shown.has('cumulative') ? 'cumulative' : view.columns[0]?.key;
  const marks = new Map<string, CellMarks>();
  const ordered = [...findings.filter((f) => f.severity === 'hard'), ...findings.filter((f) => f.severity === 'soft')];
  for (const finding of ordered) {
    const column = shown.has(finding.column) ? finding.column : fallback;
    if (column === undefined) continue;
    const key = `${finding.indicatorId}|${column}`;
    const text = `${finding.severity === 'hard' ? '强制' : '提示'}：${finding.message}`;
    const mark = marks.get(key);
    if (mark) mark.messages.push(text);
    else marks.set(key, { severity: finding.severity, messages: [text] });
  }
  return marks;
}

function figureCell(row: FormViewRow, cell: CellView | undefined, column: FormColumn, computedColumn: boolean, marks?: CellMarks): GridCellSpec {
  if (!cell) return { text: '', editable: false, style: 'computed' };
  let style: GridCellStyle = STATE_STYLES[cell.state];
  let remark = cell.remark;
  if (column === 'note') style = 'note';
  else if (computedColumn && !cell.editable && style !== 'missing') style = 'computed';
  // Both typed figures of a row that disagrees carry the marker and name the three figures.
  if (row.mismatch && (column === 'month' || column === 'cumulative')) {
    style = 'mismatch';
    remark = row.mismatch;
  }
  const spec: GridCellSpec = { text: cell.display, editable: cell.editable, style, value: cell.value, unit: columnUnit(row, column), decimals: cell.decimals ?? row.decimals };
  // The audit's messages follow the figure model's own remark in the tooltip.
  if (marks) {
    spec.finding = marks.severity;
    remark = [remark, ...marks.messages].filter(Boolean).join('\n');
  }
  if (remark) spec.remark = remark;
  return spec;
}

function cellTarget(view: FormView, row: FormViewRow, column: FormColumn): CellTarget | null {
  const cell = row.cells[column];
  if (!cell?.editable || row.indicatorId === null || !isStoredField(column)) return null;
  const amount = AMOUNT_FIELDS.has(column);
  return {
    indicatorId: row.indicatorId,
    field: column,
    period: column === 'target' ? view.period.slice(0, 4) : view.period,
    // 同比 is typed in percent whatever the indicator's unit; notes are text.
    unit: amount ? row.unit : column === 'growth' ? '%' : '',
    storedUnit: amount ? row.storedUnit : column === 'growth' ? '%' : '',
    label: `“${row.title}”${column === 'month' ? view.monthLabel : STORED_FIELD_LABELS[column]}`,
  };
}

/**
 * The form view as a grid: 指标名称 · 代码 · 计量单位, then the view's figure columns in its
 * order (本月 · 1-N月累计 · 上年同期累计 · 上年同期(可比口径) · 同比增长(%) · 年度目标 ·
 * 完成进度(%) · the analysis columns switched on · 备注), with the workbook cell behind each
 * editable grid cell. With the audit's `findings`, their cells carry a marker (强制 red, 提示
 * orange) and the messages as tooltip.
 */
export function formGrid(view: FormView, findings: readonly CellFinding[] = []): { model: GridModel; targets: TargetTable } {
  const marks = findingsByCell(view, findings);
  const columns: GridColumnSpec[] = [
    { title: '指标名称', width: 220, numeric: false },
    { title: '代码', width: 64, numeric: false },
    { title: '计量单位', width: 70, numeric: false },
    ...view.columns.map((c) => ({ title: c.title, width: COLUMN_WIDTHS[c.key], numeric: c.key !== 'note' && c.key !== 'projectionMethod' })),
  ];
  const rows: GridCellSpec[][] = [];
  const targets: TargetTable = [];
  view.rows.forEach((row) => {
    if (row.type === 'section') {
      rows.push(columns.map((_, i) => ({ text: i === 0 ? row.title : '', editable: false, style: 'section' })));
      targets.push(columns.map(() => null));
      return;
    }
    const name = row.depth > 0 ? `其中：${row.title}` : row.title;
    const nameCell: GridCellSpec = { text: name, editable: false, style: 'label', indent: row.depth };
    if (row.mismatch) nameCell.remark = row.mismatch;
    rows.push([
      nameCell,
      { text: row.code, editable: false, style: 'code' },
      { text: row.unit, editable: false, style: 'code' },
      ...view.columns.map((c) => figureCell(row, row.cells[c.key], c.key, c.computed, marks.get(`${row.indicatorId}|${c.key}`))),
    ]);
    targets.push([null, null, null, ...view.columns.map((c) => cellTarget(view, row, c.key))]);
  });
  // 名称 · 代码 · 计量单位 stay in view while the figures scroll, as a clerk freezes them in WPS.
  return { model: { columns, rows, key: `form:${view.formId}`, frozen: 3 }, targets };
}
