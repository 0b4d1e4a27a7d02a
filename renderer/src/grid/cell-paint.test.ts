import { describe, expect, it } from 'vitest';
import { type CellView, type FormView } from '../../../shared/domain/grid.js';
import { formGrid } from '../entry/form-grid.js';
import { cellClassName, changedCells } from './cell-paint.js';
import { type GridCellSpec, type GridModel } from './grid-model.js';

const fig = (text: string, style: GridCellSpec['style'] = 'typed', editable = true): GridCellSpec => ({ text, editable, style });
const label = (text: string): GridCellSpec => ({ text, editable: false, style: 'label' });

const columns: GridModel['columns'] = [
  { title: '指标名称', width: 200, numeric: false },
  { title: '本月', width: 90, numeric: true },
  { title: '1-2月累计', width: 90, numeric: true },
  { title: '同比增长(%)', width: 90, numeric: true },
];

const model = (rows: GridCellSpec[][], key = 'form:1'): GridModel => ({ columns, rows, key, frozen: 1 });

const before = model([
  [label('固定资产投资'), fig('100.0'), fig('300.0', 'derived'), fig('5.0', 'computed', false)],
  [label('其中：工业投资'), fig('40.0'), fig('90.0'), fig('2.0', 'computed', false)],
]);

describe('changedCells', () => {
  it('finds the saved cell and every cell whose figure, state, marker or tooltip followed from it', () => {
    const after = model([
      [label('固定资产投资'), fig('120.0'), fig('320.0', 'derived'), fig('-1.5', 'computed', false)],
      [label('其中：工业投资'), fig('40.0'), { ...fig('90.0', 'mismatch'), remark: '本月与累计不一致' }, { ...fig('2.0', 'computed', false), finding: 'soft' }],
    ]);
    expect(changedCells(before, after)).toEqual([
      { row: 0, col: 1, reflows: false },
      { row: 0, col: 2, reflows: false },
      { row: 0, col: 3, reflows: false },
      { row: 1, col: 2, reflows: false },
      { row: 1, col: 3, reflows: false },
    ]);
  });

  it('finds nothing when the save changed nothing shown', () => {
    expect(changedCells(before, model(before.rows.map((row) => row.map((cell) => ({ ...cell, value: 'x' })))))).toEqual([]);
  });

  it('says a renamed indicator may change its row height', () => {
    const after = model([[label('固定资产投资（不含农户）'), ...before.rows[0]!.slice(1)], before.rows[1]!]);
    expect(changedCells(before, after)).toEqual([{ row: 0, col: 0, reflows: true }]);
  });

  it('gives up on another table: other form, rows or columns', () => {
    expect(changedCells(before, model(before.rows, 'form:2'))).toBeNull();
    expect(changedCells(before, model(before.rows.slice(0, 1)))).toBeNull();
    expect(changedCells(before, { ...before, columns: [...columns.slice(0, 3), { title: '占比(%)', width: 90, numeric: true }] })).toBeNull();
  });

  it('follows the form view: a saved 本月 changes its 累计, 同比 and the 占比 of the rows under it', () => {
    const cell = (value: string | null, state: CellView['state'] = 'typed', editable = true): CellView => ({
      value,
      display: value ?? '',
      state,
      editable,
      decimals: 1,
    });
    const view = (month: string, cumulative: string, growth: string, childShare: string): FormView => ({
        formId: 1,
        unitId: 1,
        period: '2024-02',
        monthLabel: '本月',
        cumulativeLabel: '1-2月',
        periodOpen: true,
        periodMessage: null,
        notes: [],
        columns: [
          { key: 'month', title: '本月', computed: false },
          { key: 'cumulative', title: '1-2月累计', computed: false },
          { key: 'growth', title: '同比增长(%)', computed: true },
          { key: 'share', title: '占比(%)', computed: true },
        ],
        rows: [
          { type: 'indicator', itemId: 1, indicatorId: 1, code: 'A02', title: '固定资产投资', unit: '万元', storedUnit: '万元', depth: 0, decimals: 1, kind: 'flow', cells: { month: cell(month), cumulative: cell(cumulative, 'derived'), growth: cell(growth, 'computed', false), share: cell(null, 'computed', false) } },
          { type: 'indicator', itemId: 2, indicatorId: 2, code: 'A0201', title: '工业投资', unit: '万元', storedUnit: '万元', depth: 1, decimals: 1, kind: 'flow', cells: { month: cell('40.0'), cumulative: cell('90.0', 'derived'), growth: cell(null, 'computed', false), share: cell(childShare, 'computed', false) } },
        ],
      });
    const old = formGrid(view('100.0', '300.0', '5.0', '30.0')).model;
    const saved = formGrid(view('150.0', '350.0', '22.5', '25.7')).model;
    expect(changedCells(old, saved)?.map(({ row, col }) => [row, col])).toEqual([
      [0, 3],
      [0, 4],
      [0, 5],
      [1, 6],
    ]);
  });
});

describe('cellClassName', () => {
  it('marks negative figures, read-only cells, markers and findings', () => {
    expect(cellClassName({ ...fig('-1.5', 'computed', false), finding: 'hard' }, true).split(' ')).toEqual(
      expect.arrayContaining(['sb-computed', 'sb-fig', 'htRight', 'sb-readonly', 'sb-finding-hard', 'sb-neg']),
    );
    expect(cellClassName(fig('', 'missing'), true).split(' ')).toEqual(expect.arrayContaining(['sb-missing', 'sb-marked']));
    expect(cellClassName(label('其中：工业投资'), false)).not.toContain('sb-fig');
  });
});
