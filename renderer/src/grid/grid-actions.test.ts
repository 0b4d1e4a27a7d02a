import { describe, expect, it } from 'vitest';
import { clearEdits, fillDownEdits, findRow, placeBlock, selectionStats, todayText } from './grid-actions.js';
import { type GridCellSpec, type GridModel } from './grid-model.js';

const fig = (value: string | null, unit = '万元', decimals = 1, editable = true): GridCellSpec => ({
  text: value ?? '',
  value,
  unit,
  decimals,
  editable,
  style: editable ? 'typed' : 'computed',
});
const label = (text: string): GridCellSpec => ({ text, editable: false, style: 'label' });

const model: GridModel = {
  columns: [
    { title: '指标名称', width: 200, numeric: false },
    { title: '代码', width: 60, numeric: false },
    { title: '本月', width: 90, numeric: true },
    { title: '同比增长(%)', width: 90, numeric: true },
    { title: '备注', width: 90, numeric: false },
  ],
  rows: [
    [label('规模以上工业总产值'), label('A01'), fig('0.1'), fig('5.9', '%', 1, false), { text: '', value: null, editable: true, style: 'note' }],
    [label('其中：高技术制造业'), label('A0101'), fig('0.2'), fig('-1.2', '%', 1, false), { text: '', value: null, editable: true, style: 'note' }],
    [label('固定资产投资'), label('A02'), fig('1234.56', '亿元', 2), fig(null, '%', 1, false), { text: '', value: null, editable: true, style: 'note' }],
  ],
};

describe('selectionStats', () => {
  it('adds decimals exactly (0.1 + 0.2 = 0.3, never 0.30000000000000004) and names a shared unit', () => {
    expect(selectionStats(model, [{ top: 0, left: 2, bottom: 1, right: 2 }])).toEqual({ count: 2, sum: '0.3', average: '0.15', unit: '万元' });
  });

  it('rounds the exact sum, where floats would round 4.35 + 0.005 down to 4.35', () => {
    const two: GridModel = { columns: [{ title: '本月', width: 90, numeric: true }], rows: [[fig('4.35', '万元', 2)], [fig('0.005', '万元', 2)]] };
    expect(selectionStats(two, [{ top: 0, left: 0, bottom: 1, right: 0 }])?.sum).toBe('4.36');
  });

  it('leaves the unit out when the figures do not share one, and skips labels and blanks', () => {
    const stats = selectionStats(model, [{ top: 0, left: 0, bottom: 2, right: 3 }]);
    expect(stats).toMatchObject({ count: 5, unit: '' });
    expect(stats?.sum).toBe('1,239.56');
  });

  it('counts a cell covered by two ranges once and says nothing for a single figure', () => {
    expect(selectionStats(model, [{ top: 0, left: 2, bottom: 1, right: 2 }, { top: 1, left: 2, bottom: 1, right: 2 }])?.count).toBe(2);
    expect(selectionStats(model, [{ top: 0, left: 2, bottom: 0, right: 2 }])).toBeNull();
  });
});

describe('fillDownEdits', () => {
  it('copies the top cell exactly into the editable cells below, skipping computed ones', () => {
    expect(fillDownEdits(model, { top: 0, left: 2, bottom: 2, right: 3 })).toEqual([
      { row: 1, col: 2, text: '0.1' },
      { row: 2, col: 2, text: '0.1' },
    ]);
  });

  it('takes the row above for a one-row selection', () => {
    expect(fillDownEdits(model, { top: 2, left: 2, bottom: 2, right: 2 })).toEqual([{ row: 2, col: 2, text: '0.2' }]);
    expect(fillDownEdits(model, { top: 0, left: 2, bottom: 0, right: 2 })).toEqual([]);
  });
});

describe('findRow', () => {
  it('finds by name or code after the current row, wrapping round, ignoring case', () => {
    expect(findRow(model, '投资', 0)).toBe(2);
    expect(findRow(model, 'a01', 0)).toBe(1);
    expect(findRow(model, 'a01', 1)).toBe(0);
    expect(findRow(model, '不存在', 0)).toBeNull();
  });
});

describe('placeBlock and clearEdits', () => {
  it('counts pasted values that fall outside the table instead of dropping them silently', () => {
    const placed = placeBlock([['1', '2', '3', '4'], ['5', '', '', ''], ['6', '7', '', '']], 1, 2, model);
    expect(placed.edits).toHaveLength(6);
    expect(placed.outside).toBe(3); // '4' beyond the last column, '6' and '7' beyond the last row
  });

  it('clears only editable cells holding something', () => {
    expect(clearEdits(model, [{ top: 0, left: 0, bottom: 0, right: 4 }])).toEqual([{ row: 0, col: 2, text: '' }]);
  });
});

it('writes today as YYYY-MM-DD', () => {
  expect(todayText(new Date(2024, 2, 5))).toBe('2024-03-05');
});
