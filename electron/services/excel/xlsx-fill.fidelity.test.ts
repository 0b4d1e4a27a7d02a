import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixturePaths } from '../../../tests/fixtures/ensure-fixtures.js';
import { convertWithLibreOffice } from '../../../tests/fixtures/libreoffice.js';
import { rowNumbers, unzipParts, withoutCells } from '../../../tests/fixtures/package-diff.js';
import { readCsvBytes } from './csv-read.js';
import { fillTemplateBytes, type CellFill } from './xlsx-fill.js';
import { openXlsxPackage } from './xlsx-package.js';
import { readPackageSnapshot } from './xlsx-read-package.js';

const SHEET = '工业月报';

const FILLS: CellFill[] = [
  { sheet: SHEET, cell: 'B5', value: { kind: 'number', value: '1234.5' } },
  { sheet: SHEET, cell: 'C5', value: { kind: 'number', value: '86330.25' } },
  { sheet: SHEET, cell: 'D5', value: { kind: 'number', value: '80000' } },
  { sheet: SHEET, cell: 'C6', value: { kind: 'number', value: '500' } },
  { sheet: SHEET, cell: 'B8', value: { kind: 'number', value: '-3.5' } },
  { sheet: SHEET, cell: 'F5', value: { kind: 'text', value: '含新投产企业3家 & <其他>' } },
  { sheet: SHEET, cell: 'B12', value: { kind: 'number', value: '7' } }, // existing empty row
  { sheet: SHEET, cell: 'C30', value: { kind: 'number', value: '0.1' } }, // row not in the file
  { sheet: '说明', cell: 'B1', value: { kind: 'number', value: '12345678901234.5678' } },
];

const ADDRESSES: Readonly<Record<string, string[]>> = {
  [SHEET]: ['B5', 'C5', 'D5', 'C6', 'B8', 'F5', 'B12', 'C30'],
  说明: ['B1'],
};

/** Fills the template and checks that every part except the mapped cells is byte-identical. */
function fillAndCompare(template: Buffer, fileName: string): Buffer {
  const exported = fillTemplateBytes(template, fileName, FILLS);
  const before = unzipParts(template);
  const after = unzipParts(exported);
  expect(after.map((p) => p.name)).toEqual(before.map((p) => p.name));
  const pkg = openXlsxPackage(template, fileName);
  const workbookXml = Buffer.from(pkg.parts.get('xl/workbook.xml') ?? new Uint8Array()).toString('utf8');
  const sheetPart = (name: string): string => {
    const rid = new RegExp(`<sheet name="${name}"[^>]*r:id="(\\w+)"`).exec(workbookXml)?.[1] ?? '';
    const rels = Buffer.from(pkg.parts.get('xl/_rels/workbook.xml.rels') ?? new Uint8Array()).toString('utf8');
    return `xl/${new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)?.slice(1).find(Boolean) ?? ''}`;
  };
  const patchedSheets = new Map(Object.entries(ADDRESSES).map(([sheet, cells]) => [sheetPart(sheet), cells]));
  let comparedParts = 0;
  for (const [i, part] of before.entries()) {
    const other = after[i];
    if (other === undefined) throw new Error(`missing ${part.name}`);
    const cells = patchedSheets.get(part.name);
    if (cells !== undefined) {
      const a = part.data.toString('utf8');
      const b = other.data.toString('utf8');
      expect(b).not.toEqual(a);
      expect(withoutCells(b, cells, rowNumbers(a))).toEqual(withoutCells(a, cells, rowNumbers(a)));
    } else if (part.name === 'xl/workbook.xml') {
      expect(other.data.toString('utf8').replace(' fullCalcOnLoad="1"', '')).toEqual(part.data.toString('utf8'));
      expect(other.data.toString('utf8')).toContain('fullCalcOnLoad="1"');
    } else {
      expect(other.data.equals(part.data), `${part.name} must be byte-identical`).toBe(true);
    }
    comparedParts++;
  }
  expect(comparedParts).toBeGreaterThanOrEqual(15);
  return exported;
}

/** Converts with LibreOffice (which recalculates on load) and reads the first sheet as CSV. */
async function recalculatedByLibreOffice(xlsx: Buffer, name: string): Promise<string[][]> {
  const dir = await mkdtemp(join(tmpdir(), 'statbench-fill-'));
  const input = join(dir, `${name}.xlsx`);
  await writeFile(input, xlsx);
  // Tokens: comma, quote, UTF-8, from line 1, …, token 9 false = raw values rather than as shown, token 12 = sheet 1.
  const csv = await convertWithLibreOffice(input, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1', join(dir, 'out'));
  return readCsvBytes(await readFile(csv), 'recalc.csv').rows;
}

describe('filling a LibreOffice-made template', () => {
  let fixtures: FixturePaths;
  beforeAll(async () => {
    fixtures = await ensureFixtures();
  }, 300_000);

  it('changes nothing but the mapped cells and the recalc flag (.xlsx)', async () => {
    const template = await readFile(fixtures.xlsx);
    const exported = fillAndCompare(template, 'template.xlsx');

    const snapshot = readPackageSnapshot(openXlsxPackage(exported, 'export.xlsx'));
    const original = readPackageSnapshot(openXlsxPackage(template, 'template.xlsx'));
    const sheet = snapshot.sheets.find((s) => s.name === SHEET);
    const cell = (address: string): unknown => {
      const col = address.charCodeAt(0) - 65;
      const row = Number(address.slice(1)) - 1;
      return sheet?.cells.find((c) => c.row === row && c.col === col);
    };
    expect(cell('B5')).toMatchObject({ value: { type: 'number', value: '1234.5' } });
    expect(cell('C30')).toMatchObject({ value: { type: 'number', value: '0.1' } });
    expect(cell('F5')).toMatchObject({ value: { type: 'text', value: '含新投产企业3家 & <其他>' } });
    // The template's number format stays: the cell keeps its s= style index.
    const originalB5 = original.sheets[0]?.cells.find((c) => c.row === 4 && c.col === 1);
    expect(cell('B5')).toMatchObject({ style: originalB5?.style });
    expect(snapshot.styles[originalB5?.style ?? -1]?.numberFormat).toBe('#,##0.00');
    expect(snapshot.sheets[0]?.merges).toEqual(original.sheets[0]?.merges);

    const rows = await recalculatedByLibreOffice(exported, 'filled');
    expect(rows[4]?.slice(1, 5)).toEqual(['1234.5', '86330.25', '80000', '7.91']);
    expect(rows[8]?.slice(2, 5)).toEqual(['86830.25', '80100', '8.4']); // 合计 = SUM, growth recomputed
    expect(rows[7]?.[1]).toBe('-3.5');
    expect(rows[4]?.[5]).toBe('含新投产企业3家 & <其他>');
    expect(rows[29]?.[2]).toBe('0.1');
  }, 300_000);

  it('fills the .xls template after LibreOffice converts it to .xlsx (the registration route)', async () => {
    const converted = await convertWithLibreOffice(fixtures.xls, 'xlsx:Calc MS Excel 2007 XML', join(await mkdtemp(join(tmpdir(), 'statbench-xls-')), 'out'));
    const exported = fillAndCompare(await readFile(converted), 'template.xlsx');
    const rows = await recalculatedByLibreOffice(exported, 'filled-from-xls');
    expect(rows[4]?.slice(1, 5)).toEqual(['1234.5', '86330.25', '80000', '7.91']);
  }, 300_000);
});
