import { normalizeDecimal } from '../stats/decimal.js';
import { convertUnit } from '../stats/units.js';

/**
 * What a clerk's cell text means as a figure.
 *
 * - `number`: `value` is a canonical exact decimal string (`"1234.5"`, never a float), `unit` the
 *   suffix written after it (`'亿元'`, `'%'`), or null when none was written. A percentage keeps
 *   the written number: `"12.5%"` is `{ value: '12.5', unit: '%' }`, because 同比% and 完成进度
 *   are stored in percent, not as fractions.
 * - `empty`: nothing but whitespace.
 * - `not-applicable`: a placeholder for "no figure" such as "—", "——", "-", "－", "/", "／".
 * - `problem`: text we refuse to interpret, with a Chinese message for the clerk.
 */
export type ParsedCellNumber =
  | { kind: 'number'; value: string; unit: string | null }
  | { kind: 'empty' }
  | { kind: 'not-applicable' }
  | { kind: 'problem'; message: string };

/**
 * Units accepted after a number. Anything else after a number is a problem rather than a guess
 * (e.g. a bare "万" could be 万元 or 万人, so "1.2万" is refused).
 */
const KNOWN_UNITS: ReadonlySet<string> = new Set([
  '元', '千元', '万元', '亿元',
  '家', '个', '户', '人', '万人', '人次', '万人次', '家次', '项', '件', '条', '台', '套', '辆', '次', '座', '处',
  '亩', '万亩', '公顷', '平方米', '万平方米', '平方公里', '公里', '米',
  '吨', '万吨', '千瓦时', '万千瓦时', '亿千瓦时',
  '%', '‰', '个百分点', '倍',
]);

/** Spellings folded into one unit name, so callers compare one form. */
const UNIT_ALIASES: Readonly<Record<string, string>> = {
  平米: '平方米',
  百分点: '个百分点',
};

/** Placeholders NBS tables use for "no figure": dashes of every width, slashes. */
const NOT_APPLICABLE = /^(?:[-‐‑‒–—―─━－]+|[/／\\])$/u;

/** Words that make a number approximate (约100, 100左右, 近100, 100余, 100多, 超100, 100以上). */
const APPROXIMATE = /^(?:约|大约|近|将近|超|超过|逾|不足|不到|~|≈|<|>|≤|≥)|(?:左右|上下|余|多|以上|以下|以内|开外)$/u;

// Sign, then an integer part that is either plain digits or correctly grouped by threes with
// commas, then an optional fraction, then an optional exponent (Excel shows big General numbers
// as 1.23E+11). A comma group that is not exactly three digits ("1,23") is the European decimal
// comma or a typo: ambiguous, so it fails this pattern and is reported.
const NUMBER = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/**
 * Parses the text of one cell as a figure, exactly and without guessing.
 *
 * Accepted: surrounding whitespace; full-width digits, signs, points, commas and percent signs
 * ("１２３．５", "－５", "1，234.5"); the Unicode minus "−"; thousands separators grouped by
 * threes ("1,234,567.8"); a trailing known unit ("86.33亿元", "12.5%", "475家次", "3 万元");
 * a leading "¥"/"￥" (Excel currency format) as 元; scientific notation ("1.2E+05").
 *
 * Refused as `problem` (message in Chinese): badly grouped separators ("1,23", "1234,567"), more
 * than one point ("12.3.4"), approximations ("约100", "100左右", "100多"), a bare magnitude word
 * ("1.2万", "3亿": the unit is unclear), unknown units, accounting negatives "(123)", ranges
 * ("100-200"), Excel error values ("#DIV/0!") and any other text.
 */
export function parseCellNumber(text: string): ParsedCellNumber {
  // NFKC folds full-width digits, signs, points, commas, "％" and the ideographic space to ASCII.
  // "㎡"/"m²" are replaced first because NFKC would turn them into "m2", digits included.
  const folded = text.replace(/㎡|m²/gu, '平方米').normalize('NFKC').replace(/\u2212/gu, '-').trim();
  if (folded === '') return { kind: 'empty' };
  if (NOT_APPLICABLE.test(folded)) return { kind: 'not-applicable' };
  const shown = text.trim();
  if (folded.startsWith('#')) return problem(`“${shown}”是公式错误值，请先修正原表中的公式`);
  if (/^\(.*\)$/u.test(folded)) return problem(`“${shown}”带括号，无法确定是否为负数，请直接写负号（如 -123）`);
  if (APPROXIMATE.test(folded)) return problem(`“${shown}”是约数，请填写确切数字`);

  let body = folded;
  let unit: string | null = null;
  if (/^[¥]/u.test(body)) {
    body = body.slice(1).trim();
    unit = '元';
  }
  const split = /^(.*?[\d.])\s*([^\d.,\s+-][^\d]*)$/u.exec(body);
  if (split?.[1] !== undefined && split[2] !== undefined) {
    const suffix = UNIT_ALIASES[split[2].trim()] ?? split[2].trim();
    if (unit !== null) return problem(`“${shown}”同时写了货币符号和单位“${suffix}”，请只保留一种写法`);
    if (suffix === '万' || suffix === '亿' || suffix === '千' || suffix === '百') {
      return problem(`“${shown}”中的“${suffix}”没有写明单位（万元？万人？），请写完整单位或填写数字`);
    }
    if (!KNOWN_UNITS.has(suffix)) return problem(`“${shown}”中的“${suffix}”不是可识别的单位`);
    body = split[1];
    unit = suffix;
  }

  const match = NUMBER.exec(body);
  const [, sign = '', integer, fraction, exponent] = match ?? [];
  if (match === null || (integer === undefined && (fraction === undefined || fraction === ''))) {
    return problem(describeUnreadable(shown, body));
  }
  const plain = `${sign}${(integer ?? '0').replace(/,/gu, '')}${fraction ? `.${fraction}` : ''}${exponent === undefined ? '' : `e${exponent}`}`;
  return { kind: 'number', value: normalizeDecimal(plain), unit };
}

/**
 * Converts an exact decimal string between 元/千元/万元/亿元 (and the other power-of-ten unit
 * families of `shared/stats/units.ts`, e.g. 平方米/万平方米), e.g. ('86.33', '亿元', '万元') →
 * '863300'. A unit converted to itself returns the canonical value. Returns null when the units
 * are incompatible (亿元 → 家) or `value` is not a decimal string.
 */
export function convertAmountUnit(value: string, from: string, to: string): string | null {
  try {
    const converted = convertUnit(value, from, to);
    return converted.ok ? converted.value : null;
  } catch {
    return null; // not a decimal string: the caller gets "cannot convert", not an exception
  }
}

function problem(message: string): ParsedCellNumber {
  return { kind: 'problem', message };
}

/** Picks the most useful explanation for text that is not a number. */
function describeUnreadable(shown: string, body: string): string {
  if ((body.match(/\./gu) ?? []).length > 1) return `“${shown}”含有多个小数点，无法确定数值`;
  if (/\d,\d/u.test(body)) return `“${shown}”的千分位逗号位置不对（应每三位一个），无法确定是千分位还是小数点`;
  if (/\d\s+\d/u.test(body)) return `“${shown}”中数字之间有空格，无法确定数值`;
  if (/\d[-~～至]\d/u.test(body)) return `“${shown}”像是一个范围，请填写一个确切数字`;
  return `“${shown}”不是数字`;
}
