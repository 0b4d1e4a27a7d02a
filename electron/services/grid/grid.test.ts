import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
  const stored = (code: string, period: string, field: string): string | null =>
    (db().prepare('SELECT value FROM cell_values WHERE indicator_id = ? AND period = ? AND field = ?').get(id(code), period, field) as { value: string } | undefined)
      ?.value ?? null;

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
      expect(feb.cells.month).toMatchObject({ value: '200.5', origin: 'typed', editable: true });
      expect(feb.cells.cumulative).toMatchObject({ value: '300.5', display: '300.5', origin: 'derived', editable: true });
      // Only what was typed is stored.
      expect(stored('A03', '2024-02', 'cumulative')).toBeNull();

      const year = await host.call('grid:yearView', { formId, unitId, year: 2024, mode: 'cumulative' });
      const months = year.rows.find((r) => r.code === 'A03')?.months.map((c) => c.value);
      expect(months?.slice(0, 3)).toEqual(['100', '300.5', null]);
    });

    it('derives 本月 from the 1-N月累计 a clerk types (cumulative-basis flow)', async () => {
      await save([change('A01', '2024-01', 'cumulative', '1000'), change('A01', '2024-02', 'cumulative', '2500')]);
      const feb = row(await view('2024-02'), 'A01');
      expect(feb.cells.cumulative).toMatchObject({ value: '2500', origin: 'typed' });
      expect(feb.cells.month).toMatchObject({ value: '1500', origin: 'derived' });
      expect(stored('A01', '2024-02', 'month')).toBeNull();

      // A gap in the cumulative series: 本月 of April cannot be derived, and the cell says why.
      await save([change('A01', '2024-04', 'cumulative', '5000')]);
      const april = row(await view('2024-04'), 'A01');
      expect(april.cells.month?.value).toBeNull();
      expect(april.cells.month?.remark).toContain('上月累计未填');
    });

    it('converts a figure typed on the other basis into the stored one', async () => {
      await save([change('A03', '2024-01', 'month', '100'), change('A03', '2024-02', 'month', '200.5')]);
      await save([change('A03', '2024-03', 'cumulative', '700.5')]);
      expect(stored('A03', '2024-03', 'month')).toBe('400');
      expect(stored('A03', '2024-03', 'cumulative')).toBeNull();
      expect(row(await view('2024-03'), 'A03').cells.cumulative?.value).toBe('700.5');

      await save([change('A01', '2024-01', 'cumulative', '1000'), change('A01', '2024-02', 'cumulative', '2500')]);
      await save([change('A01', '2024-03', 'month', '600')]);
      expect(stored('A01', '2024-03', 'cumulative')).toBe('3100');
      expect(stored('A01', '2024-03', 'month')).toBeNull();
      expect(row(await view('2024-03'), 'A01').cells.month).toMatchObject({ value: '600', origin: 'derived' });
    });

    it('refuses 本月 for a cumulative-basis indicator when last month’s 累计 is missing', async () => {
      await save([change('A01', '2024-01', 'cumulative', '1000')]);
      const message = await host.refusal('values:set', { unitId, source: 'edit', changes: [change('A01', '2024-03', 'month', '600')] });
      expect(message).toContain('上月累计未填');
      expect(stored('A01', '2024-03', 'cumulative')).toBeNull();
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
      expect(a01.cells.prior_cumulative).toMatchObject({ value: '815000', origin: 'typed' });
      expect(a01.cells.growth).toMatchObject({ display: '5.9', origin: 'computed', editable: false });
      expect(Number(a01.cells.growth?.value)).toBeCloseTo(5.9264, 3);
    });

    it('takes 上年同期 from last year’s stored figures when none is typed, and prefers a typed one', async () => {
      await save([change('A01', '2022-11', 'cumulative', '815000'), change('A01', '2023-11', 'cumulative', '863300')]);
      let a01 = row(await view('2023-11'), 'A01');
      expect(a01.cells.prior_cumulative).toMatchObject({ value: '815000', origin: 'derived' });
      expect(a01.cells.prior_cumulative?.remark).toContain('2022');
      expect(a01.cells.growth?.display).toBe('5.9');

      // Month-basis indicator: last year's months are summed into 上年同期累计.
      await save([change('A03', '2022-01', 'month', '40'), change('A03', '2022-02', 'month', '60'), change('A03', '2023-01', 'month', '50'), change('A03', '2023-02', 'month', '70')]);
      const a03 = row(await view('2023-02'), 'A03');
      expect(a03.cells.prior_cumulative?.value).toBe('100');
      expect(a03.cells.growth?.display).toBe('20.0');

      await save([change('A01', '2023-11', 'prior_cumulative', '800000')]);
      a01 = row(await view('2023-11'), 'A01');
      expect(a01.cells.prior_cumulative).toMatchObject({ value: '800000', origin: 'typed' });
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
      expect(nov.cells.completion).toMatchObject({ display: '91.8', origin: 'computed', editable: false });
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
      expect(undo.description).toContain('编辑 1 个单元格');
      expect(stored('A03', '2024-01', 'month')).toBeNull();
    });

    it('rolls back cells already converted when a later one cannot be', async () => {
      const before = storedRows();
      const message = await host.refusal('values:set', {
        unitId,
        source: 'paste',
        changes: [change('A03', '2024-01', 'month', '1'), change('A01', '2024-01', 'cumulative', '10'), change('A01', '2024-05', 'month', '3')],
      });
      expect(message).toContain('上月累计未填');
      expect(storedRows()).toEqual(before);
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
    db().prepare('UPDATE forms SET first_return_month = 2 WHERE id = ?').run(formId);
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
    db().prepare('UPDATE forms SET first_return_month = 2 WHERE id = ?').run(formId);
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
});
