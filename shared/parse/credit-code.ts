/**
 * 统一社会信用代码 (unified social credit code) per GB 32100-2015: 18 characters —
 * 登记管理部门码 (1), 机构类别码 (1), 登记管理机关行政区划码 (6 digits), 主体标识码 (9, the
 * organisation code of GB 11714), 校验码 (1). Characters come from the 31 of
 * "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, Z, S, V). The check character is
 * C18 = 31 − (Σ Ci × Wi mod 31) with Wi = 3^(i−1) mod 31, and 31 written as 0.
 */

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Result of {@link validateCreditCode}: the code in canonical form, or a Chinese reason. */
export type CreditCodeCheck = { ok: true; code: string } | { ok: false; message: string };

/** The check character (18th) a 17-character code body should end with, or null when the body has a character outside the charset. */
export function creditCodeCheckCharacter(body: string): string | null {
  if (body.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(body.charAt(i));
    if (value < 0) return null;
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return CHARSET.charAt(check);
}

/**
 * Validates a 统一社会信用代码 as a clerk types or pastes it: surrounding spaces, lower case and
 * full-width letters/digits are accepted and normalised; anything else is refused with the reason
 * (length, a character that cannot occur, a non-digit 行政区划码, a wrong check character).
 * Example: "91350100M000100Y43" → ok.
 */
export function validateCreditCode(text: string): CreditCodeCheck {
  // Full-width Ａ-Ｚ, ａ-ｚ, ０-９ are shifted to ASCII; the code itself is ASCII.
  const code = text
    .trim()
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase();
  if (code === '') return { ok: false, message: '统一社会信用代码为空' };
  if (code.length !== 18) return { ok: false, message: `统一社会信用代码应为18位，“${code}”是${code.length}位` };
  const bad = [...code].findIndex((c) => !CHARSET.includes(c));
  if (bad >= 0) return { ok: false, message: `统一社会信用代码第${bad + 1}位“${code.charAt(bad)}”不是有效字符（不使用I、O、Z、S、V）` };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, message: `统一社会信用代码第3-8位应为行政区划代码（6位数字），而不是“${code.slice(2, 8)}”` };
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (expected !== code.charAt(17)) return { ok: false, message: `统一社会信用代码“${code}”校验位不符（第18位应为“${expected ?? '?'}”），请核对是否录错` };
  return { ok: true, code };
}
