import { describe, expect, it } from 'vitest';
import { convertUnit, unitExponent } from './units.js';

describe('convertUnit', () => {
  it.each([
    ['863300', '万元', '亿元', '86.33'],
    ['86.33', '亿元', '万元', '863300'],
    ['4719', '万元', '元', '47190000'],
    ['47190000', '元', '亿元', '0.4719'],
    ['5656', '万元', '亿元', '0.5656'],
    ['1234.5', '千元', '万元', '123.45'],
    ['3.82', '万平方米', '平方米', '38200'],
    ['3.42', '平方公里', '万平方米', '342'],
  ])('%s %s = %s %s', (value, from, to, expected) => {
    expect(convertUnit(value, from, to)).toEqual({ ok: true, value: expected });
  });

  it.each([['家'], ['个'], ['%'], ['亩'], ['人次'], ['件']])('passes %s through unchanged', (unit) => {
    expect(convertUnit('475', unit, unit)).toEqual({ ok: true, value: '475' });
  });

  it.each([
    ['万元', '家'],
    ['亿元', '%'],
    ['亩', '平方米'],
    ['人', '人次'],
    ['家', '个'],
  ])('refuses to convert %s to %s instead of guessing', (from, to) => {
    expect(convertUnit('1', from, to)).toEqual({ ok: false, error: 'incompatible-units', from, to });
  });

  it('keeps a missing figure missing', () => {
    expect(convertUnit(null, '万元', '亿元')).toEqual({ ok: true, value: null });
  });

  it('round-trips entry unit → display unit → entry unit exactly', () => {
    const shown = convertUnit('123456.789', '元', '亿元');
    expect(shown).toEqual({ ok: true, value: '0.00123456789' });
    expect(convertUnit('0.00123456789', '亿元', '元')).toEqual({ ok: true, value: '123456.789' });
  });

  it('does not treat inherited object keys as units', () => {
    expect(unitExponent('toString', '元')).toBeNull();
  });
});
