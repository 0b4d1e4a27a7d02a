import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeDecimal } from '../stats/decimal.js';
import { convertAmountUnit, parseCellNumber } from './cell-number.js';

function num(text: string): { value: string; unit: string | null } | string {
  const parsed = parseCellNumber(text);
  return parsed.kind === 'number' ? { value: parsed.value, unit: parsed.unit } : parsed.kind;
}

describe('parseCellNumber', () => {
  it.each([
    ['1234.5', '1234.5', null],
    ['1,234.5', '1234.5', null],
    ['1，234.5', '1234.5', null],
    ['12,345,678.90', '12345678.9', null],
    ['１２３', '123', null],
    ['１２３．５', '123.5', null],
    ['－５', '-5', null],
    ['−5', '-5', null],
    ['+7', '7', null],
    ['  42  ', '42', null],
    ['\u3000４２\u3000', '42', null],
    ['0.50', '0.5', null],
    ['-0', '0', null],
    ['.5', '0.5', null],
    ['5.', '5', null],
    ['007', '7', null],
    ['1.2E+05', '120000', null],
    ['86.33亿元', '86.33', '亿元'],
    ['86.33 亿元', '86.33', '亿元'],
    ['4719万元', '4719', '万元'],
    ['12.5%', '12.5', '%'],
    ['－2.6％', '-2.6', '%'],
    ['475家次', '475', '家次'],
    ['2612条', '2612', '条'],
    ['3.5个百分点', '3.5', '个百分点'],
    ['120平米', '120', '平方米'],
    ['120㎡', '120', '平方米'],
    ['￥1,234.00', '1234', '元'],
    ['16.8倍', '16.8', '倍'],
  ])('%s → %s %s', (text, value, unit) => {
    expect(num(text)).toEqual({ value, unit });
  });

  it('keeps every digit exactly (no binary floats)', () => {
    expect(num('12345678901234567890.123456789')).toEqual({ value: '12345678901234567890.123456789', unit: null });
    expect(num('0.1')).toEqual({ value: '0.1', unit: null });
  });

  it.each(['', '   ', '\u3000', '\t'])('blank %j is empty', (text) => {
    expect(num(text)).toBe('empty');
  });

  it.each(['—', '——', '-', '－', '--', '/', '／', ' — ', '–'])('%s is not applicable', (text) => {
    expect(num(text)).toBe('not-applicable');
  });

  it.each([
    ['1,23', '千分位'],
    ['1234,567', '千分位'],
    ['12.3.4', '多个小数点'],
    ['约100', '约数'],
    ['100左右', '约数'],
    ['100多', '约数'],
    ['近100', '约数'],
    ['100以上', '约数'],
    ['1.2万', '没有写明单位'],
    ['3亿', '没有写明单位'],
    ['100公斤', '不是可识别的单位'],
    ['(123)', '括号'],
    ['100-200', '范围'],
    ['1 234', '空格'],
    ['#DIV/0!', '公式错误值'],
    ['abc', '不是数字'],
    ['+', '不是数字'],
    ['.', '不是数字'],
    ['¥5万元', '货币符号'],
    ['12%元', '不是可识别的单位'],
  ])('%s is a problem mentioning %s', (text, fragment) => {
    const parsed = parseCellNumber(text);
    expect(parsed.kind).toBe('problem');
    if (parsed.kind === 'problem') {
      expect(parsed.message).toContain(fragment);
      expect(parsed.message).toContain(text.trim());
    }
  });
});

describe('convertAmountUnit', () => {
  it('converts exactly between 元/万元/亿元', () => {
    expect(convertAmountUnit('86.33', '亿元', '万元')).toBe('863300');
    expect(convertAmountUnit('4719', '万元', '亿元')).toBe('0.4719');
    expect(convertAmountUnit('1', '元', '亿元')).toBe('0.00000001');
    expect(convertAmountUnit('123456789012345678901234.5', '元', '万元')).toBe('12345678901234567890.12345');
    expect(convertAmountUnit('1.50', '万元', '万元')).toBe('1.5');
  });

  it('returns null for incompatible units or non-numbers', () => {
    expect(convertAmountUnit('1', '亿元', '家')).toBeNull();
    expect(convertAmountUnit('1', '%', '万元')).toBeNull();
    expect(convertAmountUnit('1,000', '元', '万元')).toBeNull();
  });
});

describe('parseCellNumber properties', () => {
  const decimal = fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }))
    .map(([negative, integer, fraction]) => `${negative ? '-' : ''}${integer}${fraction === undefined ? '' : `.${fraction}`}`);
  const group = (plain: string): string => plain.replace(/^(-?)(\d+)/, (_, sign: string, digits: string) => sign + digits.replace(/\B(?=(\d{3})+$)/g, ','));
  const fullWidth = (text: string): string => text.replace(/[0-9.,-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

  it('reads plain, grouped and full-width forms of any decimal exactly', () => {
    fc.assert(
      fc.property(decimal, (plain) => {
        const expected = { kind: 'number', value: normalizeDecimal(plain), unit: null };
        expect(parseCellNumber(plain)).toEqual(expected);
        expect(parseCellNumber(group(plain))).toEqual(expected);
        expect(parseCellNumber(fullWidth(group(plain)))).toEqual(expected);
      }),
    );
  });
});
