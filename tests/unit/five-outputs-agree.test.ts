import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main.js';
import { type FormPrintout } from '../../electron/cli/cli-commands.js';
import { readCsvBytes } from '../../electron/services/excel/csv-read.js';
import { openXlsxPackage } from '../../electron/services/excel/xlsx-package.js';
import { readPackageSnapshot } from '../../electron/services/excel/xlsx-read-package.js';
import { type IndicatorFieldsInput } from '../../shared/api/catalog-api.js';
import { type FormOptions, type Indicator } from '../../shared/domain/catalog.js';
import { type FormView, type StoredField } from '../../shared/domain/grid.js';
import { type TemplateFigure } from '../../shared/templates/template-binding.js';
import { normalizeDecimal } from '../../shared/stats/index.js';
import { sheetXmlParts, shownByLibreOffice, snapshotShown, snapshotStored } from '../fixtures/shown-table.js';
import { makeTestHost, type TestHost } from '../support/test-host.js';

/**
 * The five outputs of one workbook's form — the form view (grid), the CSV export, the .xlsx
 * export, a filled template and `statbench export-form` — must show the same string for every
 * figure: they all render the one view model. Each output is read back the way a clerk would see
 * it (the CSV as text, the .xlsx through its number formats with our package reader and with
 * LibreOffice, the template likewise, the CLI from its stdout), and compared with the grid's
 * `display`, cell by cell. Only two differences are allowed, each a property of the file type:
 * the CSV carries no thousands separators and guards text starting with "+" by an apostrophe
 * (formula injection); a spreadsheet application holds a binary double, so LibreOffice's
 * rendering is compared only for figures of at most 15 significant digits (the sheet XML is
 * checked digit for digit instead).
 */

const PERIOD = '2023-11';
const FORM_CODE = 'F01';
const UNIT_CODE = '001';

type Line = { code: string; name: string; unit: string; decimals: number; kind: Indicator['kind']; entryBasis: Indicator['entryBasis']; parent?: string };

const LINES: Line[] = [
  { code: 'R01', name: '营业收入', unit: '万元', decimals: 2, kind: 'flow', entryBasis: 'month' },
  { code: 'R0101', name: '电商收入', unit: '万元', decimals: 2, kind: 'flow', entryBasis: 'month', parent: 'R01' },
  { code: 'R02', name: '工业总产值', unit: '万元', decimals: 6, kind: 'flow', entryBasis: 'cumulative' },
  { code: 'R03', name: '企业个数', unit: '家', decimals: 0, kind: 'stock', entryBasis: 'month' },
  { code: 'R04', name: '隐患整改率', unit: '%', decimals: 1, kind: 'ratio', entryBasis: 'month' },
  { code: 'R05', name: '利润总额', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'cumulative' },
  { code: 'R06', name: '税收收入', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'month' },
  { code: 'R07', name: '固定资产投资', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'cumulative' },
  { code: 'R0701', name: '工业投资', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'cumulative', parent: 'R07' },
  { code: 'R0702', name: '基础设施投资', unit: '万元', decimals: 1, kind: 'flow', entryBasis: 'cumulative', parent: 'R07' },
];

const months = (year: number, value: string): Array<[string, StoredField, string]> =>
  Array.from({ length: 11 }, (_, i): [string, StoredField, string] => [`${year}-${String(i + 1).padStart(2, '0')}`, 'month', value]);

/** What the clerk typed, per indicator code: [period, field, value]. */
const TYPED: Record<string, Array<[string, StoredField, string]>> = {
  // A flow typed as 本月 for every month, with last year's months: 累计, 同比 and 完成进度 derive.
  R01: [...months(2023, '1000.25'), ...months(2022, '900.5'), ['2023', 'target', '15000'], [PERIOD, 'note', '含新投产企业3家']],
  // Its 其中 item: 3301.375 / 2750 is exactly +20.05 %, shown 20.1 (a float would say 20.0).
  R0101: [...months(2023, '300.125'), ...months(2022, '250')],
  // A flow typed as 累计, beyond a double's precision: 同比 6.7612149… shows 6.8.
  R02: [['2023-10', 'cumulative', '113456789012.123456789'], [PERIOD, 'cumulative', '123456789012.123456789'], ['2022-11', 'cumulative', '115638239123.5']],
  // A stock with a comparable base (可比口径) beside last year's figure: 同比 on 41.
  R03: [[PERIOD, 'month', '42'], ['2022-11', 'month', '40'], [PERIOD, 'comparable_base', '41']],
  // A 比率: 100.0 against 95.2 reads +4.8个百分点.
  R04: [[PERIOD, 'month', '100'], ['2022-11', 'month', '95.2']],
  // Loss to profit: 扭亏为盈.
  R05: [['2023-10', 'cumulative', '20'], [PERIOD, 'cumulative', '50'], ['2022-11', 'cumulative', '-120']],
  // 本月 and 累计 both typed and disagreeing: 500 + 60 ≠ 600.
  R06: [['2023-10', 'cumulative', '500'], [PERIOD, 'month', '60'], [PERIOD, 'cumulative', '600']],
  // A total made up exactly by its two parts (for 舍位平衡 in 亿元).
  R07: [[PERIOD, 'cumulative', '30000'], ['2022-11', 'cumulative', '28000']],
  R0701: [[PERIOD, 'cumulative', '14950']],
  R0702: [[PERIOD, 'cumulative', '15050']],
};

const OPTIONS: FormOptions = { analysisColumns: ['share', 'projection'], moneyDisplayUnit: null, displayDecimals: null, balanceRounding: false, zeroBase: 'dash' };

/** The figures of the template's columns D…J, one indicator per row. */
const TEMPLATE_FIGURES: TemplateFigure[] = ['month', 'cumulative', 'prior_cumulative', 'growth', 'target', 'completion', 'note'];

/** A grid string per `code\tcolumn title`. */
type Shown = Map<string, string>;

/** "1,234.5" → "1234.5"; words unchanged. */
const withoutGrouping = (text: string): string => (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text);
/** The CSV's formula guard: "'+4.8个百分点" was written for "+4.8个百分点". */
const unguarded = (text: string): string => (/^'[=+\-@]/.test(text) ? text.slice(1) : text);
/** The figure a display shows, as the exact number a spreadsheet should store ("+4.8个百分点" → 4.8); null for words. */
const shownNumber = (display: string): string | null => {
  const digits = withoutGrouping(display).replace(/个百分点$/, '');
  return /^[+-]?\d+(\.\d+)?$/.test(digits) ? normalizeDecimal(digits) : null;
};
/** More significant digits than a spreadsheet's binary double can show. */
const beyondDouble = (text: string): boolean => text.replace(/^[-+]?0*|\D/g, '').length > 15;

/** Reads a table (rows of strings, 代码 in column B, header on row 3) into `code\ttitle` → text. */
function tableCells(rows: string[][], header: string[]): Shown {
  const shown: Shown = new Map();
  const headerRow = rows.findIndex((r) => r[0] === '指标名称');
  expect(rows[headerRow]?.slice(0, header.length)).toEqual(header);
  for (const row of rows.slice(headerRow + 1)) {
    const code = row[1] ?? '';
    if (code === '') continue;
    header.slice(3).forEach((title, i) => shown.set(`${code}\t${title}`, row[3 + i] ?? ''));
  }
  return shown;
}

/** Checks every grid figure against an output, with the output's allowed rendering difference. */
function expectSame(name: string, grid: Shown, output: Shown, expected: (display: string) => string | null = (d) => d): void {
  let compared = 0;
  for (const [key, display] of grid) {
    const want = expected(display);
    if (want === null) continue;
    expect(output.get(key) ?? '(missing)', `${name}: ${key.replace('\t', ' ')}`).toBe(want);
    compared++;
  }
  expect(compared).toBeGreaterThan(40);
}

describe('the form view, CSV, .xlsx, a filled template and statbench export-form agree', () => {
  let host: TestHost;
  let workbookPath = '';
  let formId = 0;
  let unitId = 0;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    host = makeTestHost();
    workbookPath = (await host.call('workbook:create', { path: '五种输出', starterCatalog: false })).path;
    let catalog = await host.call('catalog:get', {});
    formId = catalog.form.id;
    unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    catalog = await host.call('catalog:addSection', { formId, afterItemId: null, title: '一、主要指标' });
    for (const line of LINES) {
      const fields: IndicatorFieldsInput = {
        code: line.code,
        name: line.name,
        unit: line.unit,
        decimals: line.decimals,
        kind: line.kind,
        entryBasis: line.entryBasis,
        parentId: line.parent === undefined ? null : (ids.get(line.parent) ?? null),
        growthBasis: 'nominal',
      };
      catalog = await host.call('catalog:addIndicator', { formId, afterItemId: null, fields });
      const added = catalog.items.find((item) => item.type === 'indicator' && item.indicator.code === line.code);
      if (added?.type === 'indicator') ids.set(line.code, added.indicator.id);
    }
    const changes = Object.entries(TYPED).flatMap(([code, typed]) => typed.map(([period, field, value]) => ({ indicatorId: ids.get(code) ?? 0, period, field, value })));
    await host.call('values:set', { unitId, source: 'edit', changes });
    await host.call('forms:update', { formId, name: catalog.form.name, firstReturnMonth: 1, options: OPTIONS });
  }, 60_000);
  afterAll(() => host.dispose());

  /** The grid's strings: `display` of every cell of every indicator row, by code and column title. */
  function gridShown(view: FormView): Shown {
    const shown: Shown = new Map();
    for (const row of view.rows) {
      if (row.type !== 'indicator') continue;
      for (const column of view.columns) shown.set(`${row.code}\t${column.title}`, row.cells[column.key]?.display ?? '');
    }
    return shown;
  }

  /** `statbench export-form` through the CLI entry (stdout as text and as --json); the workbook is closed meanwhile. */
  async function cliOutputs(): Promise<{ text: string[][]; json: FormPrintout }> {
    await host.call('workbook:close', undefined);
    const args = ['export-form', workbookPath, '--form', FORM_CODE, '--unit', UNIT_CODE, '--period', PERIOD];
    const run = async (extra: string[]): Promise<string> => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli([...args, ...extra], { out: (t) => out.push(t), err: (t) => err.push(t) });
      expect(err).toEqual([]);
      expect(code).toBe(0);
      return out.join('\n');
    };
    try {
      const text = (await run([])).split('\n').map((line) => line.split('\t'));
      const json = JSON.parse(await run(['--json'])) as FormPrintout;
      return { text, json };
    } finally {
      await host.call('workbook:open', { path: workbookPath });
    }
  }

  async function exportedFile(format: 'xlsx' | 'csv', name: string): Promise<string> {
    const result = await host.call('exports:formView', { formId, unitId, period: PERIOD, format, outputPath: name });
    return result.files[0] ?? '';
  }

  it('shows the same string for every figure in all five outputs', async () => {
    const view = await host.call('grid:formView', { formId, unitId, period: PERIOD });
    const grid = gridShown(view);
    const header = ['指标名称', '代码', '计量单位', ...view.columns.map((c) => c.title)];
    // The workbook exercises what it should: 百分点, a sign word, a mismatch, analysis columns, 可比口径.
    const at = (code: string, title: string) => grid.get(`${code}\t${title}`);
    expect(at('R04', '同比增长(%)')).toBe('+4.8个百分点');
    expect(at('R05', '同比增长(%)')).toBe('扭亏为盈');
    expect(at('R02', '同比增长(%)')).toBe('6.8');
    expect(at('R0101', '同比增长(%)')).toBe('20.1');
    expect(at('R02', '1-11月累计')).toBe('123,456,789,012.123457');
    expect(at('R03', '上年同期(可比口径)')).toBe('41');
    expect(at('R01', '推算方法')).toBe('按时间进度');
    expect(at('R0101', '占比(%)')).toBe('30.0');
    expect(view.rows.find((r) => r.code === 'R06')?.mismatch).toBeTruthy();

    // 1. CSV: the same figures without thousands separators.
    const csvFile = await exportedFile('csv', '表式.csv');
    const csvRows = readCsvBytes(await readFile(csvFile), '表式.csv').rows;
    expectSame('CSV', grid, new Map([...tableCells(csvRows, header)].map(([k, v]) => [k, unguarded(v)])), withoutGrouping);

    // 2. .xlsx: through its number formats, read by our package reader, and by LibreOffice.
    const xlsxFile = await exportedFile('xlsx', '表式.xlsx');
    const xlsx = await readFile(xlsxFile);
    expect([...sheetXmlParts(xlsx).values()].join('')).toContain('<v>123456789012.123457</v>');
    const xlsxSnapshot = readPackageSnapshot(openXlsxPackage(xlsx, '表式.xlsx'));
    expectSame('.xlsx', grid, tableCells(snapshotShown(xlsxSnapshot), header));
    // What is stored is the shown figure itself (rounded as shown), not the exact unrounded value.
    expectSame('.xlsx stored', grid, tableCells(snapshotStored(xlsxSnapshot), header), (d) => (/个百分点$/.test(d) ? d : (shownNumber(d) ?? d)));
    const byLibreOffice = tableCells(await shownByLibreOffice(xlsxFile), header);
    expectSame('.xlsx in LibreOffice', grid, byLibreOffice, (d) => (beyondDouble(d) ? null : d));

    // 3. A template (built by ExcelJS, not by us) with its own formats, filled by templates:export.
    const titles = TEMPLATE_FIGURES.map((figure) => view.columns.find((c) => c.key === figure)?.title ?? figure);
    const templatePath = join(host.dir, '县局月报.xlsx');
    await writeTemplate(templatePath, titles);
    const template = await host.call('templates:register', { path: templatePath });
    const bindings = LINES.flatMap((line, i) =>
      TEMPLATE_FIGURES.map((figure, j) => ({
        sheet: '月报',
        cell: `${String.fromCharCode(68 + j)}${i + 2}`,
        indicatorId: ids.get(line.code) ?? 0,
        figure,
        unit: figure === 'note' ? null : figure === 'growth' || figure === 'completion' ? '%' : line.unit,
        periodOffset: 0,
      })),
    );
    await host.call('templates:saveBindings', { templateId: template.id, bindings });
    const filled = (await host.call('templates:export', { templateId: template.id, unitIds: [unitId], period: PERIOD, outputDir: 'out' })).files[0] ?? '';
    const templateHeader = ['指标名称', '代码', '计量单位', ...titles];
    const boundGrid: Shown = new Map([...grid].filter(([key]) => titles.includes(key.split('\t')[1] ?? '')));
    const filledBytes = await readFile(filled);
    const filledSnapshot = readPackageSnapshot(openXlsxPackage(filledBytes, '县局月报.xlsx'));
    expectSame('template', boundGrid, tableCells(snapshotShown(filledSnapshot), templateHeader));
    // Rates are stored rounded as the grid shows them (amounts stay exact: the template formats them).
    const rateTitles = ['growth', 'completion'].map((key) => view.columns.find((c) => c.key === key)?.title);
    const storedRates = tableCells(snapshotStored(filledSnapshot), templateHeader);
    for (const [key, display] of boundGrid) {
      if (!rateTitles.includes(key.split('\t')[1])) continue;
      expect(storedRates.get(key), `template stored ${key}`).toBe(shownNumber(display) ?? display);
    }
    expectSame('template in LibreOffice', boundGrid, tableCells(await shownByLibreOffice(filled), templateHeader), (d) => (beyondDouble(d) ? null : d));

    // 4. statbench export-form, printed as text and as JSON.
    const cli = await cliOutputs();
    expectSame('CLI', grid, tableCells(cli.text, header));
    expectSame('CLI --json', grid, tableCells([cli.json.header, ...cli.json.rows], header));
    expect(cli.json.view.rows).toEqual(view.rows);

    // Notes and the mismatch under the table, the same in every text output.
    const foot = [...view.notes, `核对提示：税收收入：${view.rows.find((r) => r.code === 'R06')?.mismatch ?? ''}`];
    for (const [name, rows] of [
      ['CSV', csvRows],
      ['.xlsx in LibreOffice', await shownByLibreOffice(xlsxFile)],
      ['CLI', cli.text],
    ] as const) {
      const texts = rows.map((r) => r[0] ?? '');
      for (const line of foot) expect(texts, name).toContain(line);
    }
  }, 240_000);

  it('agrees in 亿元 with 舍位平衡, where the adjusted display is the figure exported', async () => {
    await host.call('forms:update', { formId, name: '月报表', firstReturnMonth: 1, options: { ...OPTIONS, moneyDisplayUnit: '亿元', displayDecimals: 2, balanceRounding: true } });
    try {
      const view = await host.call('grid:formView', { formId, unitId, period: PERIOD });
      const grid = gridShown(view);
      const header = ['指标名称', '代码', '计量单位', ...view.columns.map((c) => c.title)];
      // 1.495 + 1.505 = 3.00亿元: rounded alone they would read 1.50 + 1.51.
      const parts = ['R0701', 'R0702'].map((code) => grid.get(`${code}\t1-11月累计`)).sort();
      expect(grid.get('R07\t1-11月累计')).toBe('3.00');
      expect([['1.49', '1.51'], ['1.50', '1.50']]).toContainEqual(parts);
      expect(view.notes.join()).toContain('舍位平衡');
      expect(view.rows.find((r) => r.code === 'R07')?.unit).toBe('亿元');

      const csv = tableCells(readCsvBytes(await readFile(await exportedFile('csv', '亿元.csv')), '亿元.csv').rows, header);
      expectSame('CSV', grid, new Map([...csv].map(([k, v]) => [k, unguarded(v)])), withoutGrouping);
      const xlsxFile = await exportedFile('xlsx', '亿元.xlsx');
      const xlsxRows = snapshotShown(readPackageSnapshot(openXlsxPackage(await readFile(xlsxFile), '亿元.xlsx')));
      expectSame('.xlsx', grid, tableCells(xlsxRows, header));
      expect(xlsxRows.find((r) => r[1] === 'R07')?.[2]).toBe('亿元');
      expectSame('.xlsx in LibreOffice', grid, tableCells(await shownByLibreOffice(xlsxFile), header), (d) => (beyondDouble(d) ? null : d));
      const cli = await cliOutputs();
      expectSame('CLI', grid, tableCells(cli.text, header));
    } finally {
      await host.call('forms:update', { formId, name: '月报表', firstReturnMonth: 1, options: OPTIONS });
    }
  }, 240_000);
});

/**
 * The county's template: 指标名称 · 代码 · 计量单位, then one column per figure headed `titles`,
 * one row per indicator, each cell formatted as the county prints it — amounts with the
 * indicator's decimals, rates with one, and the 比率 row's 同比 as 百分点 with its sign.
 */
async function writeTemplate(path: string, titles: string[]): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('月报');
  ['指标名称', '代码', '计量单位', ...titles].forEach((text, i) => (sheet.getRow(1).getCell(i + 1).value = text));
  LINES.forEach((line, i) => {
    const row = sheet.getRow(i + 2);
    [line.name, line.code, line.unit].forEach((text, j) => (row.getCell(j + 1).value = text));
    TEMPLATE_FIGURES.forEach((figure, j) => {
      const cell = row.getCell(j + 4);
      if (figure === 'note') return;
      if (figure === 'completion') cell.numFmt = '0.0';
      else if (figure === 'growth') cell.numFmt = line.kind === 'ratio' ? '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"' : '0.0';
      else cell.numFmt = line.decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(line.decimals)}`;
    });
  });
  await writeFile(path, Buffer.from(await workbook.xlsx.writeBuffer()));
}
