import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CellChange } from '../../../shared/api/grid-api.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { type WorkbookSession } from '../context.js';
import { cachedStatementCount } from './statement-cache.js';
import { NOT_UNDOABLE_TABLES, UNDOABLE_TABLES } from './undo-log.js';
import { WRITE_CHUNK } from './run-mutation.js';

const FLOWS = ['A01', 'A02', 'A0201', 'A020101', 'A03', 'B01', 'B0101', 'B02', 'B03', 'D01', 'D02', 'D03'];
const FIELDS = ['month', 'cumulative', 'prior_cumulative', 'comparable_base', 'note'] as const;

describe('the mutation pipeline', () => {
  let host: TestHost;
  let unitId: number;
  const ids = new Map<string, number>();
  const id = (code: string): number => ids.get(code) ?? Number.NaN;
  const session = (): WorkbookSession => {
    if (!host.ctx.session) throw new Error('no workbook open');
    return host.ctx.session;
  };
  const count = (sql: string): number => (session().db.prepare(sql).get() as { n: number }).n;

  /** `n` distinct cells: flows × typeable fields × months, from 1900 on. */
  function manyCells(n: number): CellChange[] {
    const changes: CellChange[] = [];
    for (let year = 1900; changes.length < n; year += 1) {
      for (let month = 1; month <= 12 && changes.length < n; month += 1) {
        for (const code of FLOWS) {
          for (const field of FIELDS) {
            if (changes.length === n) break;
            changes.push({ indicatorId: id(code), period: `${year}-${String(month).padStart(2, '0')}`, field, value: String(changes.length + 1) });
          }
        }
      }
    }
    return changes;
  }

  /** Runs `work` while sampling the event loop; returns its result and the longest stall seen. */
  async function withStallProbe<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
    let last = performance.now();
    let stallMs = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      stallMs = Math.max(stallMs, now - last);
      last = now;
    }, 2);
    try {
      const result = await work();
      return { result, stallMs: Math.max(stallMs, performance.now() - last) };
    } finally {
      clearInterval(timer);
    }
  }

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'pipeline' });
    const catalog = await host.call('catalog:get', {});
    for (const item of catalog.items) if (item.type === 'indicator') ids.set(item.indicator.code, item.indicator.id);
    unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
  });
  afterEach(() => host.dispose());

  it('records every table of the schema as undoable or deliberately not', () => {
    const tables = (session().db.prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
    expect([...tables].sort()).toEqual([...UNDOABLE_TABLES, ...NOT_UNDOABLE_TABLES].sort());
  });

  it('writes 100,000 cells in chunks with progress, as one undo step, without stalling the host', async () => {
    const changes = manyCells(100_000);
    const { result, stallMs } = await withStallProbe(() => host.call('values:set', { unitId, source: 'paste', changes }));
    expect(result.canUndo).toBe(true);
    expect(count('SELECT count(*) AS n FROM cell_values')).toBe(100_000);
    expect(count(`SELECT count(*) AS n FROM change_log WHERE batch_id = ${result.batchId}`)).toBe(100_000);
    const progress = host.events.filter((e) => e.event === 'job:progress').map((e) => e.payload);
    expect(progress.at(-1)).toMatchObject({ done: 100_000 / WRITE_CHUNK, total: 100_000 / WRITE_CHUNK, label: '粘贴 100000 个单元格' });
    expect(host.events.at(-1)?.event).toBe('workbook:saved');
    // The budget is 200 ms; the margin covers a busy shared 2-core machine (the final COMMIT of
    // ~15 MB is one synchronous call).
    expect(stallMs).toBeLessThan(400);

    const undone = await withStallProbe(() => host.call('history:undo', undefined));
    expect(undone.result).toMatchObject({ applied: true, description: '已撤销：粘贴 100000 个单元格（1900年1月至2038年11月）' });
    expect(count('SELECT count(*) AS n FROM cell_values')).toBe(0);
    expect(undone.stallMs).toBeLessThan(400);
  }, 120_000);

  it('leaves nothing written when the last of 100,000 cells is refused', async () => {
    const changes = manyCells(100_000);
    changes[changes.length - 1] = { indicatorId: id('A01'), period: '2024-01', field: 'growth', value: '5' };
    const events = host.events.length;
    const message = await host.refusal('values:set', { unitId, source: 'paste', changes });
    expect(message).toContain('不能直接填写');
    expect(count('SELECT count(*) AS n FROM cell_values')).toBe(0);
    expect(count('SELECT count(*) AS n FROM change_log')).toBe(0);
    expect(count('SELECT count(*) AS n FROM temp.undo_log')).toBe(0);
    expect(host.events.slice(events).some((e) => e.event === 'workbook:saved')).toBe(false);
    expect(session().history.canUndo).toBe(false);
  }, 120_000);

  it('stops a big paste on 取消 and writes nothing of it', async () => {
    const paste = host.refusal('values:set', { unitId, source: 'paste', changes: manyCells(20_000) });
    let jobId: string | undefined;
    while (jobId === undefined) {
      await new Promise((resolve) => setImmediate(resolve));
      const event = host.events.find((e) => e.event === 'job:progress');
      if (event) jobId = (event.payload as { jobId: string }).jobId;
    }
    expect(await host.call('jobs:cancel', { jobId })).toBe(true);
    expect(await paste).toContain('已取消粘贴 20000 个单元格');
    expect(count('SELECT count(*) AS n FROM cell_values')).toBe(0);
    expect(count('SELECT count(*) AS n FROM change_log')).toBe(0);
    expect(session().history.canUndo).toBe(false);
  }, 60_000);

  it('serialises writes: an edit sent during a chunked paste waits for it', async () => {
    const paste = host.call('values:set', { unitId, source: 'paste', changes: manyCells(10_000) });
    // Sent while the paste is between chunks, its transaction open.
    await new Promise((resolve) => setImmediate(resolve));
    const edit = host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: id('C01'), period: '2024-01', field: 'month', value: '7' }] });
    const [pasted, edited] = await Promise.all([paste, edit]);
    expect(edited.batchId).toBe(pasted.batchId + 1);
    const span = (batch: number) => session().db.prepare('SELECT min(id) AS first, max(id) AS last FROM change_log WHERE batch_id = ?').get(batch) as { first: number; last: number };
    expect(span(pasted.batchId).last).toBeLessThan(span(edited.batchId).first);
    // Two steps: the edit is undone first, then the whole paste.
    expect((await host.call('history:undo', undefined)).description).toContain('国家高新技术企业数');
    expect((await host.call('history:undo', undefined)).description).toContain('粘贴 10000 个单元格');
  }, 60_000);

  it('closes the workbook only after a running write has committed', async () => {
    const path = session().path;
    const paste = host.call('values:set', { unitId, source: 'paste', changes: manyCells(10_000) });
    await new Promise((resolve) => setImmediate(resolve));
    await host.call('workbook:close', undefined);
    await paste;
    await host.call('workbook:open', { path });
    expect(count('SELECT count(*) AS n FROM cell_values')).toBe(10_000);
  }, 60_000);

  it('prepares statements once per open workbook and counts batch ids without scanning', async () => {
    const edit = (value: string) => host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: id('A03'), period: '2024-01', field: 'month', value }] });
    await edit('1');
    await host.call('history:undo', undefined);
    await host.call('history:redo', undefined);
    const statements = cachedStatementCount(session().db);
    const prepare = vi.spyOn(session().db, 'prepare');
    for (let i = 2; i < 200; i += 1) await edit(String(i));
    // Not one statement made per save (nor a scan of change_log for the next batch id).
    expect(prepare).not.toHaveBeenCalled();
    expect(cachedStatementCount(session().db)).toBe(statements);
    prepare.mockRestore();

    // The counter was read once when the workbook opened, and continues after a reopen.
    const last = await edit('500');
    const path = session().path;
    await host.call('workbook:close', undefined);
    await host.call('workbook:open', { path });
    expect((await edit('501')).batchId).toBe(last.batchId + 1);

    // Undo logs under the step it reverses, so the log may end on an older batch than the newest.
    const newest = await edit('502');
    await host.call('history:undo', undefined);
    await host.call('history:undo', undefined);
    await host.call('workbook:close', undefined);
    await host.call('workbook:open', { path });
    const next = await edit('503');
    expect(next.batchId).toBe(newest.batchId + 1);
    expect(count(`SELECT count(DISTINCT source) AS n FROM change_log WHERE batch_id = ${next.batchId}`)).toBe(1);
  });

  it('refreshes the session’s caches after a mutation and after a rollback', async () => {
    const growth = (): CellChange => ({ indicatorId: id('A01'), period: '2024-02', field: 'growth', value: '6.5' });
    expect(await host.refusal('values:set', { unitId, source: 'edit', changes: [growth()] })).toContain('不能直接填写');
    const catalog = await host.call('catalog:get', {});
    const a01 = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === 'A01');
    if (a01?.type !== 'indicator') throw new Error('A01');
    // 可比价 now: the cached catalog the save path used must not still say 现价.
    await host.call('catalog:updateIndicator', { formId: catalog.form.id, indicatorId: a01.indicator.id, fields: { ...a01.indicator, growthBasis: 'comparable' } });
    await host.call('values:set', { unitId, source: 'edit', changes: [growth()] });
    expect(count("SELECT count(*) AS n FROM cell_values WHERE field = 'growth'")).toBe(1);
    // Undoing the catalog edit (after the figure) makes 同比 untypeable again.
    await host.call('history:undo', undefined);
    await host.call('history:undo', undefined);
    expect(await host.refusal('values:set', { unitId, source: 'edit', changes: [growth()] })).toContain('不能直接填写');
  });

  it('gives writes made outside a mutation no place in any undo step', async () => {
    await host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: id('A03'), period: '2024-01', field: 'month', value: '1' }] });
    // A write around the pipeline (there should be none): logged nowhere, undone by nothing.
    session().db.prepare("UPDATE reporting_units SET name = '改名' WHERE id = ?").run(unitId);
    await host.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: id('A03'), period: '2024-01', field: 'month', value: '2' }] });
    await host.call('history:undo', undefined);
    await host.call('history:undo', undefined);
    expect((await host.call('units:list', undefined))[0]?.name).toBe('改名');
    expect(count('SELECT count(*) AS n FROM cell_values')).toBe(0);
  });
});
