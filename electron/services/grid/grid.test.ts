import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IndicatorFields } from '../../../shared/api/catalog-api.js';
import { type CellChange } from '../../../shared/api/grid-api.js';
import { type FormView, type FormViewRow } from '../../../shared/domain/grid.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

/** Starter-form codes used below: A01 产值 (flow, typed as 累计), A03 收入 (flow, typed as 本月), C01 高企数 (stock). */
describe('entry grid on a real workbook', () => {
  let host: TestHost;
  let formId: number;
  let unitId: number;
  const ids = new Map<string, number>();

  const id = (code: string): number => {
    const found = ids.get(code);
    if (found === undefined) throw new Error(`no indicator ${code}`);
    return found;
  };
  const change = (code: string, period: string, field: CellChange['field'], value: string | null): CellChange => ({
    indicatorId: id(code),
    period,
    field,
    value,
  });
  const save = (changes: CellChange[], source: 'edit' | 'paste' | 'clear' = 'edit') => host.call('values:set', { unitId, changes, source });
  const view = (period: string): Promise<FormView> => host.call('grid:formView', { formId, unitId, period });
  const row = (v: FormView, code: string): FormViewRow => {
    const found = v.rows.find((r) => r.code === code);
    if (!found) throw new Error(`row ${code} missing`);
    return found;
  };
  const db = () => {
    const session = host.ctx.session;
    if (!session) throw new Error('no workbook open');
    return session.db;
  };
  /** Every stored figure, as the file holds it. */
  const storedRows = () => db().prepare('SELECT indicator_id, period, field, value FROM cell_values ORDER BY 1, 2, 3').all();
  const storedOf = (indicatorId: number, period: string, field: string, unit = unitId): string | null =>
    (
      db().prepare('SELECT value FROM cell_values WHERE unit_id = ? AND indicator_id = ? AND period = ? AND field = ?').get(unit, indicatorId, period, field) as
        | { value: string }
        | undefined
    )?.value ?? null;
  const stored = (code: string, period: string, field: string): string | null => storedOf(id(code), period, field);
  /** Adds an indicator at the end of the form; returns its id. */
  const addIndicator = async (fields: Partial<IndicatorFields> & Pick<IndicatorFields, 'code' | 'name' | 'kind'>): Promise<number> => {
    const catalog = await host.call('catalog:addIndicator', {
      formId,
      afterItemId: null,
      fields: { unit: '', decimals: 1, entryBasis: 'month', parentId: null, growthBasis: 'nominal', ...fields },
    });
    const item = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === fields.code);
    if (item?.type !== 'indicator') throw new Error(`indicator ${fields.code} not added`);
    return item.indicator.id;
  };

  /** Sets the form's first return (1月 or 1-2月) as the form properties dialog does. */
  const setFormFirstReturn = async (firstReturnMonth: 1 | 2) => {
    const catalog = await host.call('catalog:get', { formId });
    await host.call('forms:update', { formId, name: catalog.form.name, firstReturnMonth, options: catalog.form.options });
  };

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'grid' });
    const catalog = await host.call('catalog:get', {});
    formId = catalog.form.id;
    for (const item of catalog.items) if (item.type === 'indicator') ids.set(item.indicator.code, item.indicator.id);
    unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
  });
  afterEach(() => host.dispose());

  describe('本月 ↔ 累计', () => {
    it('derives 累计 from the 本月 a clerk types (month-basis flow)', async () => {
      await save([change('A03', '2024-01', 'month', '100'), change('A03', '2024-02', 'month', '200.5')]);
      const feb = row(await view('2024-02'), 'A03');
      expect(feb.cells.month).toMatchObject({ value: '200.5', state: 'typed', editable: true });
      expect(feb.cells.cumulative).toMatchObject({ value: '300.5', display: '300.5', state: 'derived', editable: true });
      // Only what was typed is stored.
      expect(stored('A03', '2024-02', 'cumulative')).toBeNull();

      const year = await host.call('grid:yearView', { formId, unitId, year: 2024, mode: 'cumulative' });
      const months = year.rows.find((r) => r.code === 'A03')?.months.map((c) => c.value);
      expect(months?.slice(0, 3)).toEqual(['100', '300.5', null]);
    });

    it('derives 本月 from the 1-N月累计 a clerk types (cumulative-basis flow)', async () => {
      await save([change('A01', '2024-01', 'cumulative', '1000'), change('A01', '2024-02', 'cumulative', '2500')]);
      const feb = row(await view('2024-02'), 'A01');
      expect(feb.cells.cumulative).toMatchObject({ value: '2500', state: 'typed' });
      expect(feb.cells.month).toMatchObject({ value: '1500', state: 'derived' });
      expect(stored('A01', '2024-02', 'month')).toBeNull();

      // A gap in the cumulative series: 本月 of April cannot be derived (the figure model marks why).
      await save([change('A01', '2024-04', 'cumulative', '5000')]);
      expect(row(await view('2024-04'), 'A01').cells.month?.value).toBeNull();
    });

    it('stores a figure in the field it was typed in: 本月 and 累计 typed on one row are both kept', async () => {
      await save([change('A03', '2024-01', 'month', '100'), change('A03', '2024-02', 'month', '200.5')]);
      await save([change('A03', '2024-03', 'cumulative', '700.5')]);
      expect(stored('A03', '2024-03', 'cumulative')).toBe('700.5');
      expect(stored('A03', '2024-03', 'month')).toBeNull();

      // The case: 本月 300, then a 累计 that disagrees. Nothing is overwritten.
      await save([change('A03', '2024-03', 'month', '300')]);
      expect(stored('A03', '2024-03', 'month')).toBe('300');
      expect(stored('A03', '2024-03', 'cumulative')).toBe('700.5');

      await save([change('A01', '2024-03', 'month', '600'), change('A01', '2024-03', 'cumulative', '900')]);
      expect(stored('A01', '2024-03', 'month')).toBe('600');
      expect(stored('A01', '2024-03', 'cumulative')).toBe('900');
    });

    it('stores a 本月 typed for a cumulative-basis indicator even when last month’s 累计 is missing', async () => {
      await save([change('A01', '2024-01', 'cumulative', '1000')]);
      await save([change('A01', '2024-03', 'month', '600')]);
      expect(stored('A01', '2024-03', 'month')).toBe('600');
      expect(stored('A01', '2024-03', 'cumulative')).toBeNull();
    });

    it('stores a 累计 typed for a stock or a ratio as its 本月: one figure per period', async () => {
      const ratio = await addIndicator({ code: 'E01', name: '产销率', unit: '%', decimals: 1, kind: 'ratio' });
      await save([change('C01', '2024-02', 'cumulative', '97'), { indicatorId: ratio, period: '2024-02', field: 'cumulative', value: '98.50' }]);
      expect(stored('C01', '2024-02', 'month')).toBe('97');
      expect(stored('C01', '2024-02', 'cumulative')).toBeNull();
      expect(storedOf(ratio, '2024-02', 'month')).toBe('98.5');
      expect(storedOf(ratio, '2024-02', 'cumulative')).toBeNull();
    });

    it('refuses 本月 and 累计 of a ratio computed from a numerator and a denominator', async () => {
      const ratio = await addIndicator({ code: 'D04', name: '隐患整改率', unit: '%', decimals: 1, kind: 'ratio', numeratorId: id('D03'), denominatorId: id('D02') });
      for (const field of ['month', 'cumulative'] as const) {
        const message = await host.refusal('values:set', { unitId, source: 'edit', changes: [{ indicatorId: ratio, period: '2024-02', field, value: '95' }] });
        expect(message).toContain('隐患整改率');
        expect(message).toContain('由分子、分母指标计算');
      }
      // Its 上年同期 and note are still the clerk's to type.
      await save([{ indicatorId: ratio, period: '2024-02', field: 'prior_cumulative', value: '95.2' }]);
      expect(storedOf(ratio, '2024-02', 'prior_cumulative')).toBe('95.2');
      expect(storedOf(ratio, '2024-02', 'month')).toBeNull();
    });

    it('takes a typed 同比 only for an indicator whose growth basis is 可比价', async () => {
      const message = await host.refusal('values:set', { unitId, source: 'edit', changes: [change('A01', '2024-02', 'growth', '6.5')] });
      expect(message).toContain('该指标的同比由本期和上年同期计算，不能直接填写');
      expect(stored('A01', '2024-02', 'growth')).toBeNull();

      const added = await addIndicator({ code: 'A04', name: '规上工业增加值', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'cumulative', growthBasis: 'comparable' });
      await save([{ indicatorId: added, period: '2024-02', field: 'growth', value: '6.50' }, change('A01', '2024-02', 'comparable_base', '1234.0')]);
      expect(storedOf(added, '2024-02', 'growth')).toBe('6.5');
      expect(stored('A01', '2024-02', 'comparable_base')).toBe('1234');
    });

    it('stores a 年度目标 under the year and refuses other figures without a month', async () => {
      await save([change('A01', '2024-05', 'target', '940000')]);
      expect(stored('A01', '2024', 'target')).toBe('940000');
      const message = await host.refusal('values:set', { unitId, source: 'edit', changes: [change('A01', '2024', 'month', '1')] });
      expect(message).toContain('期别应为');
    });

    it('does not sum stocks over months: their 累计 column is the period-end value', async () => {
      await save([change('C01', '2024-01', 'month', '95'), change('C01', '2024-02', 'month', '97')]);
      const feb = row(await view('2024-02'), 'C01');
      expect(feb.cells.month?.value).toBe('97');
      expect(feb.cells.cumulative?.value).toBe('97');
      expect(feb.cells.cumulative?.editable).toBe(false);
    });

    it('stores amounts exactly: 0.1 + 0.2 shows 0.3', async () => {
      await save([change('A03', '2024-01', 'month', '0.1'), change('A03', '2024-02', 'month', '0.2')]);
      const cumulative = row(await view('2024-02'), 'A03').cells.cumulative;
      expect(cumulative?.value).toBe('0.3');
      expect(cumulative?.display).toBe('0.3');

      await save([change('A03', '2024-03', 'month', '123456789012.123456789')]);
      expect(stored('A03', '2024-03', 'month')).toBe('123456789012.123456789');
      expect(row(await view('2024-03'), 'A03').cells.cumulative?.value).toBe('123456789012.423456789');
    });
  });

  describe('同比 and 完成进度', () => {
    it('computes 同比 against a typed 上年同期 and shows it read-only with one decimal', async () => {
      await save([change('A01', '2023-11', 'cumulative', '863300'), change('A01', '2023-11', 'prior_cumulative', '815000')]);
      const a01 = row(await view('2023-11'), 'A01');
      expect(a01.cells.prior_cumulative).toMatchObject({ value: '815000', state: 'typed' });
      expect(a01.cells.growth).toMatchObject({ display: '5.9', state: 'computed', editable: false });
      expect(Number(a01.cells.growth?.value)).toBeCloseTo(5.9264, 3);
    });

    it('takes 上年同期 from last year’s stored figures when none is typed, and prefers a typed one', async () => {
      await save([change('A01', '2022-11', 'cumulative', '815000'), change('A01', '2023-11', 'cumulative', '863300')]);
      let a01 = row(await view('2023-11'), 'A01');
      expect(a01.cells.prior_cumulative).toMatchObject({ value: '815000', state: 'derived' });
      expect(a01.cells.prior_cumulative?.remark).toContain('2022');
      expect(a01.cells.growth?.display).toBe('5.9');

      // Month-basis indicator: last year's months are summed into 上年同期累计.
      await save([change('A03', '2022-01', 'month', '40'), change('A03', '2022-02', 'month', '60'), change('A03', '2023-01', 'month', '50'), change('A03', '2023-02', 'month', '70')]);
      const a03 = row(await view('2023-02'), 'A03');
      expect(a03.cells.prior_cumulative?.value).toBe('100');
      expect(a03.cells.growth?.display).toBe('20.0');

      await save([change('A01', '2023-11', 'prior_cumulative', '800000')]);
      a01 = row(await view('2023-11'), 'A01');
      expect(a01.cells.prior_cumulative).toMatchObject({ value: '800000', state: 'typed' });
      expect(a01.cells.growth?.display).toBe('7.9');
    });

    it('shows no 同比 without a base and a dash when last year was zero', async () => {
      await save([change('A03', '2024-01', 'month', '10')]);
      expect(row(await view('2024-01'), 'A03').cells.growth).toMatchObject({ value: null, display: '' });
      await save([change('A03', '2024-01', 'prior_cumulative', '0')]);
      expect(row(await view('2024-01'), 'A03').cells.growth?.display).toBe('—');
    });

    it('computes 完成进度 against the 年度目标, which is one figure for the whole year', async () => {
      await save([change('A01', '2023-11', 'cumulative', '863300'), change('A01', '2023-11', 'target', '940000')]);
      expect(stored('A01', '2023', 'target')).toBe('940000');
      const nov = row(await view('2023-11'), 'A01');
      expect(nov.cells.target).toMatchObject({ value: '940000', display: '940,000.0', editable: true });
      expect(nov.cells.completion).toMatchObject({ display: '91.8', state: 'computed', editable: false });
      // The same target shows in every month of 2023, and not in 2024.
      expect(row(await view('2023-03'), 'A01').cells.target?.value).toBe('940000');
      expect(row(await view('2024-03'), 'A01').cells.target?.value).toBeNull();
    });
  });

  describe('undo / redo', () => {
    it('saves a pasted block as one undo step and restores exact values', async () => {
      await save([change('A03', '2024-01', 'month', '1.10')]);
      const pasted = [
        change('A03', '2024-01', 'month', '2.25'),
        change('A03', '2024-02', 'month', '0.1'),
        change('A03', '2024-03', 'month', '0.2'),
        change('A01', '2024-01', 'cumulative', '1000'),
        change('A01', '2024-02', 'cumulative', '2000.05'),
        change('C01', '2024-01', 'month', '12'),
      ];
      const result = await save(pasted, 'paste');
      expect(result.canUndo).toBe(true);
      expect(stored('A03', '2024-01', 'month')).toBe('2.25');

      const undo = await host.call('history:undo', undefined);
      expect(undo).toMatchObject({ applied: true, canRedo: true });
      expect(undo.description).toContain('粘贴 6 个单元格');
      // One step undid the whole block, back to exactly what was there.
      expect(stored('A03', '2024-01', 'month')).toBe('1.1');
      for (const [code, period, field] of [['A03', '2024-02', 'month'], ['A03', '2024-03', 'month'], ['A01', '2024-01', 'cumulative'], ['A01', '2024-02', 'cumulative'], ['C01', '2024-01', 'month']] as const) {
        expect(stored(code, period, field)).toBeNull();
      }

      const redo = await host.call('history:redo', undefined);
      expect(redo).toMatchObject({ applied: true, canRedo: false });
      expect(stored('A03', '2024-01', 'month')).toBe('2.25');
      expect(stored('A01', '2024-02', 'cumulative')).toBe('2000.05');
      expect(row(await view('2024-03'), 'A03').cells.cumulative?.value).toBe('2.55');

      // The single edit before the paste is its own step.
      await host.call('history:undo', undefined);
      await host.call('history:undo', undefined);
      expect(stored('A03', '2024-01', 'month')).toBeNull();
      expect(await host.call('history:undo', undefined)).toMatchObject({ applied: false, canUndo: false });
    });

    it('a new edit after an undo clears redo', async () => {
      await save([change('A03', '2024-01', 'month', '5')]);
      await host.call('history:undo', undefined);
      const result = await save([change('A03', '2024-01', 'month', '6')]);
      expect(result.canRedo).toBe(false);
      expect(await host.call('history:redo', undefined)).toMatchObject({ applied: false });
      expect(stored('A03', '2024-01', 'month')).toBe('6');
    });

    it('logs every change with old and new value and source, one batch per step', async () => {
      await save([change('A03', '2024-01', 'month', '5')]);
      await save([change('A03', '2024-01', 'month', '7'), change('A03', '2024-02', 'month', '8')], 'paste');
      const log = db().prepare('SELECT batch_id, old_value, new_value, source FROM change_log ORDER BY id').all();
      expect(log).toEqual([
        { batch_id: 1, old_value: null, new_value: '5', source: 'edit' },
        { batch_id: 2, old_value: '5', new_value: '7', source: 'paste' },
        { batch_id: 2, old_value: null, new_value: '8', source: 'paste' },
      ]);
    });
  });

  describe('a bad cell in a pasted block', () => {
    it('refuses the whole block in Chinese, naming the cell, and changes nothing', async () => {
      await save([change('A03', '2024-01', 'month', '100')]);
      const before = storedRows();
      const logBefore = db().prepare('SELECT count(*) AS n FROM change_log').get();
      const eventsBefore = host.events.length;

      const message = await host.refusal('values:set', {
        unitId,
        source: 'paste',
        changes: [
          change('A03', '2024-01', 'month', '999'),
          change('A03', '2024-02', 'month', '200'),
          change('A01', '2024-01', 'cumulative', '12abc'),
          change('A01', '2024-02', 'cumulative', '300'),
        ],
      });
      expect(message).toContain('规模以上工业总产值');
      expect(message).toContain('12abc');
      expect(message).toContain('未保存任何修改');
      expect(storedRows()).toEqual(before);
      expect(db().prepare('SELECT count(*) AS n FROM change_log').get()).toEqual(logBefore);
      expect(host.events.length).toBe(eventsBefore);

      // Undo still undoes the last good edit, not a phantom paste.
      const undo = await host.call('history:undo', undefined);
      expect(undo.description).toBe('已撤销：2024年1月 一般公共预算收入 本月 100 → 空');
      expect(stored('A03', '2024-01', 'month')).toBeNull();
    });

    it('rolls back cells already written when a later one is refused', async () => {
      const before = storedRows();
      const message = await host.refusal('values:set', {
        unitId,
        source: 'paste',
        changes: [change('A03', '2024-01', 'month', '1'), change('A01', '2024-01', 'cumulative', '10'), change('A01', '2024-05', 'growth', '3')],
      });
      expect(message).toContain('不能直接填写');
      expect(storedRows()).toEqual(before);
      expect(db().prepare('SELECT count(*) AS n FROM change_log').get()).toEqual({ n: 0 });
    });

    it('refuses a malformed request before any handler runs', async () => {
      expect(await host.refusal('values:set', { unitId, source: 'paste', changes: [change('A03', '2024-13', 'month', '1')] })).toMatch(/请求内容不正确/);
      expect(await host.refusal('values:set', { unitId, source: 'paste', changes: [] })).toMatch(/请求内容不正确/);
      expect(storedRows()).toEqual([]);
    });

    it('emits workbook:saved after a good save', async () => {
      await save([change('A03', '2024-01', 'month', '1')]);
      expect(host.events.at(-1)?.event).toBe('workbook:saved');
    });
  });

  it('marks January not open for a form whose first return is 1-2月', async () => {
    await setFormFirstReturn(2);
    const january = await view('2024-01');
    expect(january.periodOpen).toBe(false);
    expect(january.periodMessage).toContain('1-2月');
    const a03 = row(january, 'A03');
    expect(a03.cells.month?.editable).toBe(false);
    expect(a03.cells.cumulative?.editable).toBe(false);
    expect(a03.cells.note?.editable).toBe(false);

    const february = await view('2024-02');
    expect(february.periodOpen).toBe(true);
    expect(february.cumulativeLabel).toBe('1-2月');
    expect(row(february, 'A03').cells.month?.editable).toBe(true);

    const year = await host.call('grid:yearView', { formId, unitId, year: 2024, mode: 'month' });
    const months = year.rows.find((r) => r.code === 'A03')?.months;
    expect(months?.[0]?.editable).toBe(false);
    expect(months?.[1]?.editable).toBe(true);
  });

  it('refuses January figures of a form whose first return is 1-2月, writing nothing', async () => {
    await setFormFirstReturn(2);
    const indicatorId = row(await view('2024-02'), 'A03').indicatorId ?? 0;
    const message = await host.refusal('values:set', {
      unitId,
      source: 'paste',
      changes: [
        { indicatorId, period: '2024-02', field: 'month', value: '5' },
        { indicatorId, period: '2024-01', field: 'month', value: '3' },
      ],
    });
    expect(message).toContain('1月不单独填报');
    expect(row(await view('2024-02'), 'A03').cells.month?.value ?? null).toBeNull();
  });

  it('lets an indicator’s own first return override its form’s', async () => {
    const january = (code: string) => host.refusal('values:set', { unitId, source: 'edit', changes: [change(code, '2024-01', 'month', '1')] });
    const setIndicatorFirstReturn = async (code: string, firstReturnMonth: 1 | 2 | null) => {
      const catalog = await host.call('catalog:get', { formId });
      const item = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === code);
      if (item?.type !== 'indicator') throw new Error(code);
      await host.call('catalog:updateIndicator', { formId, indicatorId: item.indicator.id, fields: { ...item.indicator, firstReturnMonth } });
    };
    // The form starts at 1月; A03 alone starts at 1-2月.
    await save([change('B01', '2024-01', 'month', '1')]);
    await setIndicatorFirstReturn('A03', 2);
    expect(await january('A03')).toContain('1月不单独填报');
    // The form starts at 1-2月; A01 says 1月 for itself, B01 follows the form.
    await setFormFirstReturn(2);
    await setIndicatorFirstReturn('A01', 1);
    await save([change('A01', '2024-01', 'cumulative', '10')]);
    expect(stored('A01', '2024-01', 'cumulative')).toBe('10');
    expect(await january('B01')).toContain('1月不单独填报');
    expect(await january('A03')).toContain('1月不单独填报');
    // Back to a form starting at 1月 (the cached rule follows the form's change).
    await setFormFirstReturn(1);
    await save([change('B01', '2024-01', 'month', '2')]);
    expect(stored('B01', '2024-01', 'month')).toBe('2');
  });

  describe('a save that answers with the grid’s view', () => {
    it('returns the form view as saved, equal to grid:formView read afterwards', async () => {
      await save([change('A03', '2024-01', 'month', '100')]);
      const result = await host.call('values:set', { unitId, changes: [change('A03', '2024-02', 'month', '200.5')], source: 'edit', view: { formId, period: '2024-02' } });
      expect(result).toMatchObject({ canUndo: true, canRedo: false });
      // The repaint shows the figure just typed and what follows from it.
      expect(row(result.view as FormView, 'A03').cells.month).toMatchObject({ value: '200.5', display: '200.5', state: 'typed' });
      expect(row(result.view as FormView, 'A03').cells.cumulative).toMatchObject({ value: '300.5', state: 'derived' });
      expect(result.view).toEqual(await view('2024-02'));
    });

    it('leaves the view out unless asked, and a refused save changes nothing', async () => {
      const plain = await save([change('A03', '2024-03', 'month', '7')]);
      expect('view' in plain).toBe(false);
      const before = storedRows();
      const message = await host.refusal('values:set', { unitId, changes: [change('A03', '2024-03', 'month', '12abc')], source: 'edit', view: { formId, period: '2024-03' } });
      expect(message).toContain('“12abc”不是有效的数值');
      expect(storedRows()).toEqual(before);
    });

    it('is one undo step like any save', async () => {
      await host.call('values:set', { unitId, changes: [change('A03', '2024-04', 'month', '50')], source: 'edit', view: { formId, period: '2024-04' } });
      await host.call('history:undo', undefined);
      expect(stored('A03', '2024-04', 'month')).toBeNull();
    });
  });

  describe('undo / redo', () => {
    const undo = () => host.call('history:undo', undefined);
    const redo = () => host.call('history:redo', undefined);
    const session = () => {
      if (!host.ctx.session) throw new Error('no workbook open');
      return host.ctx.session;
    };
    const logRows = () => (db().prepare('SELECT count(*) AS n FROM temp.undo_log').get() as { n: number }).n;

    it('undoes a paste that writes one stored cell twice back to the original', async () => {
      await save([change('C01', '2024-02', 'month', '40'), change('A03', '2024-02', 'month', '7')]);
      // A stock's 累计 is its 本月: the block writes C01 2024-02 month twice, and A03 twice outright.
      await save(
        [change('C01', '2024-02', 'month', '41'), change('C01', '2024-02', 'cumulative', '42'), change('A03', '2024-02', 'month', '8'), change('A03', '2024-02', 'month', '9')],
        'paste',
      );
      expect(stored('C01', '2024-02', 'month')).toBe('42');
      expect(stored('A03', '2024-02', 'month')).toBe('9');
      await undo();
      expect(stored('C01', '2024-02', 'month')).toBe('40');
      expect(stored('A03', '2024-02', 'month')).toBe('7');
      await redo();
      expect(stored('C01', '2024-02', 'month')).toBe('42');
      expect(stored('A03', '2024-02', 'month')).toBe('9');
    });

    it('says what was undone in full and where: one cell, a block, a target, another unit', async () => {
      await save([change('A01', '2023-03', 'month', '300')]);
      expect(await undo()).toMatchObject({ applied: true, description: '已撤销：2023年3月 规模以上工业总产值 本月 300 → 空', unitId, period: '2023-03' });
      expect(await redo()).toMatchObject({ applied: true, description: '已恢复：2023年3月 规模以上工业总产值 本月 空 → 300', unitId, period: '2023-03' });

      await save([change('A03', '2023-01', 'month', '1'), change('A03', '2023-02', 'month', '2'), change('A03', '2023-03', 'month', '3')], 'paste');
      expect(await undo()).toMatchObject({ description: '已撤销：粘贴 3 个单元格（2023年1月至2023年3月）', unitId, period: '2023-01' });
      await redo();
      await save([change('A01', '2023-06', 'target', '940000')]);
      expect(await undo()).toMatchObject({ description: '已撤销：2023年 规模以上工业总产值 年度目标 940000 → 空', period: '2023' });

      // With several units the unit is named, and the page is told which one to show.
      const units = await host.call('units:add', { code: '002', name: '城关镇', parentId: null });
      const town = units.find((u) => u.code === '002')?.id ?? 0;
      await host.call('values:set', { unitId: town, source: 'edit', changes: [change('A03', '2023-11', 'month', '50')] });
      await host.call('values:set', { unitId: town, source: 'paste', changes: [change('A03', '2023-11', 'month', '51'), change('A03', '2023-11', 'note', '含退税')] });
      expect(await undo()).toMatchObject({ description: '已撤销：粘贴 2 个单元格（城关镇 2023年11月）', unitId: town, period: '2023-11' });
      expect(await undo()).toMatchObject({ description: '已撤销：城关镇 2023年11月 一般公共预算收入 本月 50 → 空', unitId: town, period: '2023-11' });
      // A step that changed no figure: no place to show.
      expect(await undo()).toMatchObject({ description: '已撤销：添加填报单位“城关镇”', unitId: null, period: null });
    });

    it('logs undo and redo in change_log under the step’s batch, with source and OS user, and emits workbook:saved', async () => {
      const saved = await save([change('A03', '2024-01', 'month', '5')]);
      const events = host.events.length;
      await undo();
      expect(host.events.slice(events).map((e) => e.event)).toEqual(['workbook:saved']);
      await redo();
      expect(host.events.slice(events).map((e) => e.event)).toEqual(['workbook:saved', 'workbook:saved']);
      const log = db().prepare('SELECT batch_id, old_value, new_value, source, user FROM change_log ORDER BY id').all();
      const user = session().user;
      expect(user).not.toBe('');
      expect(log).toEqual([
        { batch_id: saved.batchId, old_value: null, new_value: '5', source: 'edit', user },
        { batch_id: saved.batchId, old_value: '5', new_value: null, source: 'undo', user },
        { batch_id: saved.batchId, old_value: null, new_value: '5', source: 'redo', user },
      ]);
    });

    it('a failed undo changes neither the workbook nor the undo and redo stacks', async () => {
      await save([change('A03', '2024-01', 'month', '5')]);
      await save([change('A03', '2024-01', 'month', '6')]);
      const before = { rows: storedRows(), log: db().prepare('SELECT * FROM change_log').all(), undoLog: logRows(), events: host.events.length };
      // Any statement of the undo failing, as a full disk would make it fail.
      db().exec("CREATE TEMP TRIGGER refuse_update BEFORE UPDATE ON main.cell_values BEGIN SELECT RAISE(ABORT, 'disk I/O simulated'); END;");
      const message = await host.refusal('history:undo', undefined);
      expect(message).toMatch(/^操作未完成/);
      expect(storedRows()).toEqual(before.rows);
      expect(db().prepare('SELECT * FROM change_log').all()).toEqual(before.log);
      expect(logRows()).toBe(before.undoLog);
      expect(host.events.length).toBe(before.events);
      expect(session().history).toMatchObject({ canUndo: true, canRedo: false, undoDepth: 2 });
      // Nothing was lost: once the cause is gone, the same step undoes, then the one before.
      db().exec('DROP TRIGGER temp.refuse_update');
      expect(await undo()).toMatchObject({ applied: true, description: '已撤销：2024年1月 一般公共预算收入 本月 6 → 5' });
      expect(await undo()).toMatchObject({ applied: true, description: '已撤销：2024年1月 一般公共预算收入 本月 5 → 空' });
    });

    it('a failure at commit (a foreign key checked at the end) leaves the stacks as they were too', async () => {
      await save([change('A03', '2024-01', 'month', '5')]);
      await save([change('A03', '2024-01', 'month', null)], 'clear');
      // A write around the pipeline removes the unit the undo would write its figure back into.
      const unitRow = db().prepare('SELECT * FROM reporting_units WHERE id = ?').get(unitId) as Record<string, unknown>;
      db().prepare('DELETE FROM reporting_units WHERE id = ?').run(unitId);
      expect(await host.refusal('history:undo', undefined)).toMatch(/^操作未完成/);
      expect(storedRows()).toEqual([]);
      expect(session().history).toMatchObject({ canUndo: true, canRedo: false, undoDepth: 2 });
      db().prepare('INSERT INTO reporting_units (id, code, name, parent_id, sort_order) VALUES (@id, @code, @name, @parent_id, @sort_order)').run(unitRow);
      expect(await undo()).toMatchObject({ applied: true, description: '已撤销：2024年1月 一般公共预算收入 本月 空 → 5' });
      expect(session().history).toMatchObject({ canUndo: true, canRedo: true, undoDepth: 1 });
    });

    it('a full disk during undo is explained in Chinese and leaves everything as it was', async () => {
      const changes = Array.from({ length: 400 }, (_, i) => change('A03', `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, 'note', `说明${'很长'.repeat(40)}${i}`));
      await save(changes, 'paste');
      const before = storedRows();
      // The file may not grow: the undo's change_log rows need new pages.
      const pages = Number(db().pragma('page_count', { simple: true }));
      db().pragma(`max_page_count = ${pages}`);
      const message = await host.refusal('history:undo', undefined);
      db().pragma('max_page_count = 1073741823');
      expect(message).toContain('磁盘空间不足');
      expect(message).toContain('工作簿和撤销记录都没有改变');
      expect(storedRows()).toEqual(before);
      expect(session().history).toMatchObject({ canUndo: true, canRedo: false });
      await undo();
      expect(storedRows()).toEqual([]);
    });

    it('keeps at most 500 steps and frees the log rows of dropped and cleared steps', async () => {
      for (let i = 0; i < 503; i += 1) await save([change('A03', '2024-01', 'month', String(i))]);
      expect(session().history.undoDepth).toBe(500);
      // One inverse statement per single-cell step, none for the three dropped steps.
      expect(logRows()).toBe(500);
      await undo();
      await undo();
      expect(logRows()).toBe(500);
      await save([change('A03', '2024-02', 'month', '1')]);
      // The two redo steps were cleared with their rows.
      expect(logRows()).toBe(499);
      expect(session().history).toMatchObject({ canRedo: false, undoDepth: 499 });
    });
  });
});
