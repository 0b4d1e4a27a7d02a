import { describe, expect, it } from 'vitest';
import { type CellView, type FormView, type FormViewRow } from '../../../shared/domain/grid.js';
import { collectChanges } from './cell-targets.js';
import { formGrid } from './form-grid.js';

const cell = (display: string, state: CellView['state'], editable: boolean, remark?: string): CellView => ({
  value: display === '' ? null : display.replace(/,/g, ''),
  display,
  state,
  editable,
  ...(remark ? { remark } : {}),
});

function view(rows: FormViewRow[]): FormView {
  return {
    formId: 1,
    unitId: 1,
    period: '2024-03',
    cumulativeLabel: '1-3月',
    monthLabel: '本月',
    periodOpen: true,
    periodMessage: null,
    columns: [
      { key: 'month', title: '本月', computed: false },
      { key: 'cumulative', title: '1-3月累计', computed: false },
      { key: 'prior_cumulative', title: '上年同期累计', computed: false },
      { key: 'comparable_base', title: '上年同期(可比口径)', computed: false },
      { key: 'growth', title: '同比增长(%)', computed: true },
      { key: 'target', title: '年度目标', computed: false },
      { key: 'completion', title: '完成进度(%)', computed: true },
      { key: 'share', title: '占比(%)', computed: true },
      { key: 'note', title: '备注', computed: false },
    ],
    notes: [],
    rows,
  };
}

const row = (over: Partial<FormViewRow>): FormViewRow => ({
  itemId: 1,
  type: 'indicator',
  title: '规模以上工业总产值',
  indicatorId: 7,
  code: 'A01',
  unit: '亿元',
  storedUnit: '万元',
  depth: 0,
  decimals: 2,
  kind: 'flow',
  cells: {},
  ...over,
});

describe('formGrid', () => {
  it('heads the grid with the view columns, in their order', () => {
    const { model } = formGrid(view([]));
    expect(model.columns.map((c) => c.title)).toEqual(['指标名称', '代码', '计量单位', '本月', '1-3月累计', '上年同期累计', '上年同期(可比口径)', '同比增长(%)', '年度目标', '完成进度(%)', '占比(%)', '备注']);
  });

  it('styles each cell by its state and marks both figures of a mismatched row', () => {
    const mismatch = '上月止累计 600 + 本月 300 = 900万元，与填报的累计 1000万元 不一致（相差 100），请核对。';
    const { model } = formGrid(
      view([
        row({
          mismatch,
          cells: {
            month: cell('0.03', 'mismatch', true, '本月与累计不一致，见本行提示'),
            cumulative: cell('0.10', 'mismatch', true),
            prior_cumulative: cell('', 'missing', true, '上年缺2月数据'),
            comparable_base: cell('0.09', 'comparable', true, '可比口径：同比按此基数计算'),
            growth: cell('11.1', 'computed', false),
            target: cell('1.00', 'typed', true),
            completion: cell('10.0', 'computed', false),
            share: cell('', 'empty', false),
            note: cell('', 'empty', true),
          },
        }),
        row({ itemId: 2, indicatorId: 8, title: '工业投资', depth: 1, cells: { cumulative: cell('', 'missing', true, '缺2月数据'), month: cell('1.00', 'derived', true) } }),
      ]),
    );
    const [first, second] = model.rows;
    expect(first?.slice(3).map((c) => c.style)).toEqual(['mismatch', 'mismatch', 'missing', 'comparable', 'computed', 'typed', 'computed', 'computed', 'note']);
    expect(first?.[3]?.remark).toBe(mismatch);
    expect(first?.[4]?.remark).toBe(mismatch);
    expect(first?.[0]?.remark).toBe(mismatch);
    expect(second?.[0]).toMatchObject({ text: '其中：工业投资', indent: 1 });
    expect(second?.[3]?.style).toBe('derived');
    expect(second?.[4]).toMatchObject({ style: 'missing', remark: '缺2月数据', editable: true });
  });

  it('marks the cells of audit findings, worst severity first, with every message in the tooltip', () => {
    const columns = view([]).columns.filter((c) => c.key !== 'growth');
    const rows = [
      row({ cells: { month: cell('5.00', 'typed', true), cumulative: cell('9.00', 'typed', true, '累计为推算值') } }),
      row({ itemId: 2, indicatorId: 8, title: '工业投资', depth: 1, cells: { cumulative: cell('12.00', 'typed', true) } }),
    ];
    const { model } = formGrid({ ...view(rows), columns }, [
      { indicatorId: 7, column: 'growth', severity: 'soft', message: '同比增长507.0%，波动较大' },
      { indicatorId: 8, column: 'cumulative', severity: 'soft', message: '请说明' },
      { indicatorId: 8, column: 'cumulative', severity: 'hard', message: '其中项大于合计' },
    ]);
    const [first, second] = model.rows;
    // 同比 is not shown: its finding lands on 累计, after the figure model's own remark.
    expect(first?.[4]).toMatchObject({ finding: 'soft', remark: '累计为推算值\n提示：同比增长507.0%，波动较大' });
    expect(first?.[3]?.finding).toBeUndefined();
    expect(second?.[4]).toMatchObject({ finding: 'hard', remark: '强制：其中项大于合计\n提示：请说明' });
    expect(formGrid(view(rows)).model.rows[1]?.[4]?.finding).toBeUndefined();
  });

  it('maps editable cells to stored fields with the right period and units', () => {
    const { targets } = formGrid(
      view([
        row({
          cells: {
            month: cell('', 'empty', true),
            comparable_base: cell('', 'empty', true),
            growth: cell('', 'empty', true),
            target: cell('', 'empty', true),
            completion: cell('', 'empty', false),
            note: cell('', 'empty', true),
          },
        }),
      ]),
    );
    const t = targets[0] ?? [];
    expect(t.slice(0, 3)).toEqual([null, null, null]);
    expect(t[3]).toMatchObject({ field: 'month', period: '2024-03', unit: '亿元', storedUnit: '万元', indicatorId: 7 });
    expect(t[4]).toBeNull(); // no cumulative cell in this view model
    expect(t[6]).toMatchObject({ field: 'comparable_base', period: '2024-03' });
    expect(t[7]).toMatchObject({ field: 'growth', unit: '%', storedUnit: '%' });
    expect(t[8]).toMatchObject({ field: 'target', period: '2024' });
    expect(t[9]).toBeNull();
    expect(t[11]).toMatchObject({ field: 'note' });
  });
});

describe('collectChanges', () => {
  const { targets, model } = formGrid(
    view([row({ cells: { month: cell('', 'empty', true), growth: cell('', 'empty', true), note: cell('', 'empty', true), completion: cell('', 'computed', false) } })]),
  );
  const titles = model.columns.map((c) => c.title);

  it('converts a figure typed in the shown unit to the stored unit, exactly', () => {
    expect(collectChanges([{ row: 0, col: 3, text: '86.33' }], targets, titles)).toEqual({
      ok: true,
      changes: [{ indicatorId: 7, period: '2024-03', field: 'month', value: '863300' }],
      skipped: 0,
    });
    // A figure typed with its own unit is read in that unit first.
    expect(collectChanges([{ row: 0, col: 3, text: '5000万元' }], targets, titles)).toMatchObject({ ok: true, changes: [{ value: '5000' }] });
  });

  it('keeps a typed 同比 and a note as they are', () => {
    const result = collectChanges(
      [
        { row: 0, col: 7, text: '6.8' },
        { row: 0, col: 11, text: '含新投产企业' },
      ],
      targets,
      titles,
    );
    expect(result).toMatchObject({ ok: true, changes: [{ field: 'growth', value: '6.8' }, { field: 'note', value: '含新投产企业' }] });
  });

  it('refuses a computed cell, naming it, and sends nothing', () => {
    const result = collectChanges([{ row: 0, col: 9, text: '5' }], targets, titles);
    expect(result).toMatchObject({ ok: false, row: 0, col: 9 });
    expect(result.ok ? '' : result.message).toContain('完成进度(%)');
  });

  it('pastes a block around computed cells, counting the ones it skipped', () => {
    const result = collectChanges(
      [
        { row: 0, col: 3, text: '86.33' },
        { row: 0, col: 8, text: '' },
        { row: 0, col: 9, text: '12.5' },
        { row: 0, col: 11, text: '说明' },
      ],
      targets,
      titles,
    );
    expect(result).toMatchObject({ ok: true, skipped: 1, changes: [{ field: 'month', value: '863300' }, { field: 'note', value: '说明' }] });
  });

  it('refuses a whole block when one of its texts is not a number', () => {
    const result = collectChanges(
      [
        { row: 0, col: 3, text: '86.33' },
        { row: 0, col: 9, text: '12.5' },
        { row: 0, col: 7, text: '12.3.4' },
      ],
      targets,
      titles,
    );
    expect(result).toMatchObject({ ok: false, row: 0, col: 7 });
  });
});
