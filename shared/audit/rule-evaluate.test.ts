import { describe, expect, it } from 'vitest';
import { AuditKit } from '../../tests/support/audit-kit.js';
import { type AuditRule } from './audit-rules.js';
import { absDecimal, exactMagnitudeOfRatio, magnitudeOfRatio, modifiedZScore } from './rule-arithmetic.js';
import { RuleReferenceError } from './rule-evaluate.js';

function kit(firstReturn: 1 | 2 = 1): AuditKit {
  const k = new AuditKit(firstReturn);
  k.add('A01', { kind: 'flow', name: '规模以上工业总产值' });
  k.add('A02', { kind: 'flow', name: '固定资产投资' });
  k.add('A0201', { kind: 'flow', name: '工业投资' }, 'A02');
  k.add('A0202', { kind: 'flow', name: '基础设施投资', unit: '亿元', decimals: 2 }, 'A02');
  k.add('A03', { kind: 'flow', name: '一般公共预算收入', entryBasis: 'month' });
  k.add('C01', { kind: 'stock', name: '高企数', unit: '家', decimals: 0 });
  k.add('R01', { kind: 'ratio', name: '整改率', unit: '%' });
  k.add('P01', { kind: 'flow', name: '利润总额' });
  return k;
}

const rule = (fields: Partial<AuditRule> & Pick<AuditRule, 'expression'>): AuditRule => ({
  key: 'custom:1',
  name: '测试规则',
  scope: { type: 'rows', of: 'all', kinds: [] },
  severity: 'hard',
  trigger: 'violated',
  missing: 'skip',
  message: '{指标}：{左} 对 {右}',
  builtin: false,
  enabled: true,
  ...fields,
});

describe('rule language: evaluation on the figure model', () => {
  it('compares exact decimals, never floats', () => {
    const k = kit().set('A01', '2024-03', 'cumulative', '0.3').set('A02', '2024-03', 'cumulative', '0.1').set('A0201', '2024-03', 'cumulative', '0.2');
    expect(k.evaluate('A02 + A0201 = A01', '2024-03')).toBe(true);
    expect(k.evaluate('A01 - A02 * 3 = 0', '2024-03')).toBe(true);
    expect(k.evaluate('A01 / 3 = 0.1', '2024-03')).toBe(true);
    expect(k.evaluate('A01 / 0 = 0', '2024-03')).toBe(null); // no quotient: unknown, not Infinity
  });

  it('reads 本月 and 累计 as the figure model derives them', () => {
    // A01 typed as 累计 in Feb and Mar: 本月 of March is derived (300 − 120).
    const k = kit().set('A01', '2024-02', 'cumulative', '120').set('A01', '2024-03', 'cumulative', '300');
    expect(k.evaluate('A01.本月 = 180', '2024-03')).toBe(true);
    expect(k.evaluate('A01.上月累计 = 120', '2024-03')).toBe(true);
    // January of a month-by-month form is missing, so February's 累计 (typed) stands but its 本月 is unknown.
    expect(k.evaluate('A01.本月 > 0', '2024-02')).toBe(null);
  });

  it('offsets cross the year boundary: January’s [-1] is last December, [-12] the same month last year', () => {
    const k = kit().set('C01', '2023-12', 'month', '90').set('C01', '2024-01', 'month', '92').set('C01', '2023-01', 'month', '80');
    expect(k.evaluate('C01 - C01[-1] = 2', '2024-01')).toBe(true);
    expect(k.evaluate('C01[-12] = 80', '2024-01')).toBe(true);
    expect(k.evaluate('C01[-13] > 0', '2024-01')).toBe(null);
    // January of a flow is the first return: 上月止累计 is 0 and 首期 holds.
    const flows = kit().set('A03', '2024-01', 'month', '50');
    expect(flows.evaluate('首期 且 A03.上月累计 = 0 且 A03.累计 = 50', '2024-01', { self: 'A03' })).toBe(true);
    expect(flows.evaluate('月份 = 1', '2024-01')).toBe(true);
  });

  it('on a 1-2月 form: February is the first return, January has no return of its own', () => {
    const k = kit(2).set('A03', '2024-02', 'month', '70').set('A03', '2024-03', 'month', '30');
    expect(k.evaluate('首期', '2024-02', { self: 'A03' })).toBe(true);
    expect(k.evaluate('首期', '2024-03', { self: 'A03' })).toBe(false);
    expect(k.evaluate('A03.上月累计 = 0 且 A03.累计 = 70', '2024-02')).toBe(true);
    expect(k.evaluate('A03.累计 = 100 且 A03.上月累计 = 70', '2024-03')).toBe(true);
    // [-1] of 1-2月 is January, which has no return: unknown, even with figures typed around it.
    expect(k.evaluate('A03.本月[-1] >= 0', '2024-02')).toBe(null);
    expect(k.evaluate('A03.本月[-1] >= 0', '2024-02', { missing: 'zero' })).toBe(true);
  });

  it('skip policy: a missing figure makes the rule unknown; zero policy: it counts as 0', () => {
    const k = kit().set('A02', '2024-03', 'cumulative', '100');
    expect(k.evaluate('A0201 <= A02', '2024-03')).toBe(null);
    expect(k.evaluate('A0201 <= A02', '2024-03', { missing: 'zero' })).toBe(true);
    expect(k.evaluate('A02 <= A0201', '2024-03', { missing: 'zero' })).toBe(false);
    // Kleene logic: false and unknown is false; true or unknown is true.
    expect(k.evaluate('A02 < 0 且 A0201 > 0', '2024-03')).toBe(false);
    expect(k.evaluate('A02 > 0 或 A0201 > 0', '2024-03')).toBe(true);
    expect(k.evaluate('A02 > 0 => A0201 > 0', '2024-03')).toBe(null);
    expect(k.evaluate('A02 < 0 => A0201 > 0', '2024-03')).toBe(true);
    // 非空/为空 test the cell itself, whatever the policy.
    expect(k.evaluate('为空(A0201) 且 非空(A02)', '2024-03', { missing: 'zero' })).toBe(true);
  });

  it('converts money units before comparing and adding (亿元 under 万元)', () => {
    const k = kit().set('A02', '2024-03', 'cumulative', '30000').set('A0202', '2024-03', 'cumulative', '2.5');
    expect(k.evaluate('A0202 <= A02', '2024-03')).toBe(true);
    expect(k.evaluate('A02 = 30000 且 A0202 * 10000 = 25000', '2024-03')).toBe(true);
    expect(k.evaluate('A02 - A0202 = 5000', '2024-03')).toBe(true);
    expect(k.evaluate('其中合计(A02) = 25000', '2024-03')).toBe(true);
  });

  it('computes every function', () => {
    const k = kit()
      .set('A01', '2023-03', 'cumulative', '100')
      .set('A01', '2024-03', 'cumulative', '135.5')
      .set('A01', '2024-02', 'cumulative', '80')
      .set('A01', '2023-02', 'cumulative', '60')
      .set('P01', '2023-03', 'cumulative', '-20')
      .set('P01', '2024-03', 'cumulative', '15')
      .set('R01', '2023-03', 'month', '95.2')
      .set('R01', '2024-03', 'month', '100');
    expect(k.evaluate('同比(A01) = 35.5 且 A01.同比 = 35.5', '2024-03')).toBe(true);
    expect(k.evaluate('abs(同比(A01)) > 30', '2024-03')).toBe(true);
    // 本月 同比: March alone this year (55.5) vs last year (40).
    expect(k.evaluate('同比(A01.本月) = 38.75', '2024-03')).toBe(true);
    // 环比: March alone (55.5) against February alone (80 − 0: first... January missing, so unknown).
    expect(k.evaluate('环比(A01) > 0', '2024-03')).toBe(null);
    // A 比率 compares in 百分点.
    expect(k.evaluate('同比(R01) = 4.8', '2024-03')).toBe(true);
    // Loss to profit: no percent, but a sign flip.
    expect(k.evaluate('变号(P01) 且 为空(A03)', '2024-03')).toBe(true);
    expect(k.evaluate('同比(P01) > 0', '2024-03')).toBe(null);
    expect(k.evaluate('变号(A01)', '2024-03')).toBe(false);
    expect(k.evaluate('最大(1, A01, 2) = A01 且 最小(3, 2.5, 7) = 2.5 且 绝对值(-2) = 2', '2024-03')).toBe(true);
    expect(k.evaluate('整数(A01) 或 整数(7)', '2024-03')).toBe(true);
    expect(k.evaluate('整数(A01)', '2024-03')).toBe(false);
    expect(k.evaluate('量级(A01 * 10000, A01) = 4 且 量级(A01, A01 * 10000) = -4 且 量级(1, 1) = 0', '2024-03')).toBe(true);
  });

  it('scores outliers against the same month of earlier years', () => {
    const k = kit();
    ['100', '104', '98', '101', '99'].forEach((v, i) => k.set('C01', `${2019 + i}-05`, 'month', v));
    k.set('C01', '2024-05', 'month', '160');
    expect(k.evaluate('abs(偏离度(C01.本月)) > 3.5', '2024-05')).toBe(true);
    k.set('C01', '2024-05', 'month', '103');
    expect(k.evaluate('abs(偏离度(C01.本月)) > 3.5', '2024-05')).toBe(false);
    // Too little history: no score.
    expect(k.evaluate('偏离度(C01.本月) > 0', '2020-05')).toBe(null);
  });

  it('refuses names the workbook does not have, without reaching anything else', () => {
    const k = kit();
    expect(() => k.evaluate('constructor > 0', '2024-03')).toThrow(RuleReferenceError);
    expect(() => k.evaluate('__proto__ > 0', '2024-03')).toThrow('找不到指标“__proto__”');
    expect(() => k.evaluate('本项 > 0', '2024-03')).toThrow('“本项”只能用在按行适用的规则里');
    expect(() => k.evaluate('上级 > 0', '2024-03', { self: 'A01' })).toThrow('不是其中项');
    expect(k.evaluate('「固定资产投资」 = A02', '2024-03', { missing: 'zero' })).toBe(true);
  });
});

describe('rule arithmetic', () => {
  it('rounds orders of magnitude exactly at the half-decade (√10)', () => {
    expect(magnitudeOfRatio('3163', '1')).toBe(4);
    expect(magnitudeOfRatio('3162', '1')).toBe(3);
    expect(magnitudeOfRatio('30313', '3.1')).toBe(4);
    expect(magnitudeOfRatio('31', '30313')).toBe(-3);
    expect(magnitudeOfRatio('0', '5')).toBe(null);
    expect(magnitudeOfRatio('5', '0')).toBe(null);
  });

  it('absolute values of figures, canonical or not', () => {
    expect(absDecimal('-0.5')).toBe('0.5');
    expect(absDecimal('-1200')).toBe('1200');
    expect(absDecimal('86.33')).toBe('86.33');
    expect(absDecimal('-0')).toBe('0');
    expect(absDecimal('+3.50')).toBe('3.5');
    expect(absDecimal('-1e3')).toBe('1000');
  });

  it('the quick order of magnitude agrees with the exact one, also a hair either side of √10', () => {
    // √10 = 3.16227766016837933199889354…: the float estimate cannot tell these apart, the exact path must.
    expect(magnitudeOfRatio('3.162277660168379332', '1')).toBe(1);
    expect(magnitudeOfRatio('3.162277660168379331', '1')).toBe(0);
    expect(magnitudeOfRatio('-316227.7660168379332', '100')).toBe(4);
    expect(magnitudeOfRatio('1', '3.162277660168379331')).toBe(0);
    expect(magnitudeOfRatio('1', '3.162277660168379332')).toBe(-1);
    // Figures as clerks type them (one or two decimals, 元 vs 万元 slips), deterministic pseudo-random.
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 2000; i++) {
      const a = `${next() % 100000000}.${next() % 100}`;
      const b = `${i % 2 === 0 ? '-' : ''}${next() % 100000}.${next() % 10}`;
      expect(magnitudeOfRatio(a, b), `${a} / ${b}`).toBe(exactMagnitudeOfRatio(a, b));
    }
  });

  it('modified z-score: 0.6745 × (x − median) / MAD', () => {
    // median 100, deviations 0 1 1 2 4 → MAD 1; (110 − 100) × 0.6745 / 1 = 6.745.
    expect(modifiedZScore('110', ['100', '101', '99', '102', '96'])).toBe('6.745');
    // median 100, deviations 0 2 2 4 6 → MAD 2; (105 − 100) × 0.6745 / 2 = 1.68625.
    expect(modifiedZScore('105', ['100', '102', '98', '104', '94'])).toBe('1.68625');
    expect(modifiedZScore('110', ['100', '100', '100', '100'])).toBe(null);
    expect(modifiedZScore('110', ['100', '101', '99'])).toBe(null);
  });
});

describe('rules over a form: scope, messages, findings', () => {
  it('applies one rule to every 其中 item and names the cell', () => {
    const k = kit().set('A02', '2024-03', 'cumulative', '123').set('A0201', '2024-03', 'cumulative', '2000').set('A0202', '2024-03', 'cumulative', '0.01');
    const { findings, problems } = k.audit([rule({ expression: '本项.累计 <= 上级.累计', scope: { type: 'rows', of: 'children', kinds: [] } })], '2024-03');
    expect(problems).toEqual([]);
    expect(findings).toEqual([
      expect.objectContaining({ indicatorCode: 'A0201', column: 'cumulative', period: '2024-03', severity: 'hard', message: '工业投资：2,000.0万元 对 123.0万元' }),
    ]);
  });

  it('single-indicator rules, 预警式 trigger, placeholders', () => {
    const k = kit().set('A01', '2023-03', 'cumulative', '100').set('A01', '2024-03', 'cumulative', '607');
    const { findings } = k.audit(
      [rule({ expression: 'abs(同比(A01)) > 30', scope: { type: 'indicator', code: 'A01' }, trigger: 'matched', message: '{代码} {指标} {期别} 同比 {值}（{同比}）' })],
      '2024-03',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ column: 'growth', message: 'A01 规模以上工业总产值 2024年3月 同比 507.0%（增长5.07倍）' });
  });

  it('reports a rule with a syntax error or an unknown code once, and runs the others', () => {
    const k = kit().set('A01', '2024-03', 'cumulative', '-1');
    const { findings, problems } = k.audit(
      [
        rule({ key: 'custom:1', expression: 'A01 >= ', scope: { type: 'indicator', code: 'A01' } }),
        rule({ key: 'custom:2', expression: 'X99 >= 0', scope: { type: 'rows', of: 'all', kinds: [] } }),
        rule({ key: 'custom:3', expression: 'A01 >= 0', scope: { type: 'indicator', code: 'A01' } }),
      ],
      '2024-03',
    );
    expect(problems.map((p) => [p.ruleKey, p.message])).toEqual([
      ['custom:1', '公式有误，第 8 个字符处：公式不完整：结尾处还缺少数值或指标'],
      ['custom:2', '找不到指标“X99”，请检查指标代码'],
    ]);
    expect(findings.map((f) => f.ruleKey)).toEqual(['custom:3']);
  });
});
