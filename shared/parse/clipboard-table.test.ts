import { describe, expect, it } from 'vitest';
import { parseClipboardTable } from './clipboard-table.js';

describe('parseClipboardTable', () => {
  it('splits Excel rows and tabs, ignoring the trailing line break', () => {
    expect(parseClipboardTable('a\tb\r\nc\td\r\n')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseClipboardTable('a\tb\nc\td\n')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseClipboardTable('a\tb\nc\td')).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('returns no rows for empty text and one cell for a single value', () => {
    expect(parseClipboardTable('')).toEqual([]);
    expect(parseClipboardTable('86.33\r\n')).toEqual([['86.33']]);
  });

  it('keeps empty cells and genuinely empty rows', () => {
    expect(parseClipboardTable('\t1\t\r\n\r\n2\t\t\r\n')).toEqual([['', '1', ''], ['', '', ''], ['2', '', '']]);
  });

  it('reads quoted cells with tabs, line breaks and doubled quotes', () => {
    const text = '"第一行\r\n第二行"\t"a\tb"\r\n"他说""好"""\tx\r\n';
    expect(parseClipboardTable(text)).toEqual([['第一行\r\n第二行', 'a\tb'], ['他说"好"', 'x']]);
  });

  it('takes an unterminated quote literally', () => {
    expect(parseClipboardTable('"abc\tdef\r\n1\t2')).toEqual([['"abc', 'def'], ['1', '2']]);
  });

  it('keeps a quote in the middle of a cell as text', () => {
    expect(parseClipboardTable('5" 屏\t1')).toEqual([['5" 屏', '1']]);
  });

  it('pads ragged rows to a rectangle', () => {
    expect(parseClipboardTable('a\nb\tc\td\n')).toEqual([['a', '', ''], ['b', 'c', 'd']]);
  });
});
