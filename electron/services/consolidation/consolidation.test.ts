import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IndicatorFields } from '../../../shared/api/catalog-api.js';
import { type CellChange } from '../../../shared/api/grid-api.js';
import { type ReportingUnit } from '../../../shared/domain/catalog.js';
import { type FormView } from '../../../shared/domain/grid.js';
import { consolidateUnits } from '../../../shared/figures/consolidate.js';
import { buildFormFigures } from '../../../shared/figures/form-figures.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { formItems, getForm, indicatorsById } from '../catalog/indicator-repo.js';
import { StoredFigures } from '../grid/stored-figures.js';
import { consolidatedFigures } from './consolidated-figures.js';

describe('unit hierarchy, 汇总 and the comparison view on a real workbook', () => {
  let host: TestHost;
  let formId: number;
  let county: ReportingUnit;
  const ids = new Map<string, number>();
  const id = (code: string): number => ids.get(code) ?? Number.NaN;
  const db = () => {
    const session = host.ctx.session;
    if (!session) throw new Error('no workbook open');
    return session.db;
  };

  const addIndicator = async (fields: Partial<IndicatorFields> & Pick<IndicatorFields, 'code' | 'name' | 'kind'>): Promise<void> => {
    const catalog = await host.call('catalog:addIndicator', {
      formId,
      afterItemId: null,
      fields: { unit: '万元', decimals: 1, entryBasis: 'month', parentId: null, growthBasis: 'nominal', ...fields },
    });
    const item = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === fields.code);
    if (item?.type === 'indicator') ids.set(fields.code, item.indicator.id);
  };
  const addUnit = async (code: string, name: string, parent: number | null, joinedPeriod: string | null = null): Promise<number> => {
    const units = await host.call('units:add', { code, name, parentId: parent, joinedPeriod });
    return units.find((u) => u.code === code)?.id ?? Number.NaN;
  };
  const put = (unitId: number, changes: Array<[code: string, period: string, field: CellChange['field'], value: string]>) =>
    host.call('values:set', { unitId, source: 'edit', changes: changes.map(([code, period, field, value]) => ({ indicatorId: id(code), period, field, value })) });
  /** 本月 of a flow for months 1..n of a year. */
  const monthly = (code: string, year: number, values: string[]): Array<[string, string, CellChange['field'], string]> =>
    values.map((v, k) => [code, `${year}-${String(k + 1).padStart(2, '0')}`, 'month', v]);
  const cell = (view: FormView, code: string, column: 'month' | 'cumulative' | 'prior_cumulative' | 'growth' | 'target' | 'completion') =>
    view.rows.find((r) => r.code === code)?.cells[column];

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'units.statbench', starterCatalog: false });
    const catalog = await host.call('catalog:get', {});
    formId = catalog.form.id;
    const [root] = await host.call('units:list', undefined);
    if (!root) throw new Error('no unit');
    county = root;
    await addIndicator({ code: 'A01', name: '工业产值', kind: 'flow' });
    await addIndicator({ code: 'A02', name: '固定资产投资', kind: 'flow', entryBasis: 'cumulative' });
    await addIndicator({ code: 'C01', name: '企业个数', kind: 'stock', unit: '家', decimals: 0 });
    await addIndicator({ code: 'S01', name: '隐患数', kind: 'flow', unit: '条', decimals: 0 });
    await addIndicator({ code: 'S02', name: '已整改数', kind: 'flow', unit: '条', decimals: 0 });
    await addIndicator({ code: 'S03', name: '整改率', kind: 'ratio', unit: '%', numeratorId: id('S02'), denominatorId: id('S01') });
  });
  afterEach(() => host.dispose());

  describe('the unit tree over time', () => {
    it('adds, renames, moves and retires units; a retired unit keeps its figures and history', async () => {
      const park = await addUnit('100', '经开区', county.id);
      const town = await addUnit('200', '城关镇', county.id);
      const area = await addUnit('110', '东片区', park);
      await put(area, monthly('A01', 2024, ['5']));
      // Move 东片区 under 城关镇 and rename it: its figures move with it.
      await host.call('units:update', { id: area, code: '210', name: '城东片区', parentId: town });
      let units = await host.call('units:list', undefined);
      expect(units.map((u) => u.name)).toEqual(['本单位', '经开区', '城关镇', '城东片区']);
      expect(units.find((u) => u.id === area)?.joinedPeriod).toBeNull();

      expect(await host.refusal('units:retire', { id: town, period: '2024-03' })).toBe('“城关镇”下还有在用的下级单位（城东片区），请先停用或改挂下级单位。');
      units = await host.call('units:retire', { id: area, period: '2024-03' });
      expect(units.find((u) => u.id === area)?.retiredPeriod).toBe('2024-03');
      expect(await host.refusal('units:update', { id: park, code: '100', name: '经开区', parentId: area })).toContain('已于2024年3月停用，不能再挂靠下级单位');
      // History stays: the figure is still there and the form view of the retired unit still reads it.
      const view = await host.call('grid:formView', { formId, unitId: area, period: '2024-01' });
      expect(cell(view, 'A01', 'month')?.value).toBe('5');
      // Undo puts it back in use; a retirement must come after joining.
      await host.call('history:undo', undefined);
      expect((await host.call('units:list', undefined)).find((u) => u.id === area)?.retiredPeriod).toBeNull();
      const late = await addUnit('300', '新区', county.id, '2024-05');
      expect(await host.refusal('units:retire', { id: late, period: '2024-05' })).toContain('停用期别须晚于加入期别');
      expect(await host.refusal('units:add', { code: '301', name: 'x', parentId: null, joinedPeriod: '2024-13' })).toContain('期别应为');
    });
  });

  describe('汇总 of a three-level tree with a retired unit and a unit that joined mid-year', () => {
    let park: number;
    let east: number;
    let west: number;
    let town: number;
    let gone: number;
    let fresh: number;
    let freshWithHistory: number;

    beforeEach(async () => {
      park = await addUnit('100', '经开区', county.id);
      east = await addUnit('110', '东片区', park);
      west = await addUnit('120', '西片区', park);
      town = await addUnit('200', '城关镇', county.id);
      gone = await addUnit('300', '老工业区', county.id);
      fresh = await addUnit('400', '高新区', county.id, '2024-04');
      freshWithHistory = await addUnit('500', '物流园', county.id, '2024-02');
      // Last year: 东片区 and 城关镇 and 物流园 (which reported elsewhere before joining).
      await put(east, [...monthly('A01', 2023, ['1', '1', '1', '1', '1', '1'])]);
      await put(town, [...monthly('A01', 2023, ['2', '2', '2', '2', '2', '2'])]);
      await put(freshWithHistory, [...monthly('A01', 2023, ['3', '3', '3', '3', '3', '3'])]);
      await put(east, [
        ...monthly('A01', 2024, ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6']),
        ['A02', '2024-06', 'cumulative', '100'],
        ['C01', '2024-05', 'month', '30'],
        ['C01', '2024-06', 'month', '31'],
        ['S01', '2024-06', 'cumulative', '10'],
        ['S02', '2024-06', 'cumulative', '9'],
      ]);
      await put(west, [
        ...monthly('A01', 2024, ['2', '2', '2', '2', '2', '2']),
        ['A02', '2024-06', 'cumulative', '50.5'],
        ['C01', '2024-06', 'month', '9'],
        ['S01', '2024-06', 'cumulative', '2'],
        ['S02', '2024-06', 'cumulative', '1'],
      ]);
      await put(town, [...monthly('A01', 2024, ['3', '3', '3', '3', '3', '3']), ['C01', '2024-06', 'month', '5']]);
      await put(gone, [...monthly('A01', 2024, ['100', '100'])]);
      await host.call('units:retire', { id: gone, period: '2024-03' });
      // 高新区 joined in April and types 1-N月累计 (its enterprises reported from January).
      await put(fresh, [
        ['A01', '2024-05', 'cumulative', '40'],
        ['A01', '2024-06', 'cumulative', '50'],
      ]);
      await put(freshWithHistory, monthly('A01', 2024, ['4', '4', '4', '4', '4', '4']));
    });

    it('sums flows and stocks of the leaves, leaves out the retired unit and says who counts in 上年同期', async () => {
      const view = await host.call('consolidation:formView', { formId, unitId: county.id, period: '2024-06' });
      // 东 8.1 + 西 12 + 城关 18 + 高新 50 + 物流 24 = 112.1; 老工业区 retired in March is not in June's scope.
      expect(cell(view, 'A01', 'cumulative')?.value).toBe('112.1');
      // 本月: 1.6 + 2 + 3 + (50 − 40) + 4
      expect(cell(view, 'A01', 'month')?.value).toBe('20.6');
      // 上年同期: 东 6 + 城关 12 + 物流园 18 (joined this year with last-year figures); 高新区 has none.
      expect(cell(view, 'A01', 'prior_cumulative')?.value).toBe('36');
      expect(cell(view, 'A02', 'cumulative')?.value).toBe('150.5');
      expect(cell(view, 'C01', 'cumulative')?.value).toBe('45');
      expect(cell(view, 'A01', 'cumulative')?.editable).toBe(false);
      expect(view.scope.unitIds.sort()).toEqual([east, west, town, fresh, freshWithHistory].sort());
      expect(view.notes).toContain('高新区于2024年4月加入，无上年数据，上年同期未计入（同比口径不含该单位）。');
      expect(view.notes).toContain('物流园于2024年2月加入，有上年数据，已计入上年同期。');
      // In February the retired unit was still in use and counts.
      const february = await host.call('consolidation:formView', { formId, unitId: county.id, period: '2024-02' });
      expect(cell(february, 'A01', 'cumulative')?.value).toBe('220.3'); // 2.3 + 4 + 6 + 200 + 8; 高新区 not yet joined
    });

    it('consolidates a middle node from its own leaves and recomputes the ratio as Σ分子/Σ分母', async () => {
      const view = await host.call('consolidation:formView', { formId, unitId: park, period: '2024-06' });
      expect(cell(view, 'A01', 'cumulative')?.value).toBe('20.1');
      expect(cell(view, 'C01', 'cumulative')?.value).toBe('40');
      // 东 9/10 (90%) and 西 1/2 (50%): the park's rate is 10/12, not the mean 70%.
      expect(cell(view, 'S03', 'cumulative')?.display).toBe('83.3');
      expect(cell(view, 'S03', 'cumulative')?.value?.startsWith('83.333')).toBe(true);
    });

    it('names the units whose gap keeps a total unknown', async () => {
      await host.call('values:set', { unitId: west, source: 'clear', changes: [{ indicatorId: id('A01'), period: '2024-03', field: 'month', value: null }] });
      const view = await host.call('consolidation:formView', { formId, unitId: park, period: '2024-06' });
      expect(cell(view, 'A01', 'cumulative')?.value).toBeNull();
      expect(cell(view, 'A01', 'cumulative')?.remark).toBe('汇总不全，缺报：西片区（缺3月数据）');
    });

    it('the comparison view: 合计 is the sum of the rows, ranks among siblings, shares of the total, 完成率 against targets', async () => {
      await put(east, [['A01', '2024', 'target', '20']]);
      await put(county.id, [['A01', '2024', 'target', '300']]);
      const view = await host.call('consolidation:compare', { formId, unitId: county.id, period: '2024-06', indicatorIds: [id('A01'), id('S03')] });
      expect(view.rows.map((r) => [r.name, r.depth, r.consolidated])).toEqual([
        ['经开区', 0, true],
        ['东片区', 1, false],
        ['西片区', 1, false],
        ['城关镇', 0, false],
        ['高新区', 0, false],
        ['物流园', 0, false],
      ]);
      const a01 = id('A01');
      const top = view.rows.filter((r) => r.depth === 0);
      const sum = top.reduce((s, r) => s + Number(r.cells[a01]?.cumulative.value), 0);
      expect(Number(view.total.cells[a01]?.cumulative.value)).toBeCloseTo(sum, 10);
      expect(view.total.cells[a01]?.cumulative.value).toBe('112.1');
      // Ranks by 累计 among siblings: 高新区 50 > 物流园 24 > 经开区 20.1 > 城关镇 18.
      expect(top.map((r) => [r.name, r.cells[a01]?.rank])).toEqual([
        ['经开区', 3],
        ['城关镇', 4],
        ['高新区', 1],
        ['物流园', 2],
      ]);
      expect(view.rows.find((r) => r.name === '东片区')?.cells[a01]?.rank).toBe(2);
      // 占全县比重 of 高新区: 50 / 112.1.
      expect(view.rows.find((r) => r.name === '高新区')?.cells[a01]?.share.display).toBe('44.6');
      expect(view.total.cells[a01]?.share.display).toBe('100.0');
      // 完成率 and the gap to 时间进度 (50.0%): 东片区 8.1 / 20 = 40.5% → 慢于时间进度9.5个百分点.
      const eastCells = view.rows.find((r) => r.name === '东片区')?.cells[a01];
      expect(eastCells?.completion.display).toBe('40.5');
      expect(eastCells?.progressGap.display).toContain('9.5');
      // The county's own target is its target (112.1 / 300 = 37.4%).
      expect(view.total.cells[a01]?.target.value).toBe('300');
      expect(view.total.cells[a01]?.completion.display).toBe('37.4');
      expect(view.timeProgress).toBe('50.0');
      // The ratio's 合计 is Σ分子/Σ分母 over every unit (9 + 1) / (10 + 2).
      expect(view.total.cells[id('S03')]?.cumulative.display).toBe('83.3');
    });

    it('gives the same totals through the SQL fast path as through each unit’s own figures', async () => {
      // Mixed entry for A01 in one unit forces the per-unit path for that indicator only.
      await put(west, [['A01', '2024-06', 'cumulative', '12']]);
      // Beyond what SQL sums exactly (7 decimals; 10 integer digits): still exact, through each unit.
      await put(east, [['A02', '2024-06', 'cumulative', '100.0000001']]);
      await put(town, [['C01', '2024-06', 'month', '1234567890']]);
      // Either side of the 7-character shortcut of the digit count: 9 characters with 7 decimals
      // are beyond it (per unit), 8 characters with 6 decimals are summed by SQL, exactly.
      await put(west, [
        ['S01', '2024-06', 'cumulative', '2.1234567'],
        ['S02', '2024-06', 'cumulative', '1.123456'],
      ]);
      const catalog = indicatorsById(db());
      const form = getForm(db(), formId);
      const items = formItems(db(), formId);
      const units = [east, west, town, fresh, freshWithHistory].map((u) => ({ id: u, name: String(u) }));
      const load = { units, indicators: [...catalog.values()], catalog, year: 2024, month: 6, lastYearThrough: 6, formFirstReturn: 1 as const };
      const fast = consolidatedFigures(db(), load).figures;
      const slow = consolidateUnits({
        ...load,
        units: units.map((u) => ({ unitId: u.id, name: u.name, figures: StoredFigures.load(db(), u.id, 2023, 2024) })),
      }).figures;
      const show = (figures: typeof fast) => buildFormFigures({ form, items, indicators: catalog, unitId: 0, period: '2024-06', figures }).rows.map((r) => Object.entries(r.cells).map(([k, c]) => [r.code, k, c?.value]));
      expect(show(fast)).toEqual(show(slow));
      expect(fast.get(id('A02'), '2024-06', 'cumulative')).toBe('150.5000001');
      expect(fast.get(id('C01'), '2024-06', 'month')).toBe('1234567930');
      expect(fast.get(id('S01'), '2024-06', 'cumulative')).toBe('12.1234567');
      expect(fast.get(id('S02'), '2024-06', 'cumulative')).toBe('10.123456');
    });

    it('saves targets of several units as one undo step, refusing a bad value with nothing saved', async () => {
      const target = (unitId: number): string | null =>
        (db().prepare("SELECT value FROM cell_values WHERE unit_id = ? AND indicator_id = ? AND period = '2024' AND field = 'target'").get(unitId, id('A01')) as { value: string } | undefined)?.value ?? null;
      expect(
        await host.refusal('targets:set', {
          year: 2024,
          source: 'paste',
          changes: [
            { unitId: east, indicatorId: id('A01'), value: '20' },
            { unitId: west, indicatorId: id('A01'), value: '三十' },
          ],
        }),
      ).toContain('不是有效的数值，未保存任何修改');
      expect(target(east)).toBeNull();
      const saved = await host.call('targets:set', {
        year: 2024,
        source: 'paste',
        changes: [
          { unitId: east, indicatorId: id('A01'), value: '20' },
          { unitId: west, indicatorId: id('A01'), value: '30.50' },
        ],
      });
      expect(saved.written).toBe(2);
      expect([target(east), target(west)]).toEqual(['20', '30.5']);
      const view = await host.call('consolidation:compare', { formId, unitId: park, period: '2024-06', indicatorIds: [id('A01')] });
      expect(view.total.cells[id('A01')]?.target.value).toBe('50.5');
      const undone = await host.call('history:undo', undefined);
      expect(undone.description).toBe('已撤销：粘贴 2 个年度目标（2 个单位 2024年）');
      expect([target(east), target(west)]).toEqual([null, null]);
    });

    it('exports the 汇总 as shown: the form export with consolidated figures', async () => {
      const result = await host.call('exports:formView', { formId, unitId: park, period: '2024-06', format: 'csv', outputPath: '经开区汇总.csv', consolidated: true });
      const text = readFileSync(result.files[0] ?? '', 'utf8');
      expect(text).toContain('经开区（汇总）');
      expect(text.split('\r\n').find((l) => l.startsWith('工业产值,A01,'))?.split(',').slice(3, 5)).toEqual(['3.6', '20.1']);
      const own = await host.call('exports:formView', { formId, unitId: park, period: '2024-06', format: 'csv', outputPath: '经开区.csv' });
      expect(readFileSync(own.files[0] ?? '', 'utf8').split('\r\n').find((l) => l.startsWith('工业产值,A01,'))?.split(',').slice(3, 5)).toEqual(['', '']);
    });

    it('exports the comparison as shown, 合计 first, to CSV and .xlsx', async () => {
      const arg = { formId, unitId: county.id, period: '2024-06', indicatorIds: [id('A01')], figures: ['cumulative', 'share', 'rank'] as const };
      const csv = await host.call('consolidation:export', { ...arg, figures: [...arg.figures], format: 'csv', outputPath: '对比.csv' });
      const lines = readFileSync(csv.files[0] ?? '', 'utf8').replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toBe('单位对比（本单位）');
      expect(lines[2]).toBe('单位,工业产值(万元) 1-6月累计,工业产值 占全县比重(%),工业产值 排名');
      expect(lines.slice(3, 6)).toEqual(['合计,112.1,100.0,', '经开区,20.1,17.9,3/4', '\u3000东片区,8.1,7.2,2/2']);
      const xlsx = await host.call('consolidation:export', { ...arg, figures: [...arg.figures], format: 'xlsx', outputPath: '对比' });
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(xlsx.files[0] ?? '');
      const sheet = book.getWorksheet('单位对比');
      const rows: unknown[][] = [];
      sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows.find((r) => r[0] === '合计')?.slice(0, 2)).toEqual(['合计', 112.1]);
    });

    it('refuses the 汇总 of a unit not in use in the period', async () => {
      expect(await host.refusal('consolidation:formView', { formId, unitId: gone, period: '2024-06' })).toBe('“老工业区”已于2024年3月停用，2024年6月没有它的汇总。请选择其他期别或单位。');
      expect(await host.refusal('consolidation:compare', { formId, unitId: fresh, period: '2024-02' })).toContain('2024年4月才加入');
    });
  });
});
