import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditReport } from '../../../shared/api/audit-api.js';
import { type CellChange } from '../../../shared/api/grid-api.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

describe('audit, 上报 and 复制上期 on a real workbook', () => {
  let host: TestHost;
  let formId: number;
  let unitId: number;
  const ids = new Map<string, number>();
  const id = (code: string): number => ids.get(code) ?? 0;
  const change = (code: string, period: string, field: CellChange['field'], value: string | null): CellChange => ({ indicatorId: id(code), period, field, value });
  const save = (changes: CellChange[], source: 'edit' | 'paste' | 'clear' = 'edit') => host.call('values:set', { unitId, changes, source });
  const audit = (period = '2024-03'): Promise<AuditReport> => host.call('audit:run', { unitId, formId, period });
  const where = (period = '2024-03') => ({ unitId, formId, period });
  const stored = (code: string, period: string, field: string): string | null =>
    (
      host.ctx.session?.db.prepare('SELECT value FROM cell_values WHERE unit_id = ? AND indicator_id = ? AND period = ? AND field = ?').get(unitId, id(code), period, field) as
        | { value: string }
        | undefined
    )?.value ?? null;

  /** Every indicator of the starter form for 2024-02 and 2024-03, consistent and within 30% of 2023. */
  async function fillClean(): Promise<void> {
    const changes: CellChange[] = [];
    for (const [code, base] of [
      ['A01', 1000],
      ['A02', 500],
      ['A0201', 300],
      ['A020101', 200],
      ['A03', 80],
      ['B01', 60],
      ['B0101', 30],
      ['B02', 40],
      ['B03', 2],
      ['C01', 20],
      ['D01', 40],
      ['D02', 10],
      ['D03', 8],
    ] as const) {
      for (const year of [2023, 2024]) {
        for (const month of [1, 2, 3]) {
          const period = `${year}-0${month}`;
          if (code === 'C01') changes.push(change(code, period, 'month', String(base)));
          else changes.push(change(code, period, 'month', String(year === 2024 ? base + Math.round(base / 10) : base)));
        }
      }
    }
    await save(changes, 'paste');
  }

  beforeEach(async () => {
    host = makeTestHost();
    await host.call('workbook:create', { path: 'audit' });
    const catalog = await host.call('catalog:get', {});
    formId = catalog.form.id;
    for (const item of catalog.items) if (item.type === 'indicator') ids.set(item.indicator.code, item.indicator.id);
    unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
  });
  afterEach(() => host.dispose());

  it('a clean month passes; 制造业投资 over 固定资产投资 is a 强制 finding naming the cell', async () => {
    await fillClean();
    const clean = await audit();
    expect(clean).toMatchObject({ hard: [], soft: [], problems: [], passed: true });
    expect((await host.call('period:status', where())).label).toBe('已审核');

    await save([change('A020101', '2024-03', 'cumulative', '2000')]);
    const report = await audit();
    expect(report.passed).toBe(false);
    const finding = report.hard.find((f) => f.ruleKey === 'builtin:part-le-total');
    expect(finding).toMatchObject({ indicatorId: id('A020101'), column: 'cumulative', period: '2024-03', severity: 'hard' });
    expect(finding?.message).toBe('制造业投资 2,000.0万元 大于“工业投资” 990.0万元：其中项不能超过合计，请核对。');
    expect((await host.call('period:status', where())).label).toBe('暂存');
  });

  it('the demo workbook audits with only findings a clerk would agree with', async () => {
    const demo = makeTestHost();
    try {
      await demo.call('workbook:createDemo', { path: '示例' });
      const form = (await demo.call('catalog:get', {})).form.id;
      const unit = (await demo.call('units:list', undefined)).find((u) => u.code === '001')?.id ?? 0;
      const report = await demo.call('audit:run', { unitId: unit, formId: form, period: '2023-11' });
      expect(report.hard).toEqual([]);
      expect(report.problems).toEqual([]);
      // 招商引资 +507% and the investment lines over 30% (seed 000): exactly what the bureau asks about.
      expect(report.soft.map((f) => `${f.ruleKey} ${f.indicatorCode}`).sort()).toEqual(
        ['builtin:volatility A02', 'builtin:volatility A0201', 'builtin:volatility A020101', 'builtin:volatility B01', 'builtin:volatility B0101'].sort(),
      );
      expect(report.soft.find((f) => f.indicatorCode === 'B01')?.message).toBe('招商引资到位额同比增长5.07倍，波动较大，请核实并说明原因。');
    } finally {
      demo.dispose();
    }
  });

  it('explanations: one or several findings at once, undoable, offered again next month', async () => {
    await fillClean();
    await save([change('A02', '2024-03', 'month', '900'), change('B01', '2024-03', 'month', '200')]);
    const report = await audit();
    const soft = report.soft.filter((f) => f.ruleKey === 'builtin:volatility');
    expect(soft.map((f) => f.indicatorCode).sort()).toEqual(['A02', 'B01']);
    const explained = await host.call('audit:explain', { ...where(), findings: soft.map((f) => ({ ruleKey: f.ruleKey, indicatorId: f.indicatorId })), text: ' 重点项目集中投资 ' });
    expect(explained.soft.filter((f) => f.ruleKey === 'builtin:volatility').map((f) => f.explanation)).toEqual(['重点项目集中投资', '重点项目集中投资']);
    expect(explained.unexplained).toBe(0);
    expect(explained.passed).toBe(true);

    await host.call('history:undo', undefined);
    expect((await audit()).unexplained).toBe(2);
    await host.call('history:redo', undefined);
    expect((await audit()).unexplained).toBe(0);

    // April: the same finding recurs, last month's explanation is offered (not applied).
    const april: CellChange[] = [];
    for (const code of ids.keys()) april.push(change(code, '2024-04', 'month', stored(code, '2024-03', 'month')));
    april.push(change('A02', '2023-04', 'month', '500'), change('B01', '2023-04', 'month', '60'));
    await save(april.filter((c) => c.value !== null));
    const next = await audit('2024-04');
    const recurring = next.soft.find((f) => f.ruleKey === 'builtin:volatility' && f.indicatorCode === 'A02');
    expect(recurring).toMatchObject({ explanation: null, previousExplanation: '重点项目集中投资' });
  });

  it('上报 is refused on 强制 findings and unexplained 提示 findings, then locks the month; 撤回 needs a reason and is logged', async () => {
    expect(await host.refusal('period:submit', where())).toContain('还没有录入任何数据');
    await fillClean();
    await save([change('A020101', '2024-03', 'cumulative', '2000')]);
    expect(await host.refusal('period:submit', where())).toMatch(/^2024年3月“园区主要经济指标月报”还有 \d+ 条强制性审核问题，不能上报。请先修改数据：制造业投资 2,000.0万元 大于/);

    await save([change('A020101', '2024-03', 'cumulative', null)]);
    await save([change('B01', '2024-03', 'month', '200')]);
    expect(await host.refusal('period:submit', where())).toContain('还有 1 条提示性审核问题没有填写说明');
    const finding = (await audit()).soft[0];
    await host.call('audit:explain', { ...where(), findings: [{ ruleKey: finding?.ruleKey ?? '', indicatorId: finding?.indicatorId ?? 0 }], text: '企业新投产' });

    const submitted = await host.call('period:submit', where());
    expect(submitted).toMatchObject({ status: 'submitted', label: '已上报', locked: true });
    expect(await host.refusal('period:submit', where())).toContain('已经上报');

    // Locked: edits, pastes, clears, 复制上期 and explanations' figures are refused and nothing changes.
    const refusal = await host.refusal('values:set', { unitId, changes: [change('A01', '2024-03', 'month', '1')], source: 'edit' });
    expect(refusal).toBe('本园区2024年3月“园区主要经济指标月报”已上报，数据已锁定，不能修改“规模以上工业总产值”。如需修改，请先撤回上报（需填写原因）。未保存任何修改。');
    expect(await host.refusal('values:set', { unitId, changes: [change('A03', '2024-02', 'month', '5'), change('C01', '2024-03', 'month', '9')], source: 'paste' })).toContain('已上报');
    expect(stored('A03', '2024-02', 'month')).toBe('88');
    expect(await host.refusal('period:copyPrevious', { ...where(), mode: 'all' })).toBeTruthy();
    expect(await host.refusal('audit:explain', { ...where(), findings: [{ ruleKey: finding?.ruleKey ?? '', indicatorId: finding?.indicatorId ?? 0 }], text: '改' })).toBe(
      '2024年3月已上报，审核说明不能再修改。如需修改，请先撤回上报（需填写原因）。',
    );
    // Other months and the annual target stay writable.
    await save([change('A01', '2024-04', 'month', '5'), change('A01', '2024', 'target', '9000')]);
    // Ctrl+Z cannot lift the lock: 上报 is not an undo step.
    await host.call('history:undo', undefined);
    expect((await host.call('period:status', where())).locked).toBe(true);
    // Nor can it change the locked month's figures: undoing the B01 edit is refused, nothing changes.
    await host.call('history:undo', undefined); // the explanation
    expect(await host.refusal('history:undo', undefined)).toContain('已上报，数据已锁定，不能修改“招商引资到位额”');
    expect(stored('B01', '2024-03', 'month')).toBe('200');
    await host.call('history:redo', undefined);

    expect(await host.refusal('period:unlock', { ...where(), reason: ' ' })).toContain('请填写撤回原因');
    const unlocked = await host.call('period:unlock', { ...where(), reason: '统计局退回：工业投资口径调整' });
    expect(unlocked).toMatchObject({ status: 'returned', label: '退回', locked: false });
    expect(unlocked.log.map((e) => [e.action, e.reason])).toEqual([
      ['unlock', '统计局退回：工业投资口径调整'],
      ['submit', null],
    ]);
    expect(unlocked.log[0]?.user).toBe(host.ctx.session?.user);
    await save([change('A01', '2024-03', 'month', '1')]);
    expect(stored('A01', '2024-03', 'month')).toBe('1');
  });

  it('复制上期: stocks and 备注 only, or flows’ 本月 too; never over typed cells; one undo step', async () => {
    await save([
      change('C01', '2024-02', 'month', '21'),
      change('A03', '2024-02', 'month', '80'),
      change('A01', '2024-02', 'cumulative', '2000'),
      change('A01', '2024-01', 'cumulative', '900'),
      change('B01', '2024-02', 'note', '含北京项目'),
      change('D01', '2024-03', 'month', '7'),
    ]);
    const stocks = await host.call('period:copyPrevious', { ...where(), mode: 'stock' });
    expect(stocks).toMatchObject({ copied: 2, from: '2024-02' });
    expect(stored('C01', '2024-03', 'month')).toBe('21');
    expect(stored('B01', '2024-03', 'note')).toBe('含北京项目');
    expect(stored('A03', '2024-03', 'month')).toBeNull();

    await host.call('history:undo', undefined);
    expect(stored('C01', '2024-03', 'month')).toBeNull();
    expect(stored('B01', '2024-03', 'note')).toBeNull();

    await save([change('C01', '2024-03', 'month', '25')]);
    const all = await host.call('period:copyPrevious', { ...where(), mode: 'all' });
    // C01 typed (kept), D01 typed (no February figure anyway); A03 本月 80; A01's February 本月 (2000 − 900) as 本月.
    expect(all).toMatchObject({ copied: 3, kept: 1 });
    expect(stored('C01', '2024-03', 'month')).toBe('25');
    expect(stored('A03', '2024-03', 'month')).toBe('80');
    expect(stored('A01', '2024-03', 'month')).toBe('1100');
    expect(stored('A01', '2024-03', 'cumulative')).toBeNull();
    const view = await host.call('grid:formView', where());
    expect(view.rows.find((r) => r.code === 'A01')?.cells.cumulative?.value).toBe('3100');

    const history = await host.call('history:cell', { unitId, indicatorId: id('A03'), period: '2024-03' });
    expect(history).toEqual([expect.objectContaining({ field: 'month', oldValue: null, newValue: '80', source: '复制上期', user: host.ctx.session?.user })]);
    expect(await host.refusal('period:copyPrevious', { ...where(), mode: 'all' })).toContain('复制上期不会覆盖已填写的数据');
  });

  it('history:cell lists who, when, old → new and the source, newest first', async () => {
    await save([change('A01', '2024-03', 'cumulative', '100')]);
    await save([change('A01', '2024-03', 'cumulative', '120')], 'paste');
    await save([change('A01', '2024', 'target', '1000')]);
    await host.call('history:undo', undefined);
    await save([change('A01', '2024-04', 'cumulative', '130')]);
    const history = await host.call('history:cell', { unitId, indicatorId: id('A01'), period: '2024-03' });
    expect(history.map((h) => [h.field, h.period, h.oldValue, h.newValue, h.source])).toEqual([
      ['target', '2024', '1000', null, '撤销'],
      ['target', '2024', null, '1000', '编辑'],
      ['cumulative', '2024-03', '100', '120', '粘贴'],
      ['cumulative', '2024-03', null, '100', '编辑'],
    ]);
    expect(history.every((h) => typeof h.at === 'string' && h.at.length > 0)).toBe(true);
    const onlyCumulative = await host.call('history:cell', { unitId, indicatorId: id('A01'), period: '2024-03', field: 'cumulative' });
    expect(onlyCumulative).toHaveLength(2);
  });

  it('rules: a formula with a syntax error is refused with its position; rules and switches are undoable', async () => {
    expect(await host.call('audit:checkRule', { expression: 'A01.累计 >= (A02' })).toEqual({ ok: false, position: 15, message: '第 15 个字符处：此处应为右括号“)”，却是公式结尾' });
    const fields = { name: '产值不低于投资', expression: 'A01.累计 >= ', scope: { type: 'indicator' as const, code: 'A01' }, severity: 'hard' as const, trigger: 'violated' as const, missing: 'skip' as const, message: '{指标} {左} 小于 {右}' };
    expect(await host.refusal('audit:saveRule', { id: null, fields })).toBe('审核公式有误，第 10 个字符处：公式不完整：结尾处还缺少数值或指标。规则未保存。');
    await host.call('audit:rules', undefined);
    const rules = await host.call('audit:saveRule', { id: null, fields: { ...fields, expression: 'A01.累计 >= A02.累计' } });
    const custom = rules.find((r) => !r.builtin);
    expect(custom).toMatchObject({ name: '产值不低于投资', enabled: true });
    await save([change('A01', '2024-03', 'cumulative', '10'), change('A02', '2024-03', 'cumulative', '50')]);
    expect((await audit()).hard.map((f) => f.message)).toContain('规模以上工业总产值 10.0万元 小于 50.0万元');

    // The answer of each write lists the rules as written (the editor shows it), even with the list read before.
    const switched = await host.call('audit:setRuleEnabled', { key: custom?.key ?? '', enabled: false });
    expect(switched.find((r) => r.key === custom?.key)?.enabled).toBe(false);
    // Switched off, it audits no more at once (the parsed rules are kept only until a rule changes).
    expect((await audit()).hard.map((f) => f.ruleKey)).not.toContain(custom?.key);
    await host.call('audit:setRuleEnabled', { key: 'builtin:required', enabled: false });
    const quiet = await audit();
    expect(quiet.hard.map((f) => f.ruleKey)).not.toContain(custom?.key);
    expect(quiet.soft.map((f) => f.ruleKey)).not.toContain('builtin:required');
    await host.call('history:undo', undefined);
    expect((await audit()).soft.map((f) => f.ruleKey)).toContain('builtin:required');
    expect(await host.refusal('audit:setRuleEnabled', { key: 'builtin:nope', enabled: false })).toContain('已不存在');
  });
});
