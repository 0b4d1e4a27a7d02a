import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CatalogView, type IndicatorFields } from '../../../shared/api/catalog-api.js';
import { type Indicator } from '../../../shared/domain/catalog.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

const fields = (overrides: Partial<IndicatorFields> = {}): IndicatorFields => ({
  code: 'E01',
  name: '新增市场主体',
  unit: '户',
  decimals: 0,
  kind: 'flow',
  entryBasis: 'month',
  parentId: null,
  growthBasis: 'nominal',
  numeratorId: null,
  denominatorId: null,
  projectionMethod: 'linear',
  firstReturnMonth: null,
  ...overrides,
});

/** The form as the clerk sees its rows: section titles and indicator names, in order. */
const titles = (view: CatalogView): string[] => view.items.map((i) => (i.type === 'section' ? `§${i.title}` : i.indicator.name));

describe('catalog (指标体系) and units (填报单位)', () => {
  let host: TestHost;
  let view: CatalogView;
  let formId: number;

  const indicator = (code: string, from: CatalogView = view): Indicator => {
    for (const item of from.items) if (item.type === 'indicator' && item.indicator.code === code) return item.indicator;
    throw new Error(`no indicator ${code}`);
  };
  const itemId = (label: string, from: CatalogView = view): number => {
    const found = from.items.find((i) => (i.type === 'section' ? i.title === label : i.indicator.code === label));
    if (!found) throw new Error(`no item ${label}`);
    return found.itemId;
  };

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'catalog' });
    view = await host.call('catalog:get', {});
    formId = view.form.id;
  });
  afterEach(() => host.dispose());

  describe('indicators and sections', () => {
    it('adds an indicator after a chosen row and as a 其中 item with its depth', async () => {
      view = await host.call('catalog:addIndicator', { formId, afterItemId: itemId('A03'), fields: fields() });
      const names = titles(view);
      expect(names[names.indexOf('一般公共预算收入') + 1]).toBe('新增市场主体');
      expect(indicator('E01')).toMatchObject({ unit: '户', decimals: 0, kind: 'flow', entryBasis: 'month' });

      view = await host.call('catalog:addIndicator', {
        formId,
        afterItemId: itemId('E01'),
        fields: fields({ code: 'E0101', name: '其中：企业', parentId: indicator('E01').id }),
      });
      const child = view.items.find((i) => i.type === 'indicator' && i.indicator.code === 'E0101');
      expect(child?.type === 'indicator' ? child.depth : -1).toBe(1);

      view = await host.call('catalog:addIndicator', { formId, afterItemId: null, fields: fields({ code: 'Z99', name: '表尾指标' }) });
      expect(titles(view).at(-1)).toBe('表尾指标');
    });

    it('renames an indicator and keeps its stored figures', async () => {
      const a03 = indicator('A03');
      const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
      await host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: a03.id, period: '2024-01', field: 'month', value: '88.8' }] });
      view = await host.call('catalog:updateIndicator', { formId, indicatorId: a03.id, fields: { ...a03, name: '一般公共预算收入（全口径）' } });
      expect(indicator('A03').name).toBe('一般公共预算收入（全口径）');
      const grid = await host.call('grid:formView', { formId, unitId, period: '2024-01' });
      expect(grid.rows.find((r) => r.code === 'A03')).toMatchObject({ title: '一般公共预算收入（全口径）', cells: { month: { value: '88.8' } } });
    });

    it('adds, renames and removes section titles', async () => {
      view = await host.call('catalog:addSection', { formId, afterItemId: null, title: '五、其他' });
      expect(titles(view).at(-1)).toBe('§五、其他');
      view = await host.call('catalog:renameSection', { formId, itemId: itemId('五、其他'), title: '五、补充指标' });
      expect(titles(view).at(-1)).toBe('§五、补充指标');
      view = await host.call('catalog:removeItem', { formId, itemId: itemId('五、补充指标') });
      expect(titles(view)).not.toContain('§五、补充指标');
      // A row that is an indicator is not a section title.
      expect(await host.refusal('catalog:renameSection', { formId, itemId: itemId('A01'), title: 'x' })).toMatch(/标题行已不存在/);
    });

    it('moves rows up and down, and does nothing past the ends', async () => {
      view = await host.call('catalog:moveItem', { formId, itemId: itemId('A03'), direction: -1 });
      // The row above 一般公共预算收入 is 固定资产投资's 其中 item: it moves past the whole block.
      expect(titles(view).slice(1, 6)).toEqual(['规模以上工业总产值', '一般公共预算收入', '固定资产投资', '工业投资', '制造业投资']);

      view = await host.call('catalog:moveItem', { formId, itemId: itemId('一、经济运行'), direction: -1 });
      expect(titles(view)[0]).toBe('§一、经济运行');
      // The order is stored, not just returned.
      expect(titles(await host.call('catalog:get', { formId }))).toEqual(titles(view));
    });

    it('adds a sibling after the whole block of the chosen row, never between a parent and its 其中 item', async () => {
      // 固定资产投资 (A02) has 其中 工业投资 (A0201) with 其中 制造业投资 (A020101).
      view = await host.call('catalog:addIndicator', { formId, afterItemId: itemId('A02'), fields: fields() });
      expect(titles(view).slice(2, 6)).toEqual(['固定资产投资', '工业投资', '制造业投资', '新增市场主体']);
      // A top-level row chosen from inside a block goes after that block too.
      view = await host.call('catalog:addIndicator', { formId, afterItemId: itemId('A0201'), fields: fields({ code: 'E02', name: '顶层二' }) });
      expect(titles(view).slice(2, 6)).toEqual(['固定资产投资', '工业投资', '制造业投资', '顶层二']);
      // A sibling of 工业投资 goes after 制造业投资, still under 固定资产投资.
      view = await host.call('catalog:addIndicator', { formId, afterItemId: itemId('A0201'), fields: fields({ code: 'A0202', name: '基础设施投资', parentId: indicator('A02').id }) });
      expect(titles(view).slice(2, 7)).toEqual(['固定资产投资', '工业投资', '制造业投资', '基础设施投资', '顶层二']);
    });

    it('adds a 其中 item as the last 其中 place of its parent, wherever the chosen row is', async () => {
      for (const after of ['A02', 'A03', null] as const) {
        view = await host.call('catalog:addIndicator', {
          formId,
          afterItemId: after === null ? null : itemId(after),
          fields: fields({ code: `A02${after ?? 'X'}`, name: `其中项${after ?? '表尾'}`, parentId: indicator('A02').id }),
        });
      }
      expect(titles(view).slice(2, 8)).toEqual(['固定资产投资', '工业投资', '制造业投资', '其中项A02', '其中项A03', '其中项表尾']);
      expect(view.items.slice(2, 8).map((i) => (i.type === 'indicator' ? i.depth : -1))).toEqual([0, 1, 2, 1, 1, 1]);
    });

    it('moves a row with its 其中 items, only among the rows of its level', async () => {
      // 固定资产投资 moves down past 一般公共预算收入, taking both 其中 rows along.
      view = await host.call('catalog:moveItem', { formId, itemId: itemId('A02'), direction: 1 });
      expect(titles(view).slice(1, 6)).toEqual(['规模以上工业总产值', '一般公共预算收入', '固定资产投资', '工业投资', '制造业投资']);
      // …and up again past 一般公共预算收入 as one block.
      view = await host.call('catalog:moveItem', { formId, itemId: itemId('A02'), direction: -1 });
      view = await host.call('catalog:moveItem', { formId, itemId: itemId('A02'), direction: -1 });
      expect(titles(view).slice(1, 6)).toEqual(['固定资产投资', '工业投资', '制造业投资', '规模以上工业总产值', '一般公共预算收入']);
      const before = titles(view);
      // The first 其中 item does not move above its parent, the last does not leave it.
      for (const [code, direction] of [['A0201', -1], ['A0201', 1], ['A020101', -1], ['A020101', 1], ['B0101', 1]] as const) {
        view = await host.call('catalog:moveItem', { formId, itemId: itemId(code), direction });
        expect(titles(view), `${code} ${direction}`).toEqual(before);
      }
      // Two 其中 items of one parent swap with each other.
      view = await host.call('catalog:addIndicator', { formId, afterItemId: itemId('A0201'), fields: fields({ code: 'A0202', name: '基础设施投资', parentId: indicator('A02').id }) });
      view = await host.call('catalog:moveItem', { formId, itemId: itemId('A0202'), direction: -1 });
      expect(titles(view).slice(1, 5)).toEqual(['固定资产投资', '基础设施投资', '工业投资', '制造业投资']);
      // A drag over several rows of the level is one move, and stops at the end of the level.
      view = await host.call('catalog:moveItem', { formId, itemId: itemId('A0201'), direction: 1, steps: 5 });
      expect(titles(view).slice(1, 5)).toEqual(['固定资产投资', '基础设施投资', '工业投资', '制造业投资']);
      view = await host.call('catalog:moveItem', { formId, itemId: itemId('A01'), direction: -1, steps: 3 });
      expect(titles(view).slice(0, 3)).toEqual(['规模以上工业总产值', '§一、经济运行', '固定资产投资']);
      expect((await host.call('history:undo', undefined)).description).toBe('已撤销：上移“规模以上工业总产值”');
      view = await host.call('catalog:get', { formId });
      // A section title moves past a whole block, not into it.
      view = await host.call('catalog:moveItem', { formId, itemId: itemId('二、招商引资'), direction: 1 });
      const names = titles(await host.call('catalog:get', { formId }));
      expect(names.slice(names.indexOf('招商引资到位额'), names.indexOf('招商引资到位额') + 3)).toEqual(['招商引资到位额', '北京项目', '§二、招商引资']);
    });

    it('moves an indicator under its new parent when its parent is changed', async () => {
      const a03 = indicator('A03');
      view = await host.call('catalog:updateIndicator', { formId, indicatorId: a03.id, fields: { ...a03, parentId: indicator('B01').id } });
      const names = titles(view);
      expect(names.slice(names.indexOf('招商引资到位额'), names.indexOf('招商引资到位额') + 3)).toEqual(['招商引资到位额', '北京项目', '一般公共预算收入']);
      // Back to the top: it stays where it is, now after 招商引资到位额's block and at its level.
      view = await host.call('catalog:updateIndicator', { formId, indicatorId: a03.id, fields: { ...a03, parentId: null } });
      expect(titles(view)).toEqual(names);
      expect(view.items.find((i) => i.type === 'indicator' && i.indicator.code === 'A03')).toMatchObject({ depth: 0 });
    });

    it('removes an indicator that has no figures', async () => {
      view = await host.call('catalog:addIndicator', { formId, afterItemId: null, fields: fields() });
      view = await host.call('catalog:removeItem', { formId, itemId: itemId('E01') });
      expect(titles(view)).not.toContain('新增市场主体');
      // Its code is free again.
      await host.call('catalog:addIndicator', { formId, afterItemId: null, fields: fields() });
    });

    it('refuses to make an indicator its own 其中 item or that of its descendants', async () => {
      const a02 = indicator('A02');
      for (const parent of ['A02', 'A0201', 'A020101']) {
        expect(await host.refusal('catalog:updateIndicator', { formId, indicatorId: a02.id, fields: { ...a02, parentId: indicator(parent).id } })).toContain(
          '不能把指标设为它自己或它下级指标的“其中”项',
        );
      }
      expect(indicator('A02', await host.call('catalog:get', {})).parentId).toBeNull();
    });

    it('refuses a duplicate code in Chinese', async () => {
      expect(await host.refusal('catalog:addIndicator', { formId, afterItemId: null, fields: fields({ code: 'A01' }) })).toBe('指标代码“A01”已被使用，请换一个代码。');
      const b01 = indicator('B01');
      expect(await host.refusal('catalog:updateIndicator', { formId, indicatorId: b01.id, fields: { ...b01, code: 'A01' } })).toContain('已被使用');
      expect(titles(await host.call('catalog:get', {}))).toEqual(titles(view));
    });

    it('refuses to remove an indicator with data or with 其中 items', async () => {
      const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
      await host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: indicator('A03').id, period: '2024-01', field: 'month', value: '1' }] });
      expect(await host.refusal('catalog:removeItem', { formId, itemId: itemId('A03') })).toMatch(/已有 1 个数据，不能删除/);
      expect(await host.refusal('catalog:removeItem', { formId, itemId: itemId('A0201') })).toMatch(/还有“其中”项/);
      expect(titles(await host.call('catalog:get', {}))).toEqual(titles(view));
    });

    it('refuses empty names and codes before touching the catalog', async () => {
      expect(await host.refusal('catalog:addIndicator', { formId, afterItemId: null, fields: fields({ code: '   ' }) })).toContain('请填写指标代码');
      expect(await host.refusal('catalog:addIndicator', { formId, afterItemId: null, fields: fields({ name: '' }) })).toContain('请填写指标名称');
    });
  });

  describe('reporting units', () => {
    it('adds units under a parent and lists them in tree order', async () => {
      const [park] = await host.call('units:list', undefined);
      if (!park) throw new Error('no unit');
      await host.call('units:add', { code: '100', name: '城关镇', parentId: null });
      const units = await host.call('units:add', { code: '002', name: '一号企业', parentId: park.id });
      expect(units.map((u) => u.name)).toEqual(['本园区', '一号企业', '城关镇']);
    });

    it('updates a unit, refusing cycles and duplicate codes', async () => {
      const [park] = await host.call('units:list', undefined);
      if (!park) throw new Error('no unit');
      let units = await host.call('units:add', { code: '002', name: '一号企业', parentId: park.id });
      const child = units.find((u) => u.code === '002');
      if (!child) throw new Error('no child');
      units = await host.call('units:update', { id: child.id, code: '002', name: '一号企业（更名）', parentId: park.id });
      expect(units.find((u) => u.id === child.id)?.name).toBe('一号企业（更名）');

      expect(await host.refusal('units:update', { id: park.id, code: park.code, name: park.name, parentId: child.id })).toContain('不能把单位设为它自己或它下级单位的下级');
      expect(await host.refusal('units:add', { code: '002', name: '重复', parentId: null })).toBe('单位代码“002”已被使用，请换一个代码。');
      expect(await host.refusal('units:update', { id: child.id, code: park.code, name: 'x', parentId: null })).toContain('已被使用');
    });

    it('removes a unit only when it has no figures, no subordinates and is not the last one', async () => {
      const [park] = await host.call('units:list', undefined);
      if (!park) throw new Error('no unit');
      expect(await host.refusal('units:remove', { id: park.id })).toContain('至少需要保留一个填报单位');

      const units = await host.call('units:add', { code: '002', name: '一号企业', parentId: park.id });
      const child = units.find((u) => u.code === '002');
      if (!child) throw new Error('no child');
      expect(await host.refusal('units:remove', { id: park.id })).toContain('还有下级单位');

      await host.call('values:set', { unitId: child.id, source: 'edit', changes: [{ indicatorId: indicator('A03').id, period: '2024-01', field: 'month', value: '5' }] });
      expect(await host.refusal('units:remove', { id: child.id })).toContain('已有 1 个数据，不能删除');

      await host.call('history:undo', undefined);
      expect((await host.call('units:remove', { id: child.id })).map((u) => u.code)).toEqual(['001']);
    });
  });

  describe('undo and redo of catalog, form and unit edits', () => {
    const undo = () => host.call('history:undo', undefined);
    const redo = () => host.call('history:redo', undefined);
    const fresh = () => host.call('catalog:get', { formId });
    const snapshot = () => {
      const db = host.ctx.session?.db;
      if (!db) throw new Error('no workbook');
      return ['indicators', 'form_items', 'forms', 'reporting_units'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());
    };

    it('undoes adding, editing, moving and removing rows, back to the exact catalog', async () => {
      const before = snapshot();
      view = await host.call('catalog:addIndicator', { formId, afterItemId: itemId('A03'), fields: fields() });
      const added = indicator('E01');
      view = await host.call('catalog:updateIndicator', { formId, indicatorId: added.id, fields: fields({ name: '新增市场主体（户）' }) });
      view = await host.call('catalog:moveItem', { formId, itemId: itemId('E01'), direction: -1 });
      view = await host.call('catalog:addSection', { formId, afterItemId: null, title: '五、其他' });
      view = await host.call('catalog:renameSection', { formId, itemId: itemId('五、其他'), title: '五、补充' });
      const after = snapshot();

      expect((await undo()).description).toBe('已撤销：把标题行“五、其他”改为“五、补充”');
      expect((await undo()).description).toBe('已撤销：添加标题行“五、其他”');
      expect((await undo()).description).toBe('已撤销：上移“新增市场主体（户）”');
      expect(indicator('E01', await fresh()).name).toBe('新增市场主体（户）');
      expect((await undo()).description).toBe('已撤销：修改指标“新增市场主体（户）”');
      expect(indicator('E01', await fresh()).name).toBe('新增市场主体');
      expect(await undo()).toMatchObject({ description: '已撤销：添加指标“新增市场主体”', unitId: null, period: null });
      expect(snapshot()).toEqual(before);

      for (let i = 0; i < 5; i += 1) await redo();
      expect(snapshot()).toEqual(after);
      // The redone indicator has its old id, so later steps and bindings still refer to it.
      expect(indicator('E01', await fresh()).id).toBe(added.id);
    });

    it('undoes removing an indicator, restoring what the database cascaded', async () => {
      const ratioFields = fields({ code: 'D04', name: '隐患整改率', unit: '%', decimals: 1, kind: 'ratio', numeratorId: indicator('D03').id, denominatorId: indicator('D02').id });
      view = await host.call('catalog:addIndicator', { formId, afterItemId: null, fields: ratioFields });
      const before = snapshot();
      // Removing the numerator sets the ratio's numerator_id to NULL (ON DELETE SET NULL).
      view = await host.call('catalog:removeItem', { formId, itemId: itemId('D03') });
      expect(indicator('D04').numeratorId).toBeNull();
      expect((await undo()).description).toBe('已撤销：删除“已整改隐患数”');
      expect(snapshot()).toEqual(before);
      expect(indicator('D04', await fresh()).numeratorId).toBe(indicator('D03', await fresh()).id);
    });

    it('undoes a change of the form’s properties', async () => {
      const form = view.form;
      await host.call('forms:update', { formId, name: '园区月报（新）', firstReturnMonth: 2, options: { ...form.options, analysisColumns: ['share'], balanceRounding: true } });
      expect((await fresh()).form).toMatchObject({ name: '园区月报（新）', firstReturnMonth: 2 });
      expect((await undo()).description).toBe(`已撤销：修改表式“${form.name}”的属性`);
      expect((await fresh()).form).toEqual(form);
    });

    it('undoes adding, renaming and removing reporting units', async () => {
      const before = snapshot();
      let units = await host.call('units:add', { code: '002', name: '城关镇', parentId: null });
      const town = units.find((u) => u.code === '002');
      if (!town) throw new Error('no town');
      units = await host.call('units:update', { id: town.id, code: '002', name: '城关镇（更名）', parentId: null });
      units = await host.call('units:remove', { id: town.id });
      expect(units.map((u) => u.code)).toEqual(['001']);
      expect((await undo()).description).toBe('已撤销：删除填报单位“城关镇（更名）”');
      expect((await host.call('units:list', undefined)).map((u) => u.name)).toEqual(['本园区', '城关镇（更名）']);
      expect((await undo()).description).toBe('已撤销：修改填报单位“城关镇”');
      expect((await undo()).description).toBe('已撤销：添加填报单位“城关镇”');
      expect(snapshot()).toEqual(before);
    });

    it('writes no change_log rows for catalog edits and emits workbook:saved for each', async () => {
      const events = host.events.length;
      await host.call('catalog:addSection', { formId, afterItemId: null, title: '五、其他' });
      await undo();
      expect(host.events.slice(events).map((e) => e.event)).toEqual(['workbook:saved', 'workbook:saved']);
      expect(host.ctx.session?.db.prepare('SELECT count(*) AS n FROM change_log').get()).toEqual({ n: 0 });
      // Moving the first row up changes nothing: no step, no event.
      const first = view.items[0]?.itemId ?? 0;
      await host.call('catalog:moveItem', { formId, itemId: first, direction: -1 });
      expect(host.events.length).toBe(events + 2);
      expect((await undo()).applied).toBe(false);
    });
  });
});
