import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TemplateBindingInput } from '../../../shared/api/template-api.js';
import { writeStarterLikeTemplate } from '../../../tests/fixtures/starter-like-template.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

/**
 * A binding's periodOffset shifts the exported month backwards (−1 = previous month, −12 = same
 * month last year). A month after the exported one has no figures yet, so a future offset would
 * silently export an empty or stale cell into an official return: it is refused when saved.
 */
describe('saving template bindings with a future period offset', () => {
  let host: TestHost;
  let templateId: number;
  let binding: TemplateBindingInput;

  /**
   * The refusal names the field, in Chinese. (Without the schema check the database's CHECK
   * constraint still stops the row, but as an anonymous 程序内部错误, which tells the clerk nothing.)
   */
  const expectOffsetRefusal = (message: string): void => {
    expect(message).toMatch(/^请求内容不正确（bindings\.\d+\.periodOffset）：/);
    expect(message).not.toContain('内部错误');
  };

  const storedBindings = (): number => {
    if (!host.ctx.session) throw new Error('no workbook');
    return (host.ctx.session.db.prepare('SELECT count(*) AS n FROM template_bindings').get() as { n: number }).n;
  };

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'bindings', starterCatalog: true });
    const catalog = await host.call('catalog:get', {});
    const a01 = catalog.items.flatMap((item) => (item.type === 'indicator' && item.indicator.code === 'A01' ? [item.indicator.id] : []))[0] ?? 0;
    const path = join(host.dir, '园区月报.xlsx');
    await writeStarterLikeTemplate(path);
    templateId = (await host.call('templates:register', { path })).id;
    binding = { sheet: '月报', cell: 'B4', indicatorId: a01, figure: 'month', unit: '万元', periodOffset: 0 };
  });
  afterEach(() => host.dispose());

  it('is refused with a Chinese message, and nothing is stored', async () => {
    const message = await host.refusal('templates:saveBindings', { templateId, bindings: [{ ...binding, periodOffset: 1 }] });
    expectOffsetRefusal(message);
    expect(storedBindings()).toBe(0);
    expect((await host.call('templates:view', { templateId })).bindings).toEqual([]);
  });

  it('a refused save keeps the bindings saved before, and past offsets are accepted', async () => {
    const lastYear = { ...binding, cell: 'D4', figure: 'cumulative' as const, periodOffset: -12 };
    await host.call('templates:saveBindings', { templateId, bindings: [binding, lastYear] });
    expect(storedBindings()).toBe(2);

    const message = await host.refusal('templates:saveBindings', { templateId, bindings: [binding, { ...lastYear, periodOffset: 12 }] });
    expectOffsetRefusal(message);
    expect(storedBindings()).toBe(2);
    const kept = (await host.call('templates:view', { templateId })).bindings;
    expect(kept.map((b) => [b.cell, b.periodOffset])).toEqual([
      ['B4', 0],
      ['D4', -12],
    ]);
  });
});
