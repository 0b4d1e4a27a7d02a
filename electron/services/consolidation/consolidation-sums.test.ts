import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type IndicatorFields } from '../../../shared/api/catalog-api.js';
import { type CellChange } from '../../../shared/api/grid-api.js';
import { type ReportingUnit } from '../../../shared/domain/catalog.js';
import { reportingLeaves, unitSubtree } from '../../../shared/units/unit-tree.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { getForm, indicatorsById } from '../catalog/indicator-repo.js';
import { consolidatedFigures } from './consolidated-figures.js';

/**
 * The 汇总 totals the workbook keeps (migration 0009's triggers) must always equal a fresh sum of
 * the figures, whatever the clerk did: typing, clearing, over-long decimals, undo and redo, adding,
 * moving, retiring and removing units. Any drift would put a wrong county total on paper.
 */
describe('汇总 totals kept by the workbook', () => {
  let host: TestHost | undefined;
  afterEach(() => host?.dispose());

  const PERIODS = ['2023-05', '2023-06', '2024-01', '2024-05', '2024-06', '2024'];
  const VALUES = ['1', '2.5', '-3', '100000.123456', '0.1234567', '12345678901', null];

  type Op =
    | { kind: 'add'; parent: number }
    | { kind: 'move'; unit: number; parent: number }
    | { kind: 'remove'; unit: number }
    | { kind: 'retire'; unit: number; period: string | null }
    | { kind: 'type'; unit: number; indicator: number; period: number; value: number }
    | { kind: 'undo' }
    | { kind: 'redo' };

  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), parent: fc.nat(20) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), unit: fc.nat(20), parent: fc.nat(20) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), unit: fc.nat(20) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('retire' as const), unit: fc.nat(20), period: fc.constantFrom('2024-02', '2024-06', null) }) },
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('type' as const), unit: fc.nat(20), indicator: fc.nat(2), period: fc.nat(PERIODS.length - 1), value: fc.nat(VALUES.length - 1) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('redo' as const) }) },
  );

  /** Steps that went through, by kind, over the whole property run: the test is only as good as these. */
  const done = new Map<Op['kind'], number>();
  let nodesCompared = 0;

  /** Runs one step; a refusal (a cycle, a unit with figures, a target on a month…) is part of the game. */
  async function apply(h: TestHost, step: Op, indicators: readonly number[]): Promise<void> {
    const units = await h.call('units:list', undefined);
    const pick = (n: number): ReportingUnit => units[n % units.length] as ReportingUnit;
    try {
      await run();
      done.set(step.kind, (done.get(step.kind) ?? 0) + 1);
    } catch (error) {
      // The clerk's refusals are expected; an internal fault (or a storage error) is a failure.
      if (!(error instanceof Error) || /内部错误|数据未被修改。/.test(error.message) || !/ refused: /.test(error.message)) throw error;
    }

    async function run(): Promise<void> {
      switch (step.kind) {
        case 'add': {
          const code = `U${units.length + 1}${Math.floor(Math.random() * 1e6)}`;
          await h.call('units:add', { code, name: `单位${code}`, parentId: pick(step.parent).id, joinedPeriod: null });
          return;
        }
        case 'move': {
          const unit = pick(step.unit);
          await h.call('units:update', { id: unit.id, code: unit.code, name: unit.name, parentId: pick(step.parent).id, joinedPeriod: unit.joinedPeriod });
          return;
        }
        case 'remove':
          await h.call('units:remove', { id: pick(step.unit).id });
          return;
        case 'retire':
          await h.call('units:retire', { id: pick(step.unit).id, period: step.period });
          return;
        case 'type': {
          const period = PERIODS[step.period] as string;
          const change: CellChange = { indicatorId: indicators[step.indicator] as number, period, field: period.length === 4 ? 'target' : 'month', value: VALUES[step.value] ?? null };
          await h.call('values:set', { unitId: pick(step.unit).id, source: 'edit', changes: [change] });
          return;
        }
        case 'undo':
          await h.call('history:undo', undefined);
          return;
        case 'redo':
          await h.call('history:redo', undefined);
          return;
      }
    }
  }

  /** Every unit with nothing under it, paired with each unit above it: worked out here, not read from the workbook. */
  function expectedPaths(units: readonly ReportingUnit[]): [number, number][] {
    const byId = new Map(units.map((u) => [u.id, u]));
    const pairs: [number, number][] = [];
    for (const u of units) {
      if (units.some((c) => c.parentId === u.id)) continue;
      for (let up = u.parentId; up !== null; up = byId.get(up)?.parentId ?? null) pairs.push([u.id, up]);
    }
    return pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }

  async function expectTotalsFresh(h: TestHost): Promise<void> {
    const db = h.ctx.session?.db;
    if (!db) throw new Error('no workbook open');
    const units = await h.call('units:list', undefined);
    const paths = expectedPaths(units);
    expect(db.prepare('SELECT unit_id, ancestor_id FROM unit_rollup_paths ORDER BY 1, 2').raw().all()).toEqual(paths);
    const kept = db.prepare('SELECT node_id, period, indicator_id, field, n, unit_sum, unit_hash, micros, wide FROM consolidation_sums WHERE n <> 0 ORDER BY 1, 2, 3, 4').raw().all();
    const fresh = db
      .prepare(
        `WITH paths(unit_id, ancestor_id) AS (SELECT value ->> 0, value ->> 1 FROM json_each(?))
         SELECT p.ancestor_id, r.period, r.indicator_id, r.field, count(*), sum(r.unit_id), sum(r.unit_hash), sum(r.micros), sum(r.wide)
         FROM consolidation_rows r JOIN paths p ON p.unit_id = r.unit_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      )
      .raw()
      .all(JSON.stringify(paths));
    expect(kept).toEqual(fresh);

    // And the 汇总 read from them is the 汇总 summed unit by unit, for every node and month.
    const session = h.ctx.session;
    if (!session) throw new Error('no workbook open');
    const form = getForm(db, (await h.call('catalog:get', {})).form.id);
    const catalog = indicatorsById(db);
    for (const period of ['2024-01', '2024-06']) {
      for (const u of units) {
        const node = unitSubtree(units, u.id, period);
        if (!node || node.children.length === 0) continue;
        const load = {
          units: reportingLeaves(node),
          indicators: [...catalog.values()],
          catalog,
          year: 2024,
          month: Number(period.slice(5)),
          lastYearThrough: Number(period.slice(5)),
          formFirstReturn: form.firstReturnMonth,
        };
        expect(consolidatedFigures(db, { ...load, nodeId: u.id })).toEqual(consolidatedFigures(db, load));
        nodesCompared += 1;
      }
    }
  }

  async function workbook(): Promise<{ h: TestHost; indicators: number[] }> {
    const h = makeTestHost();
    host = h;
    await h.call('workbook:create', { path: 'sums.statbench', starterCatalog: false });
    const formId = (await h.call('catalog:get', {})).form.id;
    const indicators: number[] = [];
    const add = async (fields: Pick<IndicatorFields, 'code' | 'name' | 'kind'> & Partial<IndicatorFields>): Promise<void> => {
      const catalog = await h.call('catalog:addIndicator', {
        formId,
        afterItemId: null,
        fields: { unit: '万元', decimals: 1, entryBasis: 'month', parentId: null, growthBasis: 'nominal', ...fields },
      });
      const item = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === fields.code);
      if (item?.type === 'indicator') indicators.push(item.indicator.id);
    };
    await add({ code: 'A01', name: '工业产值', kind: 'flow' });
    await add({ code: 'A02', name: '固定资产投资', kind: 'flow' });
    await add({ code: 'C01', name: '企业个数', kind: 'stock', unit: '家', decimals: 0 });
    return { h, indicators };
  }

  it('equal a fresh sum after any sequence of edits, undos and changes of the unit tree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 40 }), async (steps) => {
        host?.dispose();
        const { h, indicators } = await workbook();
        for (const step of steps) await apply(h, step, indicators);
        await expectTotalsFresh(h);
      }),
      { numRuns: 40, seed: 20261122 },
    );
    // The runs really built trees, typed, undid and reshaped them (not a string of refusals).
    for (const kind of ['add', 'move', 'remove', 'retire', 'type', 'undo', 'redo'] as const) expect(done.get(kind) ?? 0, kind).toBeGreaterThan(3);
    expect(nodesCompared).toBeGreaterThan(50);
  }, 120_000);

  it('count a unit whose units under it are all retired with its own figures, and leave retired units out', async () => {
    const { h, indicators } = await workbook();
    const county = (await h.call('units:list', undefined))[0] as ReportingUnit;
    const add = async (code: string, parentId: number): Promise<number> =>
      ((await h.call('units:add', { code, name: code, parentId, joinedPeriod: null })).find((u) => u.code === code) as ReportingUnit).id;
    const town = await add('T1', county.id);
    const village = await add('V1', town);
    // Enough units that correcting the kept totals for two of them beats summing every unit.
    const parks = [await add('P1', county.id), await add('P2', county.id), await add('P3', county.id), await add('P4', county.id)];
    const put = (unitId: number, period: string, value: string) =>
      h.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: indicators[0] as number, period, field: 'month', value }] });
    for (const period of ['2024-01', '2024-06']) {
      await put(town, period, '7');
      await put(village, period, '100');
      for (const park of parks) await put(park, period, '1.5');
    }
    await h.call('units:retire', { id: village, period: '2024-02' });
    const db = h.ctx.session?.db;
    if (!db) throw new Error('no workbook open');
    const sumOf = async (period: string): Promise<string | null> => {
      const units = await h.call('units:list', undefined);
      const node = unitSubtree(units, county.id, period);
      if (!node) throw new Error('county not in use');
      const catalog = indicatorsById(db);
      const month = Number(period.slice(5));
      const form = getForm(db, (await h.call('catalog:get', {})).form.id);
      const load = { units: reportingLeaves(node), indicators: [...catalog.values()], catalog, year: 2024, month, lastYearThrough: month, formFirstReturn: form.firstReturnMonth };
      const kept = consolidatedFigures(db, { ...load, nodeId: county.id });
      expect(kept).toEqual(consolidatedFigures(db, load));
      return kept.figures.get(indicators[0] as number, period, 'month');
    };
    // January: the village still reports, the town's own figure is not part of the total.
    expect(await sumOf('2024-01')).toBe('106');
    // June: the village is retired, so the town stands for itself.
    expect(await sumOf('2024-06')).toBe('13');
  });

  it('survive closing and reopening, and are built for a workbook made before they existed', async () => {
    const { h, indicators } = await workbook();
    const county = (await h.call('units:list', undefined))[0] as ReportingUnit;
    const town = (await h.call('units:add', { code: 'T1', name: '甲镇', parentId: county.id, joinedPeriod: null })).find((u) => u.code === 'T1') as ReportingUnit;
    const park = (await h.call('units:add', { code: 'P1', name: '乙园', parentId: county.id, joinedPeriod: null })).find((u) => u.code === 'P1') as ReportingUnit;
    await h.call('values:set', { unitId: town.id, source: 'edit', changes: [{ indicatorId: indicators[0] as number, period: '2024-01', field: 'month', value: '10.5' }] });
    await h.call('values:set', { unitId: park.id, source: 'edit', changes: [{ indicatorId: indicators[0] as number, period: '2024-01', field: 'month', value: '4.5' }] });
    const db = () => h.ctx.session?.db ?? (() => { throw new Error('no workbook open'); })();
    const total = () => db().prepare("SELECT micros FROM consolidation_sums WHERE node_id = ? AND period = '2024-01' AND field = 'month'").pluck().get(county.id);
    expect(total()).toBe(15_000_000);

    // As an older StatBench left it: no totals at all (a rebuild request is what migration 0009 ends with).
    const path = h.ctx.session?.path ?? '';
    db().exec('DELETE FROM consolidation_sums; DELETE FROM unit_rollup_paths');
    expect(total()).toBeUndefined();
    db().exec('INSERT INTO consolidation_rebuild_requests (id) VALUES (NULL)');
    await h.call('workbook:close', undefined);
    await h.call('workbook:open', { path });
    expect(total()).toBe(15_000_000);
    await expectTotalsFresh(h);
  });
});
