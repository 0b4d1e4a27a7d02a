import { rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FORM_OPTIONS, type Form, type FormItem, type FormOptions, type Indicator } from '../../../shared/domain/catalog.js';
import { type FormView, type StoredField } from '../../../shared/domain/grid.js';
import { buildFormFigures } from '../../../shared/figures/form-figures.js';
import { type FigureLookup } from '../../../shared/figures/indicator-figures.js';
import { addDecimals } from '../../../shared/stats/index.js';
import { shownByLibreOffice, sheetXmlParts, snapshotShown } from '../../../tests/fixtures/shown-table.js';
import { makeTempDir, makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { readCsvBytes } from '../excel/csv-read.js';
import { writeCsvBytes } from '../excel/csv-write.js';
import { openXlsxPackage } from '../excel/xlsx-package.js';
import { readPackageSnapshot } from '../excel/xlsx-read-package.js';
import { formTableXlsx } from './form-export.js';
import { formTable, formTableLines, shownFigure } from './form-table.js';
import { testIndicator } from '../../../tests/support/test-indicator.js';

/** Stored figures keyed like the workbook: indicator code, period (YYYY-MM or YYYY), field. */
type Typed = Array<[code: string, period: string, field: StoredField, value: string]>;

/** The shared test indicator with this file's defaults. */
const indicator = (code: string, fields: Partial<Indicator> = {}): Indicator => testIndicator(code, { name: `指标${code}`, entryBasis: 'cumulative', ...fields });

/** The form view model of `indicators` for 2023-11, built by the one builder the app uses. */
function viewOf(indicators: Indicator[], typed: Typed, options: Partial<FormOptions> = {}): FormView {
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const values = new Map<string, string>();
  for (const [code, at, field, value] of typed) values.set(`${byCode.get(code)?.id}|${at}|${field}`, value);
  const lookup: FigureLookup = { get: (id, at, field) => values.get(`${id}|${at}|${field}`) ?? null };
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const items: FormItem[] = [
    { itemId: 1, type: 'section', title: '一、经济运行' },
    ...indicators.map((i, index): FormItem => ({ itemId: index + 2, type: 'indicator', indicator: i, depth: i.parentId === null ? 0 : 1 })),
  ];
  const form: Form = { id: 1, code: 'T', name: '测试月报', firstReturnMonth: 1, options: { ...DEFAULT_FORM_OPTIONS, ...options } };
  return { formId: 1, unitId: 1, ...buildFormFigures({ form, items, indicators: byId, unitId: 1, period: '2023-11', figures: lookup }) };
}

const BIG = indicator('G', { name: '工业总产值', decimals: 6 });
const PROFIT = indicator('P', { name: '利润总额' });
const RATE = indicator('R', { name: '整改率', unit: '%', kind: 'ratio', entryBasis: 'month' });
const FIGURES: Typed = [
  ['G', '2023-11', 'cumulative', '123456789012.123456789'],
  ['G', '2022-11', 'cumulative', '115638239123.5'],
  ['P', '2023-11', 'cumulative', '50'],
  ['P', '2022-11', 'cumulative', '-120'],
  ['R', '2023-11', 'month', '100'],
  ['R', '2022-11', 'month', '95.2'],
  ['P', '2023-11', 'note', '20231'],
];

/** The row of a sheet (rows of texts) whose 代码 column holds `code`. */
function rowByCode(rows: string[][], code: string): string[] {
  const row = rows.find((r) => r[1] === code);
  if (!row) throw new Error(`no row ${code}`);
  return row;
}

describe('form table: every output renders the view model', () => {
  it('reads a plain display as a number, words as text, and 备注 always as text', () => {
    expect(shownFigure('cumulative', { value: '863300', display: '863,300.0', state: 'typed', editable: true, decimals: 1 })).toEqual({
      kind: 'number',
      display: '863,300.0',
      value: '863300.0',
      decimals: 1,
      grouped: true,
    });
    expect(shownFigure('growth', { value: '-3.24', display: '-3.2', state: 'computed', editable: false, decimals: 1 })).toMatchObject({ kind: 'number', value: '-3.2', grouped: false });
    expect(shownFigure('growth', { value: null, display: '扭亏为盈', state: 'computed', editable: false })).toEqual({ kind: 'text', display: '扭亏为盈' });
    expect(shownFigure('growth', { value: '4.8', display: '+4.8个百分点', state: 'computed', editable: false, decimals: 1 })).toEqual({ kind: 'text', display: '+4.8个百分点' });
    expect(shownFigure('note', { value: '20231', display: '20231', state: 'typed', editable: true })).toEqual({ kind: 'text', display: '20231' });
    expect(shownFigure('month', { value: null, display: '', state: 'missing', editable: true })).toEqual({ kind: 'empty' });
  });

  it('heads the table with the view columns and writes the notes and mismatches under it', () => {
    const parent = indicator('T', { name: '投资' });
    const child = indicator('T1', { name: '工业投资', parentId: parent.id });
    const view = viewOf(
      [parent, child],
      [
        ['T', '2023-10', 'cumulative', '500'],
        ['T', '2023-11', 'cumulative', '600'],
        ['T', '2023-11', 'month', '60'],
        ['T1', '2023-11', 'cumulative', '1234.56'],
      ],
      { analysisColumns: ['share', 'projection'] },
    );
    const table = formTable(view, '测试月报', '本园区');
    expect(table.header).toEqual(['指标名称', '代码', '计量单位', ...view.columns.map((c) => c.title)]);
    expect(table.header).toContain('占比(%)');
    expect(table.header).toContain('推算方法');
    const lines = formTableLines(table, false);
    expect(lines.slice(0, 2)).toEqual([['测试月报'], ['填报单位：本园区\u3000\u3000期别：2023年11月（1-11月）']]);
    expect(lines[3]).toEqual(['一、经济运行']);
    expect(rowByCode(lines, 'T1')[0]).toBe('\u3000其中：工业投资');
    // CSV figures carry no thousands separator; the CLI shows them as the grid does.
    const cumulativeAt = table.header.indexOf('1-11月累计');
    expect(rowByCode(lines, 'T1')[cumulativeAt]).toBe('1234.6');
    expect(rowByCode(formTableLines(table, true), 'T1')[cumulativeAt]).toBe('1,234.6');
    const mismatch = view.rows.find((r) => r.code === 'T')?.mismatch ?? '';
    expect(mismatch).not.toBe('');
    expect(lines.at(-1)).toEqual([`核对提示：投资：${mismatch}`]);
  });
});

describe('form export .xlsx: exact figures, as shown', () => {
  it('writes each shown figure digit for digit into the sheet XML, with the grid number format', async () => {
    const view = viewOf([BIG, PROFIT, RATE], FIGURES);
    const big = view.rows.find((r) => r.code === 'G');
    expect(big?.cells.cumulative?.display).toBe('123,456,789,012.123457');
    expect(big?.cells.growth).toMatchObject({ value: expect.stringMatching(/^6\.7612149301/) as unknown, display: '6.8' });

    const xlsx = await formTableXlsx(formTable(view, '测试月报', '本园区'), '测试.xlsx');
    const xml = [...sheetXmlParts(xlsx).values()].join('');
    // The figure the grid shows, not a float's 123456789012.12346 and not the unrounded value.
    expect(xml).toMatch(/<c r="E5" s="\d+"><v>123456789012\.123457<\/v><\/c>/);
    expect(xml).not.toContain('123456789012.12346<');
    expect(xml).toMatch(/<v>6\.8<\/v>/);
    expect(xml).not.toContain('6.7612');

    // Read back with the package reader: every cell shows exactly what the grid shows.
    const snapshot = readPackageSnapshot(openXlsxPackage(xlsx, '测试.xlsx'));
    const shown = snapshotShown(snapshot);
    const table = formTable(view, '测试月报', '本园区');
    expect(shown[2]).toEqual(table.header);
    for (const row of view.rows.filter((r) => r.type === 'indicator')) {
      const line = rowByCode(shown, row.code);
      view.columns.forEach((column, i) => expect(line[3 + i] ?? '', `${row.code} ${column.title}`).toBe(row.cells[column.key]?.display ?? ''));
    }
    const styleOf = (address: string): string => {
      const col = address.charCodeAt(0) - 65;
      const r = Number(address.slice(1)) - 1;
      const cell = snapshot.sheets[0]?.cells.find((c) => c.row === r && c.col === col);
      return snapshot.styles[cell?.style ?? 0]?.numberFormat ?? 'General';
    };
    expect(styleOf('E5')).toBe('#,##0.000000');
    expect(styleOf(`${String.fromCharCode(65 + 3 + view.columns.findIndex((c) => c.key === 'growth'))}5`)).toBe('0.0');
    // 扭亏为盈, "+4.8个百分点" and a 备注 of digits stay text.
    const growthAt = 3 + view.columns.findIndex((c) => c.key === 'growth');
    const noteAt = 3 + view.columns.findIndex((c) => c.key === 'note');
    const cellAt = (row: number, col: number) => snapshot.sheets[0]?.cells.find((c) => c.row === row && c.col === col)?.value;
    expect(cellAt(5, growthAt)).toEqual({ type: 'text', value: '扭亏为盈' });
    expect(cellAt(6, growthAt)).toEqual({ type: 'text', value: '+4.8个百分点' });
    expect(cellAt(5, noteAt)).toEqual({ type: 'text', value: '20231' });
  });

  it('writes the 舍位平衡-adjusted display, not the rounded exact value', async () => {
    const total = indicator('T', { name: '投资', decimals: 1 });
    const a = indicator('T1', { name: '工业投资', parentId: total.id });
    const b = indicator('T2', { name: '基础设施投资', parentId: total.id });
    // 1.495 + 1.505 = 3.000亿元; rounded to 2 places 1.50 + 1.51 = 3.01 ≠ 3.00, so one part moves.
    const view = viewOf(
      [total, a, b],
      [
        ['T', '2023-11', 'cumulative', '30000'],
        ['T1', '2023-11', 'cumulative', '14950'],
        ['T2', '2023-11', 'cumulative', '15050'],
      ],
      { moneyDisplayUnit: '亿元', displayDecimals: 2, balanceRounding: true },
    );
    const cumulative = (code: string) => view.rows.find((r) => r.code === code)?.cells.cumulative;
    const adjusted = [cumulative('T1'), cumulative('T2')].find((c) => c?.remark?.startsWith('舍位平衡'));
    expect(adjusted).toBeDefined();
    expect(addDecimals([cumulative('T1')?.display ?? null, cumulative('T2')?.display ?? null])).toBe('3');
    expect(view.notes.join()).toContain('舍位平衡');

    const table = formTable(view, '测试月报', '本园区');
    const xlsx = await formTableXlsx(table, '测试.xlsx');
    const shown = snapshotShown(readPackageSnapshot(openXlsxPackage(xlsx, '测试.xlsx')));
    const at = table.header.indexOf('1-11月累计');
    expect(['T', 'T1', 'T2'].map((code) => rowByCode(shown, code)[at])).toEqual(['T', 'T1', 'T2'].map((code) => cumulative(code)?.display));
    expect(rowByCode(shown, 'T')[2]).toBe('亿元');
    expect(shown.flat()).toContain(view.notes[0]);
  });

  it('opens in LibreOffice showing the grid strings', async () => {
    const view = viewOf([BIG, PROFIT, RATE], FIGURES, { analysisColumns: ['projection'] });
    const table = formTable(view, '测试月报', '本园区');
    const dir = makeTempDir();
    try {
      const file = join(dir, '测试.xlsx');
      await writeFile(file, await formTableXlsx(table, '测试.xlsx'));
      const shown = await shownByLibreOffice(file);
      expect(shown[2]).toEqual(table.header);
      for (const row of view.rows.filter((r) => r.type === 'indicator')) {
        const line = rowByCode(shown, row.code);
        view.columns.forEach((column, i) => {
          const display = row.cells[column.key]?.display ?? '';
          // A spreadsheet holds a binary double: beyond 15 significant digits it cannot show the
          // figure (the sheet XML above holds it exactly), so those are left to that test.
          if (display.replace(/\D/g, '').length > 15) return;
          expect(line[3 + i] ?? '', `${row.code} ${column.title}`).toBe(display);
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('form export CSV', () => {
  it('shows the grid figures without thousands separators', () => {
    const view = viewOf([BIG, PROFIT, RATE], FIGURES);
    const table = formTable(view, '测试月报', '本园区');
    const rows = readCsvBytes(writeCsvBytes(formTableLines(table, false)), 'x.csv').rows;
    const at = (code: string, key: string) => rowByCode(rows, code)[3 + view.columns.findIndex((c) => c.key === key)];
    expect(at('G', 'cumulative')).toBe('123456789012.123457');
    expect(at('G', 'growth')).toBe('6.8');
    expect(at('P', 'growth')).toBe('扭亏为盈');
    // The CSV formula guard puts an apostrophe before text starting with "+".
    expect(at('R', 'growth')).toBe("'+4.8个百分点");
  });
});

describe('exports:formView', () => {
  let host: TestHost;
  beforeEach(() => {
    host = makeTestHost();
  });
  afterEach(() => host.dispose());

  it('never replaces an existing file', async () => {
    await host.call('workbook:create', { path: 'empty', starterCatalog: true });
    const { form } = await host.call('catalog:get', {});
    const unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    const first = await host.call('exports:formView', { formId: form.id, unitId, period: '2023-11', format: 'xlsx', outputPath: 'form.xlsx' });
    const second = await host.call('exports:formView', { formId: form.id, unitId, period: '2023-11', format: 'xlsx', outputPath: 'form.xlsx' });
    expect(first.files[0]).toBe(join(host.dir, 'form.xlsx'));
    expect(second.files[0]).toBe(join(host.dir, 'form(2).xlsx'));
    expect(second.notes[0]).toContain('已另存为“form(2).xlsx”');
    const shown = snapshotShown(readPackageSnapshot(openXlsxPackage(await readFile(second.files[0] ?? ''), 'form.xlsx')));
    expect(shown[0]?.[0]).toBe('园区主要经济指标月报');
    expect(shown[2]?.slice(0, 4)).toEqual(['指标名称', '代码', '计量单位', '本月']);
  });
});
