import { describe, expect, it } from 'vitest';
import { type RuleExpr, RuleSyntaxError, parseRule } from './rule-syntax.js';

/** The tree as compact text, to assert precedence and grouping. */
function show(e: RuleExpr): string {
  switch (e.type) {
    case 'number':
      return e.value;
    case 'ref':
      return `${e.target}.${e.figure}${e.offset ? `[${e.offset}]` : ''}`;
    case 'var':
      return e.name;
    case 'call':
      return `${e.fn.name}(${e.args.map(show).join(',')})`;
    case 'neg':
      return `(-${show(e.operand)})`;
    case 'not':
      return `(非 ${show(e.operand)})`;
    default:
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
  }
}

function syntaxError(source: string): RuleSyntaxError {
  try {
    parseRule(source);
  } catch (error) {
    if (error instanceof RuleSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${source}`);
}

describe('rule language: parsing', () => {
  it('reads references with figures and period offsets, 累计 by default', () => {
    expect(show(parseRule('A0102.累计 <= A0101.累计'))).toBe('(A0102.累计 <= A0101.累计)');
    expect(show(parseRule('A01 >= A01[-1]'))).toBe('(A01.累计 >= A01.累计[-1])');
    expect(show(parseRule('A01.本月[-12] > 0'))).toBe('(A01.本月[-12] > 0)');
    expect(show(parseRule('「制造业投资」.本月 >= 0'))).toBe('(制造业投资.本月 >= 0)');
    expect(show(parseRule('本项.上月止累计 = 上级.年度目标'))).toBe('(本项.上月累计 = 上级.目标)');
  });

  it('binds * before +, + before comparison, comparison before 非, 非 before 且, 且 before 或, 或 before =>', () => {
    expect(show(parseRule('A01 + A02 * 2 > 3 - -1'))).toBe('((A01.累计 + (A02.累计 * 2)) > (3 - (-1)))');
    expect(show(parseRule('A01 > 0 或 A02 > 0 且 非 A03 > 0'))).toBe('((A01.累计 > 0) 或 ((A02.累计 > 0) 且 (非 (A03.累计 > 0))))');
    expect(show(parseRule('A05.本月 > 0 => 非空(A06.本月)'))).toBe('((A05.本月 > 0) => 非空(A06.本月))');
    // => is right-associative: a => (b => c).
    expect(show(parseRule('首期 => 首期 => A01 > 0'))).toBe('(首期 => (首期 => (A01.累计 > 0)))');
    expect(show(parseRule('(A01 > 0 或 A02 > 0) and not A03 > 0'))).toBe('(((A01.累计 > 0) 或 (A02.累计 > 0)) 且 (非 (A03.累计 > 0)))');
    expect(show(parseRule('A01 - A02 - A03 = 0'))).toBe('(((A01.累计 - A02.累计) - A03.累计) = 0)');
  });

  it('accepts what a Chinese IME types: full-width brackets and operators, ≤ ≥ ≠, && || !', () => {
    expect(show(parseRule('abs（同比（A01））＞30'))).toBe('(abs(同比(A01.累计)) > 30)');
    expect(show(parseRule('A01 ≤ A02 && A01 ≠ 0 || !首期'))).toBe('(((A01.累计 <= A02.累计) 且 (A01.累计 != 0)) 或 (非 首期))');
    expect(show(parseRule('A01.累计［－1］ ≥ 0'))).toBe('(A01.累计[-1] >= 0)');
  });

  it('reads every function with its arguments', () => {
    const all = '最大(1, 2, 3) > 最小(A01, A02) 且 同比(A01) > 环比(A01) 且 变号(A01) 且 非空(A01) 且 为空(A02) 且 其中合计(A01) > 0 且 整数(A01) 且 量级(A01, A01[-1]) = 0 且 偏离度(A01.本月) < 3.5 且 绝对值(-1) = 1';
    expect(show(parseRule(all))).toContain('最大(1,2,3)');
    expect(show(parseRule(all))).toContain('abs((-1))');
  });

  it('reports syntax errors in Chinese with the 1-based position', () => {
    const missingParen = syntaxError('abs(A01 > 30');
    expect(missingParen.position).toBe(13);
    expect(missingParen.message).toBe('第 13 个字符处：此处应为“abs”的右括号“)”，却是公式结尾');
    expect(syntaxError('A01 >').message).toBe('第 6 个字符处：公式不完整：结尾处还缺少数值或指标');
    expect(syntaxError('A01 > 0 0').position).toBe(9);
    expect(syntaxError('A01 # 2').message).toBe('第 5 个字符处：无法识别的字符“#”');
    expect(syntaxError('A01.产值 > 0').position).toBe(5);
    expect(syntaxError('A01[1] > 0').message).toContain('只能引用本期及以前的期别');
    expect(syntaxError('A01[x] > 0').position).toBe(5);
    expect(syntaxError('0 <= A01 <= 100').message).toContain('比较不能连写');
    expect(syntaxError('求和(A01) > 0').message).toContain('未知的函数“求和”');
    expect(syntaxError('同比(1) > 0').message).toContain('参数应为指标');
    expect(syntaxError('abs(A01, A02) > 0').message).toContain('需要 1 个参数，却给了 2 个');
    expect(syntaxError('A01 + 1').message).toBe('第 1 个字符处：公式应是一个条件，如 A01.累计 >= 0，而不只是一个数值');
    expect(syntaxError('A01 且 A02 > 0').message).toBe('第 1 个字符处：“且”左边应为条件（比较或判断），这里却是数值');
    expect(syntaxError('(A01 > 0) + 1 > 0').message).toBe('第 6 个字符处：“+”左边应为数值，这里却是条件（比较或判断）');
    expect(syntaxError('').message).toContain('公式是空的');
    expect(syntaxError('「A01 > 0').message).toContain('缺少与“「”配对的“」”');
    expect(syntaxError('101.累计 > 0').message).toContain('以数字开头的指标代码请写成「101…」');
  });

  it('gives names no meaning beyond the language: nothing outside the expression is reachable', () => {
    // Script-like text is not a rule: names are indicator codes or the language's own words.
    expect(syntaxError('process.exit() > 0').message).toContain('“.”后应为指标项');
    expect(syntaxError('constructor.constructor("return 1")() > 0').position).toBe(13);
    expect(syntaxError('A01.__proto__ > 0').position).toBe(5);
    expect(syntaxError('toString(A01) > 0').message).toContain('未知的函数“toString”');
    expect(syntaxError('`A01` > 0').message).toContain('无法识别的字符');
    expect(syntaxError('A01 > 0; A02 > 0').message).toContain('无法识别的字符“;”');
    // An unknown name is just an indicator code the evaluator will look up (and not find).
    expect(show(parseRule('constructor > 0'))).toBe('(constructor.累计 > 0)');
    expect(() => parseRule(`${'('.repeat(100)}A01 > 0${')'.repeat(100)}`)).toThrow('公式嵌套过深');
    expect(() => parseRule(`A01 > ${'1'.repeat(3000)}`)).toThrow('公式过长');
  });
});
