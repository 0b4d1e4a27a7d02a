import { type CellView, type YearView } from '../../../shared/domain/grid.js';
import { cumulativeLabel, formatPeriod, monthName } from '../../../shared/stats/index.js';
import { type GridCellSpec, type GridColumnSpec, type GridModel } from '../grid/grid-model.js';
import { type TargetTable } from './cell-targets.js';

function monthCell(cell: CellView, unit: string): GridCellSpec {
  // Same looks as the form view: a month that cannot be typed (a stock's 累计, January of a
  // form that starts at 1-2月) is grey, a missing month carries its marker.
  const spec: GridCellSpec = { text: cell.display, editable: cell.editable, style: cell.state === 'computed' ? 'computed' : cell.state, value: cell.value, unit };
  if (cell.decimals !== undefined) spec.decimals = cell.decimals;
  if (cell.remark) spec.remark = cell.remark;
  return spec;
}

/**
 * The year view as a grid: indicators × 1–12月, 本月 or 1-N月累计 per the view's mode. The widths
 * let all twelve months fit beside the names at 1366×768.
 */
export function yearGrid(view: YearView): { model: GridModel; targets: TargetTable } {
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  const columns: GridColumnSpec[] = [
    { title: '指标名称', width: 186, numeric: false },
    { title: '计量单位', width: 70, numeric: false },
    ...months.map((m) => ({ title: view.mode === 'month' ? monthName(m) : cumulativeLabel(m, { quarterNames: false }), width: 80, numeric: true })),
  ];
  const rows: GridCellSpec[][] = [];
  const targets: TargetTable = [];
  view.rows.forEach((row) => {
    if (row.type === 'section') {
      rows.push(columns.map((_, i) => ({ text: i === 0 ? row.title : '', editable: false, style: 'section' })));
      targets.push(columns.map(() => null));
      return;
    }
    rows.push([
      { text: row.depth > 0 ? `其中：${row.title}` : row.title, editable: false, style: 'label', indent: row.depth },
      { text: row.unit, editable: false, style: 'code' },
      ...row.months.map((cell) => monthCell(cell, row.unit)),
    ]);
    targets.push([
      null,
      null,
      ...row.months.map((cell, i) =>
        cell.editable && row.indicatorId !== null
          ? {
              indicatorId: row.indicatorId,
              field: view.mode,
              period: formatPeriod(view.year, i + 1),
              // The year view shows every figure in the indicator's own unit.
              unit: row.unit,
              storedUnit: row.unit,
              label: `“${row.title}”${i + 1}月${view.mode === 'month' ? '本月' : '累计'}`,
            }
          : null,
      ),
    ]);
  });
  return { model: { columns, rows, key: `year:${view.formId}`, frozen: 2 }, targets };
}
