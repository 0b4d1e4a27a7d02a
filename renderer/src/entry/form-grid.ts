import { type CellView, type FormColumn, type FormView, STORED_FIELD_LABELS } from '../../../shared/domain/grid.js';
import { type GridCellSpec, type GridColumnSpec, type GridModel } from '../grid/grid-model.js';
import { type TargetTable } from './cell-targets.js';

const FIGURE_COLUMNS: { column: FormColumn; title: (view: FormView) => string; width: number }[] = [
  { column: 'month', title: (v) => (v.cumulativeLabel === '1-2月' ? '1-2月' : '本月'), width: 110 },
  { column: 'cumulative', title: (v) => `${v.cumulativeLabel}累计`, width: 120 },
  { column: 'prior_cumulative', title: () => '上年同期累计', width: 120 },
  { column: 'growth', title: () => '同比增长(%)', width: 90 },
  { column: 'target', title: () => '年度目标', width: 110 },
  { column: 'completion', title: () => '完成进度(%)', width: 90 },
  { column: 'note', title: () => '备注', width: 200 },
];

function figureCell(cell: CellView | undefined, column: FormColumn): GridCellSpec {
  if (!cell) return { text: '', editable: false, style: 'computed' };
  const style = column === 'note' ? 'note' : column === 'growth' || column === 'completion' ? 'computed' : cell.origin === 'derived' ? 'derived' : cell.origin === 'typed' ? 'typed' : 'empty';
  const spec: GridCellSpec = { text: cell.display, editable: cell.editable, style };
  if (cell.remark) spec.remark = cell.remark;
  return spec;
}

/**
 * The form view as a grid: 指标名称 · 代码 · 计量单位 · 本月 · 1-N月累计 · 上年同期累计 ·
 * 同比增长(%) · 年度目标 · 完成进度(%) · 备注, with the workbook cell behind each grid cell.
 */
export function formGrid(view: FormView): { model: GridModel; targets: TargetTable } {
  const columns: GridColumnSpec[] = [
    { title: '指标名称', width: 230, numeric: false },
    { title: '代码', width: 70, numeric: false },
    { title: '计量单位', width: 74, numeric: false },
    ...FIGURE_COLUMNS.map((c) => ({ title: c.title(view), width: c.width, numeric: c.column !== 'note' })),
  ];
  const year = view.period.slice(0, 4);
  const rows: GridCellSpec[][] = [];
  const targets: TargetTable = [];
  view.rows.forEach((row) => {
    if (row.type === 'section') {
      rows.push(columns.map((_, i) => ({ text: i === 0 ? row.title : '', editable: false, style: 'section' })));
      targets.push(columns.map(() => null));
      return;
    }
    const name = row.depth > 0 ? `其中：${row.title}` : row.title;
    rows.push([
      { text: name, editable: false, style: 'label', indent: row.depth },
      { text: row.code, editable: false, style: 'code' },
      { text: row.unit, editable: false, style: 'code' },
      ...FIGURE_COLUMNS.map((c) => figureCell(row.cells[c.column], c.column)),
    ]);
    targets.push([
      null,
      null,
      null,
      ...FIGURE_COLUMNS.map((c) => {
        const cell = row.cells[c.column];
        if (!cell?.editable || row.indicatorId === null || c.column === 'growth' || c.column === 'completion') return null;
        return {
          indicatorId: row.indicatorId,
          field: c.column,
          period: c.column === 'target' ? year : view.period,
          unit: row.unit,
          label: `“${row.title}”${STORED_FIELD_LABELS[c.column]}`,
        };
      }),
    ]);
  });
  return { model: { columns, rows }, targets };
}
