import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, validateCreditCode } from './credit-code.js';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts valid codes, normalising case, spaces and full-width characters', () => {
    // The standard's own example and two published enterprise codes.
    for (const code of ['91350100M000100Y43', '914403001922038216', '9144030071526726XG']) expect(validateCreditCode(code)).toEqual({ ok: true, code });
    expect(validateCreditCode(' 9144030071526726xg ')).toEqual({ ok: true, code: '9144030071526726XG' });
    expect(validateCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toEqual({ ok: true, code: '91350100M000100Y43' });
  });

  it('computes the check character with weights 3^(i−1) mod 31 and 31 → 0', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckCharacter('9144030071526726X')).toBe('G');
    expect(creditCodeCheckCharacter('91350100M000100YI')).toBeNull();
  });

  it('refuses invalid codes with the reason', () => {
    expect(validateCreditCode('91350100M000100Y44')).toEqual({ ok: false, message: '统一社会信用代码“91350100M000100Y44”校验位不符（第18位应为“3”），请核对是否录错' });
    expect(validateCreditCode('91350100M000100Y4')).toEqual({ ok: false, message: '统一社会信用代码应为18位，“91350100M000100Y4”是17位' });
    expect(validateCreditCode('91350100M0001O0Y43')).toEqual({ ok: false, message: '统一社会信用代码第14位“O”不是有效字符（不使用I、O、Z、S、V）' });
    expect(validateCreditCode('9135A100M000100Y43')).toEqual({ ok: false, message: '统一社会信用代码第3-8位应为行政区划代码（6位数字），而不是“35A100”' });
    expect(validateCreditCode('')).toEqual({ ok: false, message: '统一社会信用代码为空' });
    // A transposition of two characters is caught by the check character.
    expect(validateCreditCode('91351000M000100Y43').ok).toBe(false);
  });
});
