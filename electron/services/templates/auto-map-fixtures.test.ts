import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BindingProposalView } from '../../../shared/domain/template.js';
import { COUNTY_TEMPLATES, writeCountyTemplate, type CountyTemplate } from '../../../tests/fixtures/county-templates.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { templateAutomap } from '../../cli/cli-commands.js';

/** Confident-right / confident-wrong / 待确认 / missed, per fixture, for the closing note. */
const tally: Record<string, { confidentRight: number; confidentWrong: number; pending: number; missed: number }> = {};

/**
 * Auto-mapping judged on county-style templates written with ExcelJS, each reproducing a wrong
 * guess seen in the field. The expected mapping of every cell is written down by hand in the
 * fixture; a confident proposal must match it exactly, and the tricky cells must come as 待确认.
 */
describe('auto-map on county templates: right or 待确认, never wrong', () => {
  let host: TestHost;
  const code = new Map<number, { code: string; unit: string }>();

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'automap', starterCatalog: true });
    for (const item of (await host.call('catalog:get', {})).items) {
      if (item.type === 'indicator') code.set(item.indicator.id, { code: item.indicator.code, unit: item.indicator.unit });
    }
  });
  afterEach(() => host.dispose());
  afterAll(async () => {
    const dir = join(process.cwd(), 'tests', '.artifacts');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'automap-fixtures.json'), JSON.stringify(tally, null, 2));
  });

  /** The proposal as the hand-written expectation spells it (own unit written as null). */
  const asExpected = (p: BindingProposalView) => {
    const indicator = code.get(p.indicatorId);
    return { code: indicator?.code, figure: p.figure, periodOffset: p.periodOffset, unit: p.unit === indicator?.unit ? null : p.unit };
  };
  const ownUnitAsNull = (t: CountyTemplate, cell: string) => {
    const e = t.expected[cell];
    if (e === undefined) return undefined;
    const unit = [...code.values()].find((i) => i.code === e.code)?.unit;
    return { ...e, unit: e.unit === unit ? null : e.unit };
  };

  it.each(COUNTY_TEMPLATES.map((t) => [t.file, t] as const))('%s', async (_, template) => {
    const path = await writeCountyTemplate(host.dir, template);
    const registered = await host.call('templates:register', { path });
    const formId = (await host.call('catalog:get', {})).form.id;
    const proposals = await host.call('templates:autoMap', { templateId: registered.id, formId });
    const counts = { confidentRight: 0, confidentWrong: 0, pending: 0, missed: 0 };
    for (const p of proposals) {
      // Every proposal shows what it was read from.
      expect(p.evidence.rowLabel.text, p.cell).not.toBe('');
      expect(p.evidence.headerCells.length, p.cell).toBeGreaterThan(0);
      if (p.status === 'pending') {
        counts.pending++;
        expect(p.doubts.length, p.cell).toBeGreaterThan(0);
        continue;
      }
      expect(p.doubts, p.cell).toEqual([]);
      const right = JSON.stringify(asExpected(p)) === JSON.stringify(ownUnitAsNull(template, p.cell));
      if (right) counts.confidentRight++;
      else counts.confidentWrong++;
      expect({ cell: p.cell, ...asExpected(p) }, `confident proposal ${p.cell}: ${p.reason}`).toEqual({ cell: p.cell, ...ownUnitAsNull(template, p.cell) });
    }
    for (const cell of Object.keys(template.expected)) if (!proposals.some((p) => p.cell === cell)) counts.missed++;
    tally[template.file] = counts;
    // Nothing expected goes unproposed, and the tricky cells wait for the clerk.
    expect(counts.missed).toBe(0);
    for (const cell of template.pending) expect(proposals.find((p) => p.cell === cell)?.status, cell).toBe('pending');
    const expectedConfident = Object.keys(template.expected).filter((c) => !template.pending.includes(c));
    for (const cell of expectedConfident) expect(proposals.find((p) => p.cell === cell)?.status, cell).toBe('confident');
  });

  it('the CLI `automap --save` saves only the confident proposals and says how many wait', async () => {
    const template = COUNTY_TEMPLATES.find((t) => t.pending.length > 0 && Object.keys(t.expected).length > t.pending.length);
    if (template === undefined) throw new Error('fixture set lacks a mixed template');
    const registered = await host.call('templates:register', { path: await writeCountyTemplate(host.dir, template) });
    const session = { ctx: host.ctx, call: host.call.bind(host), close: () => undefined };
    const result = await templateAutomap(session, String(registered.id), { json: false, form: 'YQ01', save: true, allUnits: false, commit: false });
    const saved = (await host.call('templates:view', { templateId: registered.id })).bindings.map((b) => b.cell).sort();
    const confident = Object.keys(template.expected).filter((c) => !template.pending.includes(c)).sort();
    expect(saved).toEqual(confident);
    expect(result.lines.at(-1)).toBe(`已保存 ${confident.length} 个确定的映射。${template.pending.length} 个待确认的建议未保存，请在工作台“报表模板”中逐个确认。`);
  });
});

describe('bindings are checked as a whole when saved', () => {
  let host: TestHost;
  afterEach(() => host.dispose());

  it('refuses two cells aiming at one figure, and a formula cell, naming the cells; nothing is saved', async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'whole', starterCatalog: true });
    const a0201 = (await host.call('catalog:get', {})).items.flatMap((i) => (i.type === 'indicator' && i.indicator.code === 'A0201' ? [i.indicator.id] : []))[0] ?? 0;
    const template = COUNTY_TEMPLATES.find((t) => t.file === '公式合计与重复行.xlsx');
    if (template === undefined) throw new Error('fixture missing');
    const { id: templateId } = await host.call('templates:register', { path: await writeCountyTemplate(host.dir, template) });
    const binding = { sheet: '投资', cell: 'B5', indicatorId: a0201, figure: 'month' as const, unit: '万元', periodOffset: 0 };
    const twice = await host.refusal('templates:saveBindings', { templateId, bindings: [binding, { ...binding, cell: 'B7' }] });
    expect(twice).toBe('“投资”的 B5、B7 都映射到“工业投资”的本月（本期），导入时会互相覆盖：请只保留一个，未保存任何修改。');
    // The same figure of another period, or another figure, is fine.
    await host.call('templates:saveBindings', { templateId, bindings: [binding, { ...binding, cell: 'B7', periodOffset: -12 }, { ...binding, cell: 'C5', figure: 'cumulative' }] });
    const formula = await host.refusal('templates:saveBindings', { templateId, bindings: [{ ...binding, cell: 'B4' }] });
    expect(formula).toBe('“投资”!B4：此单元格为公式，导出时不会写入：请映射其组成单元格，或改为只读取。未保存任何修改。');
    expect((await host.call('templates:view', { templateId })).bindings.map((b) => b.cell).sort()).toEqual(['B5', 'B7', 'C5']);
  });
});
