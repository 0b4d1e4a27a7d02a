import { describe, expect, it } from 'vitest';
import { minimalXlsx, sheetXml } from '../../../tests/fixtures/hostile-files.js';
import { patchSheetXml, SheetPatchError } from './sheet-xml-patch.js';
import { fillTemplateBytes, setFullCalcOnLoad } from './xlsx-fill.js';
import { openXlsxPackage, partText } from './xlsx-package.js';
import { readPackageSnapshot } from './xlsx-read-package.js';

const num = (value: string) => ({ kind: 'number' as const, value });
const at = (row: number, col: number) => ({ row, col });

describe('patchSheetXml', () => {
  it('replaces a cell keeping its style and dropping its old type', () => {
    const xml = sheetXml('<row r="2" spans="1:3"><c r="A2" s="4" t="s"><v>0</v></c><c r="B2" s="7" t="s"><v>3</v></c></row>');
    const out = patchSheetXml(xml, [{ pos: at(1, 1), value: num('86.33') }]);
    expect(out).toBe(xml.replace('<c r="B2" s="7" t="s"><v>3</v></c>', '<c r="B2" s="7"><v>86.33</v></c>'));
  });

  it('inserts cells in column order, widening spans', () => {
    const xml = sheetXml('<row r="1" spans="2:2"><c r="B1"><v>1</v></c></row>');
    const out = patchSheetXml(xml, [{ pos: at(0, 3), value: num('4') }, { pos: at(0, 0), value: num('0') }]);
    expect(out).toContain('<row r="1" spans="1:4"><c r="A1"><v>0</v></c><c r="B1"><v>1</v></c><c r="D1"><v>4</v></c></row>');
  });

  it('opens self-closing rows and sheetData, inserting rows in order', () => {
    expect(patchSheetXml(sheetXml('<row r="3" ht="20" customHeight="1"/>'), [{ pos: at(2, 0), value: num('1') }])).toContain(
      '<row r="3" ht="20" customHeight="1"><c r="A3"><v>1</v></c></row>',
    );
    const empty = sheetXml('').replace('<sheetData></sheetData>', '<sheetData/>');
    expect(patchSheetXml(empty, [{ pos: at(1, 1), value: num('2') }])).toContain('<sheetData><row r="2"><c r="B2"><v>2</v></c></row></sheetData>');
    const between = patchSheetXml(sheetXml('<row r="1"><c r="A1"><v>1</v></c></row><row r="9"><c r="A9"><v>9</v></c></row>'), [{ pos: at(4, 0), value: num('5') }]);
    expect(between).toContain('</row><row r="5"><c r="A5"><v>5</v></c></row><row r="9">');
  });

  it('uses the column default style for new cells and grows the dimension', () => {
    const xml = sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>', { dimension: 'A1' }).replace('<sheetData>', '<cols><col min="2" max="3" width="12" style="5" customWidth="1"/></cols><sheetData>');
    const out = patchSheetXml(xml, [{ pos: at(3, 2), value: num('3') }]);
    expect(out).toContain('<c r="C4" s="5"><v>3</v></c>');
    expect(out).toContain('<dimension ref="A1:C4"/>');
  });

  it('a cell inserted into an existing row takes the style Excel would give it: row (customFormat), else column', () => {
    // Column C formats as s="5"; rows 5 and 8 carry their own format (customFormat="1"), row 6 has
    // an s= without customFormat, which Excel ignores; column D has no style at all.
    const rows = [
      '<row r="5" s="3" customFormat="1"><c r="A5"><v>1</v></c></row>',
      '<row r="6" s="3"><c r="A6"><v>1</v></c></row>',
      '<row r="7"><c r="A7" s="2"><v>1</v></c><c r="E7" s="9"/></row>',
      '<row r="8" s="4" customFormat="1" ht="20" customHeight="1"/>',
      '<row r="9"><c r="A9"><v>1</v></c></row>',
    ].join('');
    const xml = sheetXml(rows).replace('<sheetData>', '<cols><col min="3" max="3" width="12" style="5" customWidth="1"/></cols><sheetData>');
    const out = patchSheetXml(xml, [
      { pos: at(4, 2), value: num('5') },
      { pos: at(5, 2), value: num('6') },
      { pos: at(6, 2), value: num('7') },
      { pos: at(7, 2), value: num('8') },
      { pos: at(8, 3), value: num('9') },
    ]);
    expect(out).toContain('<row r="5" s="3" customFormat="1"><c r="A5"><v>1</v></c><c r="C5" s="3"><v>5</v></c></row>');
    expect(out).toContain('<row r="6" s="3"><c r="A6"><v>1</v></c><c r="C6" s="5"><v>6</v></c></row>');
    expect(out).toContain('<row r="7"><c r="A7" s="2"><v>1</v></c><c r="C7" s="5"><v>7</v></c><c r="E7" s="9"/></row>');
    expect(out).toContain('<row r="8" s="4" customFormat="1" ht="20" customHeight="1"><c r="C8" s="4"><v>8</v></c></row>');
    expect(out).toContain('<row r="9"><c r="A9"><v>1</v></c><c r="D9"><v>9</v></c></row>');
  });

  it('writes text as an escaped inline string and clears cells keeping their style', () => {
    const xml = sheetXml('<row r="1"><c r="A1" s="2"><v>1</v></c></row>');
    expect(patchSheetXml(xml, [{ pos: at(0, 0), value: { kind: 'text', value: ' a<b&"c" ' } }])).toContain(
      '<c r="A1" s="2" t="inlineStr"><is><t xml:space="preserve"> a&lt;b&amp;&quot;c&quot; </t></is></c>',
    );
    expect(patchSheetXml(xml, [{ pos: at(0, 0), value: { kind: 'clear' } }])).toContain('<c r="A1" s="2"/>');
  });

  it('handles prefixed SpreadsheetML (x:c, x:row)', () => {
    const xml = '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    expect(patchSheetXml(xml, [{ pos: at(0, 1), value: num('2') }])).toContain('<x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c>');
  });

  it('refuses formula cells and covered cells of merges', () => {
    const formula = sheetXml('<row r="1"><c r="A1"><f>B1*2</f><v>4</v></c></row>');
    expect(() => patchSheetXml(formula, [{ pos: at(0, 0), value: num('1') }])).toThrow(SheetPatchError);
    const merged = sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>').replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>');
    expect(() => patchSheetXml(merged, [{ pos: at(1, 1), value: num('1') }])).toThrow(/左上角的 A1/);
    expect(() => patchSheetXml(merged, [{ pos: at(0, 0), value: num('1') }])).not.toThrow();
  });
});

describe('setFullCalcOnLoad', () => {
  it('sets the flag on an existing calcPr or inserts one in schema order', () => {
    expect(setFullCalcOnLoad('<workbook><sheets/><calcPr calcId="191029"/></workbook>')).toBe('<workbook><sheets/><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>');
    expect(setFullCalcOnLoad('<workbook><calcPr fullCalcOnLoad="0"></calcPr></workbook>')).toBe('<workbook><calcPr fullCalcOnLoad="1"></calcPr></workbook>');
    expect(setFullCalcOnLoad('<workbook><sheets/><definedNames/><extLst/></workbook>')).toBe('<workbook><sheets/><definedNames/><calcPr fullCalcOnLoad="1"/><extLst/></workbook>');
    expect(setFullCalcOnLoad('<x:workbook><x:sheets/></x:workbook>')).toBe('<x:workbook><x:sheets/><x:calcPr fullCalcOnLoad="1"/></x:workbook>');
  });
});

describe('fillTemplateBytes', () => {
  it('names the template, sheet and cell in its errors', () => {
    const template = minimalXlsx(sheetXml('<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>'));
    expect(() => fillTemplateBytes(template, '县月报.xlsx', [{ sheet: '表1', cell: 'A1', value: num('1') }])).toThrow(/县月报\.xlsx.*表1.*A1.*公式/);
    expect(() => fillTemplateBytes(template, '县月报.xlsx', [{ sheet: '表9', cell: 'A1', value: num('1') }])).toThrow(/没有名为“表9”/);
    expect(() => fillTemplateBytes(template, '县月报.xlsx', [{ sheet: '表1', cell: 'A0', value: num('1') }])).toThrow(/不是有效的单元格地址/);
    expect(() => fillTemplateBytes(template, '县月报.xlsx', [{ sheet: '表1', cell: 'B1', value: num('1,234') }])).toThrow(/不是数字/);
  });

  it('a filled cell that did not exist in its row keeps the row style in the written package', () => {
    const template = minimalXlsx(sheetXml('<row r="5" s="3" customFormat="1"><c r="A5" t="inlineStr"><is><t>产值</t></is></c></row>'));
    const out = fillTemplateBytes(template, '县月报.xlsx', [{ sheet: '表1', cell: 'C5', value: num('86.33') }]);
    expect(partText(openXlsxPackage(out, '县月报.xlsx'), 'xl/worksheets/sheet1.xml')).toContain('<c r="C5" s="3"><v>86.33</v></c></row>');
  });

  it('writes canonical numbers that read back exactly', () => {
    const out = fillTemplateBytes(minimalXlsx(), 't.xlsx', [{ sheet: '表1', cell: 'B1', value: num('+0012345678901234567.8900') }]);
    const cells = readPackageSnapshot(openXlsxPackage(out, 't.xlsx')).sheets[0]?.cells;
    expect(cells?.find((c) => c.col === 1)?.value).toEqual({ type: 'number', value: '12345678901234567.89' });
  });
});
