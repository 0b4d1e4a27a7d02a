import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM_OPTIONS, type Form, type Indicator } from '../domain/catalog.js';
import { type StoredField } from '../domain/grid.js';
import { type ConsolidationUnit, consolidateUnits } from './consolidate.js';
import { buildFormFigures } from './form-figures.js';
import { IndicatorFigures } from './indicator-figures.js';
import { testIndicator } from '../../tests/support/test-indicator.js';

const indicator = testIndicator;

type Typed = Array<[indicator: Indicator, period: string, field: StoredField, value: string]>;
function unit(unitId: number, name: string, typed: Typed): ConsolidationUnit {
  const values = new Map(typed.map(([i, p, f, v]) => [`${i.id}|${p}|${f}`, v]));
  return { unitId, name, figures: { get: (id, p, f) => values.get(`${id}|${p}|${f}`) ?? null } };
}

const output = indicator('产值');
const firms = indicator('企业数', { kind: 'stock', unit: '家', decimals: 0 });
const found = indicator('隐患数', { unit: '条', decimals: 0 });
const fixed = indicator('已整改数', { unit: '条', decimals: 0 });
const rate = indicator('整改率', { kind: 'ratio', unit: '%', numeratorId: fixed.id, denominatorId: found.id });
const bare = indicator('利润率', { kind: 'ratio', unit: '%' });
const catalog = new Map([output, firms, found, fixed, rate, bare].map((i) => [i.id, i]));
const all = [...catalog.values()];

/** 1-3月 of a flow typed 本月 by month (2023 and 2024). */
const months = (i: Indicator, year: number, values: string[]): Typed => values.map((v, k) => [i, `${year}-0${k + 1}`, 'month', v]);

function total(units: ConsolidationUnit[], month = 3) {
  const result = consolidateUnits({ indicators: all, catalog, units, year: 2024, month, formFirstReturn: 1 });
  const engine = new IndicatorFigures(result.figures, catalog, 1);
  return { ...result, engine };
}

describe('汇总 of reporting units by aggregation rule', () => {
  it('sums flows month by month and 累计 whichever way each unit typed them', () => {
    const a = unit(1, '甲镇', months(output, 2024, ['10.1', '20.2', '30.3']));
    // 乙园区 types 1-N月累计: its 本月 are derived by the engine, then summed.
    const b = unit(2, '乙园区', [
      [output, '2024-01', 'cumulative', '5'],
      [output, '2024-02', 'cumulative', '12'],
      [output, '2024-03', 'cumulative', '20.5'],
    ]);
    const { engine, gaps } = total([a, b]);
    expect(engine.periodFigure(output, 2024, 3).value).toBe('81.1'); // 60.6 + 20.5
    expect(engine.monthFigure(output, 2024, 3).value).toBe('38.8'); // 30.3 + 8.5
    expect(gaps.size).toBe(0);
  });

  it('sums stocks at period end, never over months', () => {
    const a = unit(1, '甲镇', [
      [firms, '2024-02', 'month', '40'],
      [firms, '2024-03', 'month', '42'],
    ]);
    const b = unit(2, '乙园区', [
      [firms, '2024-02', 'month', '7'],
      [firms, '2024-03', 'month', '8'],
    ]);
    expect(total([a, b]).engine.periodFigure(firms, 2024, 3).value).toBe('50');
  });

  it('recomputes a ratio from the summed components (Σ分子 / Σ分母), never the mean of the units’ rates', () => {
    // 甲: 9/10 = 90%; 乙: 1/2 = 50%. Mean of rates would be 70%; the county rate is 10/12.
    const a = unit(1, '甲镇', [...months(found, 2024, ['10', '0', '0']), ...months(fixed, 2024, ['9', '0', '0'])]);
    const b = unit(2, '乙园区', [...months(found, 2024, ['2', '0', '0']), ...months(fixed, 2024, ['1', '0', '0'])]);
    const value = total([a, b]).engine.periodFigure(rate, 2024, 3).value ?? '';
    expect(Number(value)).toBeCloseTo((10 / 12) * 100, 10);
    expect(value.startsWith('83.33333')).toBe(true);
  });

  it('leaves a ratio without components empty rather than averaging it', () => {
    const a = unit(1, '甲镇', [[bare, '2024-03', 'month', '12']]);
    const b = unit(2, '乙园区', [[bare, '2024-03', 'month', '8']]);
    expect(total([a, b]).engine.periodFigure(bare, 2024, 3).value).toBeNull();
  });

  it('keeps a total unknown when one unit misses a month, and names the unit', () => {
    const a = unit(1, '甲镇', months(output, 2024, ['1', '2', '3']));
    const b = unit(2, '乙园区', [
      [output, '2024-01', 'month', '1'],
      [output, '2024-03', 'month', '3'],
    ]);
    const { engine, gaps } = total([a, b]);
    expect(engine.periodFigure(output, 2024, 3).value).toBeNull();
    expect(gaps.get(output.id)).toEqual([{ unitId: 2, name: '乙园区', remark: '缺2月数据' }]);
  });

  it('computes 上年同期 on the same scope: a unit that joined this year counts only with last-year figures', () => {
    const old = unit(1, '甲镇', [...months(output, 2023, ['1', '1', '1']), ...months(output, 2024, ['2', '2', '2'])]);
    const joinedWithHistory = unit(2, '乙园区', [...months(output, 2023, ['3', '3', '3']), ...months(output, 2024, ['4', '4', '4'])]);
    const joinedWithout = unit(3, '丙片区', months(output, 2024, ['10', '10', '10']));
    const { engine } = total([old, joinedWithHistory, joinedWithout]);
    expect(engine.periodFigure(output, 2024, 3).value).toBe('48');
    expect(engine.priorFigure(output, 2024, 3).figure.value).toBe('12');
  });

  it('sums a typed 上年同期 with the other units’ last-year figures', () => {
    const a = unit(1, '甲镇', [...months(output, 2024, ['2', '2', '2']), [output, '2024-03', 'prior_cumulative', '5']]);
    const b = unit(2, '乙园区', [...months(output, 2023, ['1', '1', '1']), ...months(output, 2024, ['4', '4', '4'])]);
    expect(total([a, b]).engine.priorFigure(output, 2024, 3).figure.value).toBe('8');
  });

  it('consolidates targets only when every unit has one, and the form view of the total computes 同比 and 完成率 from the totals', () => {
    const a = unit(1, '甲镇', [...months(output, 2023, ['1', '1', '1']), ...months(output, 2024, ['2', '2', '2']), [output, '2024', 'target', '20']]);
    const b = unit(2, '乙园区', [...months(output, 2023, ['1', '1', '1']), ...months(output, 2024, ['1', '1', '1']), [output, '2024', 'target', '10']]);
    const { figures } = total([a, b]);
    const form: Form = { id: 1, code: 'T', name: '测试表', firstReturnMonth: 1, options: DEFAULT_FORM_OPTIONS };
    const view = buildFormFigures({ form, items: [{ itemId: 1, type: 'indicator', indicator: output, depth: 0 }], indicators: catalog, unitId: 9, period: '2024-03', figures });
    const cells = view.rows[0]?.cells;
    expect(cells?.cumulative?.value).toBe('9');
    expect(cells?.prior_cumulative?.value).toBe('6');
    expect(cells?.growth?.display).toBe('50.0');
    expect(cells?.target?.value).toBe('30');
    expect(cells?.completion?.display).toBe('30.0');
    const withoutTarget = total([a, unit(2, '乙园区', months(output, 2024, ['1', '1', '1']))]).figures;
    expect(withoutTarget.get(output.id, '2024', 'target')).toBeNull();
  });
});
