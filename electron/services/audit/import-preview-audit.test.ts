import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TemplateBindingInput } from '../../../shared/api/template-api.js';
import { writeStarterLikeTemplate } from '../../../tests/fixtures/starter-like-template.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

/** A clerk's filled return: a copy of `source` with some cells overwritten (saved by ExcelJS). */
async function writeReturn(source: string, target: string, cells: Record<string, number>): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(source);
  const ws = workbook.getWorksheet('月报');
  if (!ws) throw new Error('no sheet');
  for (const [address, value] of Object.entries(cells)) ws.getCell(address).value = value;
  await workbook.xlsx.writeFile(target);
}

describe('the import preview runs the audit on the incoming values', () => {
  let host: TestHost;
  let formId: number;
  let unitId: number;
  let templateId: number;
  let exported: string;
  const ids = new Map<string, number>();

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'import-audit', starterCatalog: true });
    const catalog = await host.call('catalog:get', {});
    formId = catalog.form.id;
    for (const item of catalog.items) if (item.type === 'indicator') ids.set(item.indicator.code, item.indicator.id);
    unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    const a01 = ids.get('A01') ?? 0;
    await host.call('values:set', {
      unitId,
      source: 'edit',
      changes: [
        { indicatorId: a01, period: '2023-10', field: 'cumulative', value: '780000' },
        { indicatorId: a01, period: '2022-11', field: 'cumulative', value: '814900' },
      ],
    });
    const path = join(host.dir, '园区月报.xlsx');
    await writeStarterLikeTemplate(path);
    templateId = (await host.call('templates:register', { path })).id;
    const proposals = await host.call('templates:autoMap', { templateId, formId });
    const bindings: TemplateBindingInput[] = proposals.map(({ sheet, cell, indicatorId, figure, unit, periodOffset }) => ({ sheet, cell, indicatorId, figure, unit, periodOffset }));
    await host.call('templates:saveBindings', { templateId, bindings });
    exported = (await host.call('templates:export', { templateId, unitIds: [unitId], period: '2023-11', outputDir: 'out' })).files[0] ?? '';
  });
  afterEach(() => host.dispose());

  const previewOf = async (cells: Record<string, number>) => {
    const path = join(host.dir, 'return.xlsx');
    await writeReturn(exported, path, cells);
    return host.call('imports:preview', { templateId, paths: [path], period: '2023-11', unitId });
  };

  it('a 累计 typed in 元 instead of 万元 is a unit-slip finding naming the return cell, before anything is written', async () => {
    const preview = await previewOf({ C4: 8633000000 }); // 863,300万元 typed in 元
    const audit = await host.call('audit:importPreview', { previewId: preview.previewId, formId });
    const slip = audit.findings.find((f) => f.ruleKey === 'builtin:unit-slip');
    expect(slip).toMatchObject({ unitId, indicatorCode: 'A01', column: 'cumulative', period: '2023-11', severity: 'soft' });
    expect(slip?.cell).toContain('“月报”!C4');
    expect(slip?.message).toContain('可能把元、万元等单位混用了');
    // Nothing was written: the stored month audits without it.
    const stored = await host.call('audit:run', { unitId, formId, period: '2023-11' });
    expect(stored.soft.some((f) => f.ruleKey === 'builtin:unit-slip')).toBe(false);

    // The same return in 万元 gives no slip, and a committed preview can no longer be audited.
    const clean = await previewOf({ C4: 863300 });
    expect((await host.call('audit:importPreview', { previewId: clean.previewId, formId })).findings.some((f) => f.ruleKey === 'builtin:unit-slip')).toBe(false);
    await host.call('imports:commit', { previewId: clean.previewId });
    expect(await host.refusal('audit:importPreview', { previewId: clean.previewId, formId })).toContain('已失效');
  });
});
