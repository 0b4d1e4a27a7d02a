/**
 * The audit rule language (审核公式): a small expression language over indicator figures, parsed
 * by a tokenizer and a recursive-descent parser into a plain tree. Nothing is ever handed to
 * `eval`/`Function`, and names resolve only through the fixed tables below, so a rule can reach
 * nothing but the figures the evaluator gives it.
 *
 * Syntax (full-width ＜＞＝（），．［］ and ≤ ≥ ≠ are accepted as typed in a Chinese IME):
 *
 *   ref       := target [ "." 指标项 ] [ "[" [+|-] 整数 "]" ]
 *   target    := 指标代码 (A0102) | 「代码或名称」 | 本项 | 上级
 *   指标项     := 本月 | 累计 | 上年同期 | 可比基数 | 目标 | 完成进度 | 上月累计 | 同比   (default 累计)
 *   [-1]      := the same figure one calendar month earlier; [-12] = the same month last year.
 *                A month with no return of its own (January of a 1-2月 form) is empty.
 *   月份, 首期  := the audited month (1–12); true on the first return of the year (1月, or 1-2月).
 *
 * Operators, loosest first: `=>` (implies, right-assoc) · `或` `or` `||` · `且` `and` `&&` ·
 * `非` `not` `!` · comparisons `< <= > >= = == != <>` (not chained) · `+ -` · `* /` · unary `-`.
 * Functions: see {@link RULE_FUNCTIONS}.
 */

/** The figure of an indicator a reference reads. */
export type RuleFigure = '本月' | '累计' | '上年同期' | '可比基数' | '目标' | '完成进度' | '上月累计' | '同比';

/** Figure names accepted after `.` (aliases included), mapped to the figure they read. */
const FIGURE_NAMES: ReadonlyMap<string, RuleFigure> = new Map([
  ['本月', '本月'],
  ['当月', '本月'],
  ['累计', '累计'],
  ['本期', '累计'],
  ['上年同期', '上年同期'],
  ['可比基数', '可比基数'],
  ['可比口径', '可比基数'],
  ['目标', '目标'],
  ['年度目标', '目标'],
  ['完成进度', '完成进度'],
  ['上月累计', '上月累计'],
  ['上月止累计', '上月累计'],
  ['同比', '同比'],
]);

/** What an argument of a function must be: any number, or a reference to a figure. */
type ParamKind = 'number' | 'ref';

/** A function of the language: its parameters and what it returns. */
export interface RuleFunction {
  readonly name: string;
  readonly params: readonly ParamKind[];
  /** True when the last parameter may repeat (最大/最小). */
  readonly variadic?: boolean;
  readonly returns: 'number' | 'boolean';
  /** One line of Chinese help for the rule editor. */
  readonly help: string;
}

const FUNCTION_LIST: readonly RuleFunction[] = [
  { name: 'abs', params: ['number'], returns: 'number', help: 'abs(x)：绝对值' },
  { name: '最大', params: ['number', 'number'], variadic: true, returns: 'number', help: '最大(x, y, …)：最大值' },
  { name: '最小', params: ['number', 'number'], variadic: true, returns: 'number', help: '最小(x, y, …)：最小值' },
  { name: '同比', params: ['ref'], returns: 'number', help: '同比(A01)：同比增长%（累计对上年同期；比率为百分点；A01.本月 则对上年同月）' },
  { name: '环比', params: ['ref'], returns: 'number', help: '环比(A01)：本月对上月的增长%' },
  { name: '变号', params: ['ref'], returns: 'boolean', help: '变号(A01)：与上年同期一正一负（扭亏为盈或由盈转亏）' },
  { name: '非空', params: ['ref'], returns: 'boolean', help: '非空(A01.本月)：已填报（或可推算）' },
  { name: '为空', params: ['ref'], returns: 'boolean', help: '为空(A01.本月)：未填报' },
  { name: '其中合计', params: ['ref'], returns: 'number', help: '其中合计(本项.累计)：该指标各其中项之和' },
  { name: '整数', params: ['number'], returns: 'boolean', help: '整数(x)：是整数' },
  { name: '量级', params: ['number', 'number'], returns: 'number', help: '量级(x, y)：x/y 的数量级（10 的几次方，四舍五入）' },
  { name: '偏离度', params: ['ref'], returns: 'number', help: '偏离度(本项.本月)：与历年同月比较的修正 z 分数' },
];

/** The functions of the language, by name (`绝对值` is an alias of `abs`). */
export const RULE_FUNCTIONS: ReadonlyMap<string, RuleFunction> = new Map([
  ...FUNCTION_LIST.map((f) => [f.name, f] as const),
  ['绝对值', FUNCTION_LIST[0] as RuleFunction],
  ['ABS', FUNCTION_LIST[0] as RuleFunction],
]);

/** Names of the variables of the language. */
export type RuleVariable = '月份' | '首期';

export type CompareOp = '<' | '<=' | '>' | '>=' | '=' | '!=';
export type ArithmeticOp = '+' | '-' | '*' | '/';
export type LogicOp = '且' | '或' | '=>';

/** A node of a parsed rule. `pos` is the 1-based character position in the rule text. */
export type RuleExpr =
  | { type: 'number'; value: string; pos: number }
  | { type: 'ref'; target: string; quoted: boolean; figure: RuleFigure; explicitFigure: boolean; offset: number; pos: number }
  | { type: 'var'; name: RuleVariable; pos: number }
  | { type: 'call'; fn: RuleFunction; args: RuleExpr[]; pos: number }
  | { type: 'neg'; operand: RuleExpr; pos: number }
  | { type: 'not'; operand: RuleExpr; pos: number }
  | { type: 'arith'; op: ArithmeticOp; left: RuleExpr; right: RuleExpr; pos: number }
  | { type: 'compare'; op: CompareOp; left: RuleExpr; right: RuleExpr; pos: number }
  | { type: 'logic'; op: LogicOp; left: RuleExpr; right: RuleExpr; pos: number };

/** A syntax error in a rule: a Chinese message and the 1-based position it points at. */
export class RuleSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly position: number,
  ) {
    super(`第 ${position} 个字符处：${detail}`);
    this.name = 'RuleSyntaxError';
  }
}

type TokenKind = 'number' | 'name' | 'quoted' | 'op' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

/** Longest operators first, so `<=` is never read as `<` then `=`. */
const OPERATORS = ['=>', '<=', '>=', '==', '!=', '<>', '&&', '||', '<', '>', '=', '+', '-', '*', '/', '(', ')', ',', '.', '[', ']', '!', '≤', '≥', '≠', '⇒'];
const OPERATOR_ALIASES: ReadonlyMap<string, string> = new Map([
  ['==', '='],
  ['<>', '!='],
  ['≠', '!='],
  ['≤', '<='],
  ['≥', '>='],
  ['⇒', '=>'],
  ['&&', '且'],
  ['||', '或'],
  ['!', '非'],
]);
const WORD_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['且', '且'],
  ['并且', '且'],
  ['and', '且'],
  ['或', '或'],
  ['或者', '或'],
  ['or', '或'],
  ['非', '非'],
  ['not', '非'],
]);
/** Full-width characters a Chinese IME types, one for one, so positions stay right. */
const FULL_WIDTH: ReadonlyMap<string, string> = new Map([...'（）［］＜＞＝！，．＋－＊／'].map((c) => [c, String.fromCharCode(c.charCodeAt(0) - 0xfee0)] as const).concat([
  ['×', '*'],
  ['÷', '/'],
  ['【', '['],
  ['】', ']'],
  ['。', '.'],
]));

/** The longest rule text accepted; a rule is one line of logic, not a program. */
export const MAX_RULE_LENGTH = 2000;
const MAX_DEPTH = 60;

const isNameStart = (c: string): boolean => /[A-Za-z_\u3400-\u9fff]/.test(c);
const isNamePart = (c: string): boolean => /[A-Za-z0-9_\u3400-\u9fff]/.test(c);

function tokenize(source: string): Token[] {
  const text = [...source].map((c) => FULL_WIDTH.get(c) ?? c).join('');
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c) || c === '　') {
      i += 1;
      continue;
    }
    const pos = i + 1;
    if (/[0-9]/.test(c)) {
      const match = /^\d+(\.\d+)?/.exec(text.slice(i));
      const number = match?.[0] ?? c;
      const after = text.charAt(i + number.length);
      if (isNameStart(after) || (after === '.' && isNameStart(text.charAt(i + number.length + 1)))) {
        throw new RuleSyntaxError(`“${text.slice(i, i + number.length + 1)}”不是数值也不是指标代码；以数字开头的指标代码请写成「${number}…」`, pos);
      }
      tokens.push({ kind: 'number', text: number, pos });
      i += number.length;
      continue;
    }
    if (c === '「' || c === '“' || c === '"') {
      const close = c === '「' ? '」' : c === '“' ? '”' : '"';
      const end = text.indexOf(close, i + 1);
      if (end < 0) throw new RuleSyntaxError(`缺少与“${c}”配对的“${close}”`, pos);
      const inner = text.slice(i + 1, end).trim();
      if (inner === '') throw new RuleSyntaxError(`“${c}${close}”里应写指标代码或名称`, pos);
      tokens.push({ kind: 'quoted', text: inner, pos });
      i = end + 1;
      continue;
    }
    if (isNameStart(c)) {
      let j = i + 1;
      while (j < text.length && isNamePart(text.charAt(j))) j += 1;
      tokens.push({ kind: 'name', text: text.slice(i, j), pos });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) throw new RuleSyntaxError(`无法识别的字符“${c}”`, pos);
    tokens.push({ kind: 'op', text: OPERATOR_ALIASES.get(op) ?? op, pos });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', pos: text.length + 1 });
  return tokens;
}

const COMPARE_OPS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '=', '!=']);
const describeToken = (t: Token): string => (t.kind === 'end' ? '公式结尾' : `“${t.text}”`);

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private get current(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const token = this.current;
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  /** The current token as an operator word (且/或/非 and their aliases), else its operator text. */
  private operator(): string | null {
    const token = this.current;
    if (token.kind === 'op') return token.text;
    if (token.kind === 'name') return WORD_OPERATORS.get(token.text.toLowerCase()) ?? null;
    return null;
  }

  private expect(text: string, what: string): Token {
    const token = this.current;
    if (token.kind === 'op' && token.text === text) return this.next();
    throw new RuleSyntaxError(`此处应为${what}，却是${describeToken(token)}`, token.pos);
  }

  private nested<T>(pos: number, parse: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new RuleSyntaxError('公式嵌套过深', pos);
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  parseRule(): RuleExpr {
    if (this.current.kind === 'end') throw new RuleSyntaxError('公式是空的', this.current.pos);
    const expr = this.implication();
    const rest = this.current;
    if (rest.kind !== 'end') throw new RuleSyntaxError(`多余的${describeToken(rest)}（是否缺少运算符？）`, rest.pos);
    return expr;
  }

  private implication(): RuleExpr {
    const left = this.or();
    if (this.operator() !== '=>') return left;
    const pos = this.next().pos;
    const right = this.nested(pos, () => this.implication());
    return { type: 'logic', op: '=>', left, right, pos };
  }

  private or(): RuleExpr {
    let left = this.and();
    while (this.operator() === '或') {
      const pos = this.next().pos;
      left = { type: 'logic', op: '或', left, right: this.and(), pos };
    }
    return left;
  }

  private and(): RuleExpr {
    let left = this.not();
    while (this.operator() === '且') {
      const pos = this.next().pos;
      left = { type: 'logic', op: '且', left, right: this.not(), pos };
    }
    return left;
  }

  private not(): RuleExpr {
    if (this.operator() === '非') {
      const pos = this.next().pos;
      return { type: 'not', operand: this.nested(pos, () => this.not()), pos };
    }
    return this.comparison();
  }

  private comparison(): RuleExpr {
    const left = this.sum();
    const op = this.operator();
    if (op === null || !COMPARE_OPS.has(op)) return left;
    const pos = this.next().pos;
    const right = this.sum();
    const again = this.operator();
    if (again !== null && COMPARE_OPS.has(again)) {
      throw new RuleSyntaxError('比较不能连写（如 a <= b <= c），请写成 a <= b 且 b <= c', this.current.pos);
    }
    return { type: 'compare', op: op as CompareOp, left, right, pos };
  }

  private sum(): RuleExpr {
    let left = this.product();
    for (let op = this.operator(); op === '+' || op === '-'; op = this.operator()) {
      const pos = this.next().pos;
      left = { type: 'arith', op, left, right: this.product(), pos };
    }
    return left;
  }

  private product(): RuleExpr {
    let left = this.unary();
    for (let op = this.operator(); op === '*' || op === '/'; op = this.operator()) {
      const pos = this.next().pos;
      left = { type: 'arith', op, left, right: this.unary(), pos };
    }
    return left;
  }

  private unary(): RuleExpr {
    const op = this.operator();
    if (op === '-' || op === '+') {
      const pos = this.next().pos;
      const operand = this.nested(pos, () => this.unary());
      return op === '-' ? { type: 'neg', operand, pos } : operand;
    }
    return this.primary();
  }

  private primary(): RuleExpr {
    const token = this.current;
    if (token.kind === 'number') {
      this.next();
      return { type: 'number', value: token.text, pos: token.pos };
    }
    if (token.kind === 'op' && token.text === '(') {
      this.next();
      const inner = this.nested(token.pos, () => this.implication());
      this.expect(')', '右括号“)”');
      return inner;
    }
    if (token.kind === 'quoted') {
      this.next();
      return this.reference(token.text, true, token.pos);
    }
    if (token.kind === 'name' && !WORD_OPERATORS.has(token.text.toLowerCase())) {
      this.next();
      const after = this.current;
      if (after.kind === 'op' && after.text === '(') return this.call(token);
      if (token.text === '月份' || token.text === '首期') return { type: 'var', name: token.text, pos: token.pos };
      if (RULE_FUNCTIONS.has(token.text)) throw new RuleSyntaxError(`函数“${token.text}”后应跟括号，如 ${token.text}(A01)`, after.pos);
      return this.reference(token.text, false, token.pos);
    }
    if (token.kind === 'end') throw new RuleSyntaxError('公式不完整：结尾处还缺少数值或指标', token.pos);
    throw new RuleSyntaxError(`此处应为数值、指标或函数，却是${describeToken(token)}`, token.pos);
  }

  private call(name: Token): RuleExpr {
    const fn = RULE_FUNCTIONS.get(name.text) ?? RULE_FUNCTIONS.get(name.text.toLowerCase());
    if (!fn) throw new RuleSyntaxError(`未知的函数“${name.text}”。可用的函数：${FUNCTION_LIST.map((f) => f.name).join('、')}`, name.pos);
    this.next();
    const args: RuleExpr[] = [];
    if (!(this.current.kind === 'op' && this.current.text === ')')) {
      args.push(this.nested(name.pos, () => this.implication()));
      while (this.current.kind === 'op' && this.current.text === ',') {
        this.next();
        args.push(this.nested(name.pos, () => this.implication()));
      }
    }
    this.expect(')', `“${fn.name}”的右括号“)”`);
    const count = fn.params.length;
    if (args.length < count || (!fn.variadic && args.length > count)) {
      throw new RuleSyntaxError(`函数“${fn.name}”需要${fn.variadic ? '至少' : ''} ${count} 个参数，却给了 ${args.length} 个`, name.pos);
    }
    return { type: 'call', fn, args, pos: name.pos };
  }

  private reference(target: string, quoted: boolean, pos: number): RuleExpr {
    let figure: RuleFigure = '累计';
    let explicitFigure = false;
    if (this.current.kind === 'op' && this.current.text === '.') {
      this.next();
      const name = this.current;
      const found = name.kind === 'name' ? FIGURE_NAMES.get(name.text) : undefined;
      if (!found) throw new RuleSyntaxError(`“.”后应为指标项：${[...new Set(FIGURE_NAMES.values())].join('、')}，却是${describeToken(name)}`, name.pos);
      this.next();
      figure = found;
      explicitFigure = true;
    }
    let offset = 0;
    if (this.current.kind === 'op' && this.current.text === '[') {
      const open = this.next();
      let sign = 1;
      const op = this.operator();
      if (op === '-' || op === '+') {
        sign = op === '-' ? -1 : 1;
        this.next();
      }
      const number = this.current;
      if (number.kind !== 'number' || !/^\d+$/.test(number.text) || Number(number.text) > 120) {
        throw new RuleSyntaxError('“[ ]”里应为相隔的月数，如 [-1]（上月）、[-12]（上年同月），最多 120 个月', number.pos);
      }
      this.next();
      offset = sign * Number(number.text);
      if (offset > 0) throw new RuleSyntaxError('只能引用本期及以前的期别：月数应为负数，如 [-1]', open.pos);
      this.expect(']', '右方括号“]”');
    }
    return { type: 'ref', target, quoted, figure, explicitFigure, offset, pos };
  }
}

type ValueType = 'number' | 'boolean';
const TYPE_WORDS: Record<ValueType, string> = { number: '数值', boolean: '条件（比较或判断）' };

function typeOf(expr: RuleExpr): ValueType {
  const want = (e: RuleExpr, type: ValueType, role: string): void => {
    const got = typeOf(e);
    if (got !== type) throw new RuleSyntaxError(`${role}应为${TYPE_WORDS[type]}，这里却是${TYPE_WORDS[got]}`, e.pos);
  };
  switch (expr.type) {
    case 'number':
    case 'ref':
      return 'number';
    case 'var':
      return expr.name === '首期' ? 'boolean' : 'number';
    case 'neg':
      want(expr.operand, 'number', '负号后');
      return 'number';
    case 'not':
      want(expr.operand, 'boolean', '“非”后');
      return 'boolean';
    case 'arith':
      want(expr.left, 'number', `“${expr.op}”左边`);
      want(expr.right, 'number', `“${expr.op}”右边`);
      return 'number';
    case 'compare':
      want(expr.left, 'number', '比较的左边');
      want(expr.right, 'number', '比较的右边');
      return 'boolean';
    case 'logic':
      want(expr.left, 'boolean', `“${expr.op}”左边`);
      want(expr.right, 'boolean', `“${expr.op}”右边`);
      return 'boolean';
    case 'call':
      expr.args.forEach((arg, i) => {
        const kind = expr.fn.params[Math.min(i, expr.fn.params.length - 1)];
        if (kind === 'ref' && arg.type !== 'ref') throw new RuleSyntaxError(`函数“${expr.fn.name}”的参数应为指标，如 ${expr.fn.name}(A01)`, arg.pos);
        want(arg, 'number', `函数“${expr.fn.name}”的第 ${i + 1} 个参数`);
      });
      return expr.fn.returns;
  }
}

/**
 * Parses a rule into its tree and checks that it is a condition with the right kind of operand
 * everywhere (numbers compared, conditions combined).
 * @throws RuleSyntaxError with a Chinese message and the 1-based position.
 */
export function parseRule(source: string): RuleExpr {
  if (source.length > MAX_RULE_LENGTH) throw new RuleSyntaxError(`公式过长（最多 ${MAX_RULE_LENGTH} 个字符）`, MAX_RULE_LENGTH + 1);
  const expr = new Parser(tokenize(source)).parseRule();
  if (typeOf(expr) !== 'boolean') throw new RuleSyntaxError('公式应是一个条件，如 A01.累计 >= 0，而不只是一个数值', 1);
  return expr;
}

/** Every reference of a rule, in reading order (function arguments included). */
export function ruleReferences(expr: RuleExpr): Array<Extract<RuleExpr, { type: 'ref' }> & { via: RuleFunction | null }> {
  const found: Array<Extract<RuleExpr, { type: 'ref' }> & { via: RuleFunction | null }> = [];
  const walk = (e: RuleExpr, via: RuleFunction | null): void => {
    switch (e.type) {
      case 'ref':
        found.push({ ...e, via });
        return;
      case 'call':
        for (const arg of e.args) walk(arg, e.fn);
        return;
      case 'neg':
      case 'not':
        walk(e.operand, via);
        return;
      case 'arith':
      case 'compare':
      case 'logic':
        walk(e.left, via);
        walk(e.right, via);
        return;
      default:
        return;
    }
  };
  walk(expr, null);
  return found;
}
