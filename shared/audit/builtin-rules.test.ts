import { describe, expect, it } from 'vitest';
import { AuditKit } from '../../tests/support/audit-kit.js';
import { type AuditRule } from './audit-rules.js';
import { BUILTIN_RULES } from './builtin-rules.js';

const RULES: AuditRule[] = BUILTIN_RULES.map((r) => ({ ...r, builtin: true, enabled: true }));

/** A clean park: every figure of 2023 and 2024 typed, consistent, growth under 30%. */
function cleanKit(): AuditKit {
  const k = new AuditKit();
  k.add('A02', { kind: 'flow', name: '固定资产投资' });
  k.add('A0201', { kind: 'flow', name: '工业投资' }, 'A02');
  k.add('A0202', { kind: 'flow', name: '基础设施投资', unit: '亿元', decimals: 2 }, 'A02');
  k.add('A03', { kind: 'flow', name: '一般公共预算收入', entryBasis: 'month' });
  k.add('C01', { kind: 'stock', name: '高新技术企业数', unit: '家', decimals: 0 });
  k.add('R01', { kind: 'ratio', name: '隐患整改率', unit: '%' });
  for (const year of [2023, 2024]) {
    const grow = (v: number): string => String(year === 2024 ? v * 1.1 : v);
    for (let m = 1; m <= 12; m++) {
      const p = `${year}-${String(m).padStart(2, '0')}`;
      k.set('A02', p, 'cumulative', grow(1000 * m));
      k.set('A0201', p, 'cumulative', grow(600 * m));
      k.set('A0202', p, 'cumulative', String((year === 2024 ? 0.033 : 0.03) * m)); // 300万元 a month
      k.set('A03', p, 'month', grow(50));
      k.set('C01', p, 'month', String(year === 2024 ? 22 : 20));
      k.set('R01', p, 'month', '96.5');
    }
  }
  return k;
}

const fired = (k: AuditKit, period = '2024-05'): string[] => k.audit(RULES, period).findings.map((f) => `${f.ruleKey} ${f.indicatorCode} ${f.column}`);

describe('built-in audit rules', () => {
  it('stay silent on clean figures', () => {
    const k = cleanKit();
    expect(k.audit(RULES, '2024-05')).toEqual({ findings: [], problems: [] });
    expect(k.audit(RULES, '2024-01').findings).toEqual([]);
    expect(k.audit(RULES, '2024-12').findings).toEqual([]);
  });

  it('其中 ≤ 合计 (强制), naming the 其中 cell', () => {
    const k = cleanKit().set('A0201', '2024-05', 'cumulative', '5600');
    const findings = k.audit(RULES, '2024-05').findings.filter((f) => f.ruleKey === 'builtin:part-le-total');
    expect(findings).toEqual([expect.objectContaining({ indicatorCode: 'A0201', column: 'cumulative', severity: 'hard', message: '工业投资 5,600.0万元 大于“固定资产投资” 5,500.0万元：其中项不能超过合计，请核对。' })]);
  });

  it('Σ 其中 ≤ 合计 (强制), with parts in another money unit', () => {
    // 工业投资 3300 + 基础设施 0.25亿元 (2500万元) = 5800 > 5500.
    const k = cleanKit().set('A0202', '2024-05', 'cumulative', '0.25');
    expect(fired(k)).toContain('builtin:parts-sum-le-total A02 cumulative');
    const message = k.audit(RULES, '2024-05').findings.find((f) => f.ruleKey === 'builtin:parts-sum-le-total')?.message;
    expect(message).toBe('固定资产投资的各其中项之和 5,800.0万元 大于固定资产投资 5,500.0万元，请核对。');
  });

  it('累计 = 上月止累计 + 本月 (the figure model’s mismatch, 强制)', () => {
    const k = cleanKit().set('A02', '2024-05', 'month', '1000'); // 4400 + 1000 ≠ 5500
    const finding = k.audit(RULES, '2024-05').findings.find((f) => f.ruleKey === 'builtin:flow-identity');
    expect(finding).toMatchObject({ indicatorCode: 'A02', severity: 'hard', message: '固定资产投资：上月止累计 + 本月 = 5,400.0万元，与填报的累计 5,500.0万元 不一致，请核对本月或累计。' });
    // Consistent when both typed and they agree.
    expect(fired(cleanKit().set('A02', '2024-05', 'month', '1100'))).toEqual([]);
  });

  it('flow 累计 non-decreasing (提示); not on the first return of the year', () => {
    const k = cleanKit().set('A02', '2024-05', 'cumulative', '4000').set('A0201', '2024-05', 'cumulative', '2000');
    expect(fired(k)).toContain('builtin:cumulative-non-decreasing A02 cumulative');
    expect(fired(cleanKit().set('A03', '2024-01', 'month', '-5'), '2024-01')).not.toContain('builtin:cumulative-non-decreasing A03 cumulative');
  });

  it('比率 in 0–100', () => {
    expect(fired(cleanKit().set('R01', '2024-05', 'month', '120'))).toContain('builtin:ratio-range R01 cumulative');
  });

  it('counts are non-negative integers (强制)', () => {
    expect(fired(cleanKit().set('C01', '2024-05', 'month', '21.5'))).toContain('builtin:count-integer C01 month');
    expect(fired(cleanKit().set('C01', '2024-05', 'month', '-1'))).toContain('builtin:count-integer C01 month');
  });

  it('required cells', () => {
    const k = cleanKit();
    k.values.delete(`${k.byCode('A03').id}|2024-05|month`);
    expect(fired(k)).toContain('builtin:required A03 month');
  });

  it('|同比| > 30% or a sign flip', () => {
    const k = cleanKit().set('A02', '2024-05', 'cumulative', '6600').set('A02', '2024-04', 'cumulative', '4400');
    const finding = k.audit(RULES, '2024-05').findings.find((f) => f.ruleKey === 'builtin:volatility');
    expect(finding).toMatchObject({ indicatorCode: 'A02', column: 'growth', severity: 'soft', message: '固定资产投资同比增长32.0%，波动较大，请核实并说明原因。' });
    const flip = cleanKit();
    flip.add('P01', { kind: 'flow', name: '利润总额' });
    flip.set('P01', '2023-05', 'cumulative', '-20').set('P01', '2024-05', 'cumulative', '10').set('P01', '2024-04', 'cumulative', '8');
    expect(flip.audit(RULES, '2024-05').findings.find((f) => f.ruleKey === 'builtin:volatility')?.message).toBe('利润总额同比扭亏为盈（上年同期-20.0，本期10.0），波动较大，请核实并说明原因。');
  });

  it('unit slip: a figure a thousand-fold or more off last month or last year (元 typed as 万元)', () => {
    // 30,313 typed where the figure is 3.0313 (万元 → 元): ×10⁴ against April and May 2023.
    const k = cleanKit().set('A0202', '2024-05', 'cumulative', '1650');
    const findings = k.audit(RULES, '2024-05').findings.filter((f) => f.ruleKey === 'builtin:unit-slip');
    expect(findings.map((f) => f.indicatorCode)).toEqual(['A0202']);
    expect(findings[0]?.message).toBe('基础设施投资 1,650.00亿元 与上月或上年同期相差千倍以上，可能把元、万元等单位混用了，请核实。');
  });

  it('outliers: modified z-score over the same month of earlier years (提示)', () => {
    const k = cleanKit();
    for (const [year, v] of [[2019, '16'], [2020, '18'], [2021, '19'], [2022, '21']] as const) k.set('C01', `${year}-05`, 'month', v);
    expect(fired(k)).not.toContain('builtin:outlier C01 month');
    k.set('C01', '2024-05', 'month', '60');
    expect(fired(k)).toContain('builtin:outlier C01 month');
  });

  it('each can be switched off', () => {
    const k = cleanKit().set('A0201', '2024-05', 'cumulative', '5600');
    const off = RULES.map((r) => (r.key === 'builtin:part-le-total' ? { ...r, enabled: false } : r));
    expect(k.audit(off, '2024-05').findings.map((f) => f.ruleKey)).not.toContain('builtin:part-le-total');
  });
});
