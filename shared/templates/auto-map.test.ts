import { describe, expect, it } from 'vitest';
import { FORMULA_CELL_MESSAGE, matchRowLabel, proposeBindings, proposeSheet, type IndicatorRef } from './auto-map.js';
import { matchFigureHeader } from './figure-header.js';
import { normalizeLabel } from './label-normalize.js';

const INDICATORS: IndicatorRef[] = [
  { id: 1, code: 'A01', name: '规模以上工业总产值', unit: '万元' },
  { id: 2, code: 'B01', name: '固定资产投资', unit: '万元' },
  { id: 3, code: 'B02', name: '工业投资', unit: '万元' },
  { id: 4, code: 'B03', name: '制造业投资', unit: '万元' },
  { id: 5, code: 'C01', name: '一般公共预算收入', unit: '万元' },
  { id: 6, code: 'D01', name: '社会消费品零售总额', unit: '万元' },
];

describe('normalizeLabel', () => {
  it.each([
    ['1、规模以上工业总产值', '规上工业总产值', false, null],
    ['（一）固定资产投资', '固投', false, null],
    ['其中：工业投资', '工业投资', true, null],
    ['  制造业投资 ', '制造业投资', false, null],
    ['1. 规模以上工业总产值（万元）', '规上工业总产值', false, '万元'],
    ['一、一般公共预算收入', '一般公共预算收入', false, null],
    ['一般公共预算收入', '一般公共预算收入', false, null],
    ['①制造业投资', '制造业投资', false, null],
    ['(2)其中:工业投资', '工业投资', true, null],
    ['２．社会消费品零售总额', '社会消费品零售总额', false, null],
    ['1.1 工业投资', '工业投资', false, null],
    ['规 模 以 上 工 业 总 产 值：', '规上工业总产值', false, null],
  ])('%j → %j', (label, text, subItem, unit) => {
    expect(normalizeLabel(label)).toEqual({ text, subItem, unit });
  });
});

describe('matchRowLabel', () => {
  it.each([
    ['1、规模以上工业总产值', 1],
    ['规上工业总产值', 1],
    ['（一）固定资产投资', 2],
    ['其中：工业投资', 3],
    ['  制造业投资 ', 4],
    ['A01', 1],
    ['ａ０１', 1],
    ['B03 制造业投资', 4],
    ['社会消费品零售总额（亿元）', 6],
  ])('%j → indicator %i', (label, id) => {
    expect(matchRowLabel(label, INDICATORS)[0]?.indicatorId).toBe(id);
  });

  it('ranks the exact name above a containing one', () => {
    const [first, second] = matchRowLabel('工业投资', INDICATORS);
    expect(first).toMatchObject({ indicatorId: 3, confidence: 0.95 });
    expect(second?.confidence ?? 0).toBeLessThan(0.95);
  });

  it('proposes nothing for unrelated labels', () => {
    expect(matchRowLabel('填报人：张三', INDICATORS)).toEqual([]);
    expect(matchRowLabel('', INDICATORS)).toEqual([]);
  });
});

describe('matchFigureHeader', () => {
  it.each([
    ['本月', 'month', null],
    ['当 月', 'month', null],
    ['1-11月', 'cumulative', { from: 1, to: 11 }],
    ['1—11月', 'cumulative', { from: 1, to: 11 }],
    ['１－１１月', 'cumulative', { from: 1, to: 11 }],
    ['本年累计', 'cumulative', null],
    ['截至11月底', 'cumulative', { from: 1, to: 11 }],
    ['上半年', 'cumulative', { from: 1, to: 6 }],
    ['上年同期', 'prior_cumulative', null],
    ['1-11月上年同期', 'prior_cumulative', { from: 1, to: 11 }],
    ['增长%', 'growth', null],
    ['同比±%', 'growth', null],
    ['比上年同期增长（%）', 'growth', null],
    ['年度目标', 'target', null],
    ['完成进度%', 'completion', null],
    ['目标完成率', 'completion', null],
    ['备注', 'note', null],
  ])('%j → %s', (header, figure, months) => {
    expect(matchFigureHeader(header)).toMatchObject({ figure, months });
  });

  it.each(['指标名称', '序号', '单位', ''])('%j names no figure', (header) => {
    expect(matchFigureHeader(header)).toBeNull();
  });
});

describe('proposeBindings', () => {
  // The layout of the LibreOffice fixture: a merged two-row header.
  const sheet = {
    name: '工业月报',
    cells: [
      ['2024年11月园区主要经济指标完成情况'],
      ['填报单位：某某工业园区　　单位：万元、%'],
      ['指标名称', '本月', '1-11月', '', '', '备注'],
      ['', '', '本年累计', '上年同期', '增长%', ''],
      ['1、规模以上工业总产值'],
      ['（一）固定资产投资'],
      ['其中：工业投资'],
      ['  制造业投资 '],
      ['合计'],
    ],
    merges: [
      { top: 0, left: 0, bottom: 0, right: 5 },
      { top: 1, left: 0, bottom: 1, right: 5 },
      { top: 2, left: 0, bottom: 3, right: 0 },
      { top: 2, left: 1, bottom: 3, right: 1 },
      { top: 2, left: 2, bottom: 2, right: 4 },
      { top: 2, left: 5, bottom: 3, right: 5 },
    ],
  };

  it('maps label rows × figure columns through a merged two-row header', () => {
    const proposals = proposeBindings(sheet, INDICATORS);
    const byCell = Object.fromEntries(proposals.map((p) => [p.cell, p]));
    expect(byCell.B5).toMatchObject({ indicatorId: 1, figure: 'month', unit: '万元', periodOffset: 0, sheet: '工业月报' });
    expect(byCell.C5).toMatchObject({ indicatorId: 1, figure: 'cumulative', unit: '万元' });
    expect(byCell.D6).toMatchObject({ indicatorId: 2, figure: 'prior_cumulative' });
    expect(byCell.E7).toMatchObject({ indicatorId: 3, figure: 'growth', unit: '%' });
    expect(byCell.F8).toMatchObject({ indicatorId: 4, figure: 'note', unit: null });
    expect(byCell.B9).toBeUndefined(); // 合计 is no indicator
    expect(proposals).toHaveLength(4 * 5);
    expect(byCell.C5?.reason).toContain('1-11月本年累计');
  });

  it('returns nothing when no header is recognisable', () => {
    expect(proposeBindings({ name: 's', cells: [['a', 'b'], ['1', '2']] }, INDICATORS)).toEqual([]);
  });
});

describe('proposeSheet: evidence, qualifiers, units by dimension, transposed tables', () => {
  const catalog: IndicatorRef[] = [
    { id: 1, code: 'A01', name: '固定资产投资（不含农户）', unit: '万元' },
    { id: 2, code: 'A02', name: '固定资产投资', unit: '万元' },
    { id: 3, code: 'B01', name: '新签约项目个数', unit: '个' },
    { id: 4, code: 'C01', name: '招商引资到位额', unit: '万元' },
  ];

  it('keeps official bracket qualifiers in the name, and real units out of it', () => {
    expect(normalizeLabel('固定资产投资（不含农户）')).toEqual({ text: '固投(不含农户)', subItem: false, unit: null });
    expect(normalizeLabel('地区生产总值（现价）').unit).toBeNull();
    expect(normalizeLabel('新签约项目（个）').unit).toBe('个');
    expect(matchRowLabel('固定资产投资（不含农户）', catalog)[0]).toMatchObject({ indicatorId: 1, confidence: 0.95 });
    expect(matchRowLabel('固定资产投资', catalog)[0]).toMatchObject({ indicatorId: 2, confidence: 0.95 });
  });

  it('records where each proposal was read from and applies a money unit line to money rows only', () => {
    const { proposals } = proposeSheet(
      {
        name: '表1',
        cells: [['2023年1-11月'], ['金额单位：万元'], ['指标', '本月', '累计'], ['固定资产投资（不含农户）', '', ''], ['新签约项目个数', '', '']],
        merges: [{ top: 0, left: 0, bottom: 0, right: 2 }],
      },
      catalog,
    );
    const b4 = proposals.find((p) => p.cell === 'B4');
    expect(b4).toMatchObject({ indicatorId: 1, figure: 'month', unit: '万元', status: 'confident' });
    expect(b4?.evidence).toEqual({
      rowLabel: { cell: 'A4', text: '固定资产投资（不含农户）' },
      code: null,
      headerCells: [{ cell: 'B3', text: '本月' }],
      unit: { unit: '万元', source: 'line', cell: 'A2', text: '金额单位：万元' },
      period: { cell: 'A1', text: '2023年1-11月' },
    });
    // 万元 does not convert to 个: the 个 row keeps its own unit, and is still confident.
    expect(proposals.find((p) => p.cell === 'C5')).toMatchObject({ indicatorId: 3, figure: 'cumulative', unit: null, status: 'confident' });
  });

  it('a row unit that cannot convert, a similar name and a formula cell wait for the clerk', () => {
    const { proposals } = proposeSheet(
      { name: '表1', cells: [['指标', '本月', '累计'], ['新签约项目个数（万元）', '', ''], ['招商引资到位', '', '']], formulas: [{ row: 2, col: 2 }] },
      catalog,
    );
    expect(proposals.find((p) => p.cell === 'B2')).toMatchObject({ status: 'pending', unit: null });
    expect(proposals.find((p) => p.cell === 'B2')?.doubts.join()).toContain('不能换算');
    expect(proposals.find((p) => p.cell === 'B3')).toMatchObject({ indicatorId: 4, status: 'pending' });
    expect(proposals.find((p) => p.cell === 'C3')?.doubts).toContain(FORMULA_CELL_MESSAGE);
  });

  it('a table with reporting units as rows gets a note, not a guess', () => {
    const result = proposeSheet(
      {
        name: '汇总',
        cells: [['园区', '招商引资到位额', '', '新签约项目个数', ''], ['', '本月', '累计', '本月', '累计'], ['经开区', '', '', '', ''], ['固定资产投资', '', '', '', '']],
        merges: [{ top: 0, left: 0, bottom: 1, right: 0 }, { top: 0, left: 1, bottom: 0, right: 2 }, { top: 0, left: 3, bottom: 0, right: 4 }],
      },
      catalog,
    );
    expect(result.proposals).toEqual([]);
    expect(result.notes.join()).toContain('填报单位');
  });
});
