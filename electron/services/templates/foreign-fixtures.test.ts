import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BindingProposalView } from '../../../shared/domain/template.js';
import { type TemplateFigure } from '../../../shared/templates/template-binding.js';
import { makeTestHost, type TestHost } from '../../../tests/support/test-host.js';

/** The committed fixtures (tests/fixtures/foreign/generate.py, generate-xlsb.mjs): no tool of ours wrote them. */
const FOREIGN = join(process.cwd(), 'tests', 'fixtures', 'foreign');

/** What a data row is, written down by hand: the indicator code, and the unit its amounts are in (omitted = the indicator's own). */
interface ExpectedRow {
  code: string;
  unit?: string;
}

/** What a figure column is, written down by hand. */
interface ExpectedColumn {
  figure: TemplateFigure;
  periodOffset?: number;
}

/**
 * The expected mapping of one fixture's sheet: row number → indicator, column letter → figure.
 * Every cell at a listed row × listed column is that binding; every other cell (titles, sections,
 * 合计, hidden sheets, other sheets) has none, so a confident proposal there is wrong. `wait` cells
 * must not be confident whatever is proposed: their right binding is the clerk's decision (a
 * formula, one indicator on two rows, a code that names another indicator than the label).
 */
interface ForeignFixture {
  file: string;
  tool: string;
  sheet: string;
  rows: Record<number, ExpectedRow>;
  columns: Record<string, ExpectedColumn>;
  wait?: string[];
}

const CODE_COLUMN_TABLE: Omit<ForeignFixture, 'file' | 'tool'> = {
  sheet: '主要指标',
  rows: {
    3: { code: 'A01', unit: '亿元' }, // 规模以上工业总产值（当年价格）: the qualifier is no unit
    4: { code: 'A02' }, // 固定资产投资（不含农户）
    5: { code: 'A0201' }, // 其中：工业 — the code decides
    6: { code: 'A020101' }, // 制造业, indented with full-width spaces
    7: { code: 'B03' }, // 新签约项目
    9: { code: 'D02' },
  },
  columns: { D: { figure: 'month' }, E: { figure: 'cumulative' }, F: { figure: 'prior_cumulative' }, G: { figure: 'growth' } },
  // Code A03 (一般公共预算收入, 万元) on a row named 国家高新技术企业数 counted in 家.
  wait: ['D8', 'E8', 'F8', 'G8'],
};

const FIXTURES: readonly ForeignFixture[] = [
  {
    file: '招商引资月报.xlsx',
    tool: 'openpyxl',
    // Merged 2023年1-11月 line above the header, 金额单位：万元 over 个/家 rows, a hidden 上年底稿 sheet.
    sheet: '招商',
    rows: { 5: { code: 'B01', unit: '万元' }, 6: { code: 'B0101', unit: '万元' }, 7: { code: 'B03' }, 8: { code: 'C01' } },
    columns: { B: { figure: 'month' }, C: { figure: 'cumulative' }, D: { figure: 'prior_cumulative' }, E: { figure: 'growth' } },
  },
  {
    file: '固定资产投资.xlsx',
    tool: 'openpyxl',
    // Title with the period, 亿元 in the headers, indented 其中 rows, 二、招商引资 section, SUM total, hidden sheet.
    sheet: '投资',
    rows: { 4: { code: 'A02', unit: '亿元' }, 5: { code: 'A0201', unit: '亿元' }, 6: { code: 'A020101', unit: '亿元' }, 8: { code: 'B01', unit: '亿元' } },
    columns: { B: { figure: 'month' }, C: { figure: 'cumulative' }, D: { figure: 'growth' } },
    wait: ['B4', 'C4'],
  },
  {
    file: '各园区汇总.xlsx',
    tool: 'openpyxl',
    // Units as rows, indicators as merged column groups: no cell is a binding of the unit's own form.
    sheet: '汇总',
    rows: {},
    columns: {},
  },
  { file: '代码列指标表.xlsx', tool: 'openpyxl', ...CODE_COLUMN_TABLE },
  { file: '代码列指标表.xls', tool: 'LibreOffice (BIFF8)', ...CODE_COLUMN_TABLE },
  { file: '代码列指标表.ods', tool: 'LibreOffice (ODF)', ...CODE_COLUMN_TABLE },
  {
    file: '手写月报.xlsx',
    tool: 'hand-written XML',
    // Title with the period, 单位：万元、个、%, sections 一、/二、, 规上 for 规模以上, 备注.
    sheet: '月报',
    rows: { 5: { code: 'A01', unit: '万元' }, 7: { code: 'B01', unit: '万元' }, 8: { code: 'B0101', unit: '万元' }, 9: { code: 'B03' }, 10: { code: 'B02', unit: '万元' } },
    columns: { B: { figure: 'cumulative' }, C: { figure: 'prior_cumulative' }, D: { figure: 'growth' }, E: { figure: 'note' } },
  },
  {
    file: '产值年份表头.xlsb',
    tool: 'SheetJS (xlsb)',
    // 2023年11月 | 2022年11月 over 本月 | 1-11月: last year's columns are 上年同月 and 上年同期.
    sheet: '产值',
    rows: { 5: { code: 'A01', unit: '万元' }, 6: { code: 'A02', unit: '万元' }, 7: { code: 'A03', unit: '万元' } },
    columns: { B: { figure: 'month' }, C: { figure: 'cumulative' }, D: { figure: 'month', periodOffset: -12 }, E: { figure: 'prior_cumulative' }, F: { figure: 'growth' } },
  },
  {
    file: '网页报表.xls',
    tool: 'hand-written HTML (GBK)',
    // 2023年1-11月 merged inside the header band over 本月 | 累计; 整改率 is no indicator of the form.
    sheet: 'Sheet1',
    rows: { 5: { code: 'D01' }, 6: { code: 'D02' }, 7: { code: 'D03' } },
    columns: { B: { figure: 'month' }, C: { figure: 'cumulative' }, D: { figure: 'prior_cumulative' }, E: { figure: 'growth' } },
  },
  {
    file: '平台导出.xls',
    tool: 'hand-written SpreadsheetML 2003',
    // Period line 2023年11月, 金额单位：万元 over a 家 row, 工业投资 on two rows, a hidden 参数 sheet.
    sheet: '月报',
    rows: { 5: { code: 'A01', unit: '万元' }, 6: { code: 'A03', unit: '万元' }, 7: { code: 'C01' }, 8: { code: 'A0201', unit: '万元' }, 9: { code: 'A0201', unit: '万元' } },
    columns: { B: { figure: 'month' }, C: { figure: 'cumulative' }, D: { figure: 'prior_cumulative' }, E: { figure: 'growth' } },
    wait: ['B8', 'C8', 'D8', 'E8', 'B9', 'C9', 'D9', 'E9'],
  },
];

interface Tally {
  confidentRight: number;
  confidentWrong: number;
  pending: number;
  missed: number;
}

/** The expected binding of a cell as comparable text, or null when the cell has none. */
function expectedAt(fixture: ForeignFixture, sheet: string, cell: string, unitOf: (code: string) => string): string | null {
  const m = /^([A-Z]+)(\d+)$/.exec(cell);
  const row = fixture.rows[Number(m?.[2])];
  const column = fixture.columns[m?.[1] ?? ''];
  if (sheet !== fixture.sheet || row === undefined || column === undefined) return null;
  const rate = column.figure === 'growth' || column.figure === 'completion';
  const unit = rate ? '%' : column.figure === 'note' ? '' : (row.unit ?? unitOf(row.code));
  return JSON.stringify([row.code, column.figure, column.periodOffset ?? 0, unit]);
}

describe('auto-map on templates made by other tools: confident means right', () => {
  let host: TestHost;
  let formId: number;
  const codeOf = new Map<number, string>();
  const unitOf = new Map<string, string>();
  const tally: Record<string, Tally> = {};

  beforeAll(async () => {
    // Registration would also convert every non-.xlsx file with LibreOffice for the export
    // (seconds each); auto-mapping reads the file as registered, so the conversion is skipped.
    vi.stubEnv('STATBENCH_SOFFICE', join(FOREIGN, 'no-soffice-here'));
    host = makeTestHost();
    await host.call('workbook:create', { path: 'foreign', starterCatalog: true });
    const catalog = await host.call('catalog:get', {});
    formId = catalog.form.id;
    for (const item of catalog.items) {
      if (item.type !== 'indicator') continue;
      codeOf.set(item.indicator.id, item.indicator.code);
      unitOf.set(item.indicator.code, item.indicator.unit);
    }
  });

  afterAll(async () => {
    host.dispose();
    vi.unstubAllEnvs();
    const total = Object.values(tally).reduce((sum, t) => ({ confidentRight: sum.confidentRight + t.confidentRight, confidentWrong: sum.confidentWrong + t.confidentWrong, pending: sum.pending + t.pending, missed: sum.missed + t.missed }), {
      confidentRight: 0,
      confidentWrong: 0,
      pending: 0,
      missed: 0,
    });
    const dir = join(process.cwd(), 'tests', '.artifacts');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'automap-foreign.json'), JSON.stringify({ total, byFile: tally }, null, 2));
    console.info(`auto-map on the foreign fixtures: confident-right ${total.confidentRight}, confident-wrong ${total.confidentWrong}, 待确认 ${total.pending}, not proposed ${total.missed}`);
  });

  /** A proposal as comparable text: indicator code, figure, period offset and the unit it means. */
  const proposed = (p: BindingProposalView): string => {
    const code = codeOf.get(p.indicatorId) ?? '';
    return JSON.stringify([code, p.figure, p.periodOffset, p.figure === 'note' ? '' : (p.unit ?? unitOf.get(code) ?? '')]);
  };

  it.each(FIXTURES.map((f) => [`${f.file} (${f.tool})`, f] as const))('%s', async (_, fixture) => {
    // Copied under the test's data folder: registration stores the bytes, the committed file stays as it is.
    const path = join(host.dir, fixture.file);
    await copyFile(join(FOREIGN, fixture.file), path);
    const { id: templateId } = await host.call('templates:register', { path });
    const proposals = await host.call('templates:autoMap', { templateId, formId });
    const counts: Tally = { confidentRight: 0, confidentWrong: 0, pending: 0, missed: 0 };
    const wrong: string[] = [];
    for (const p of proposals) {
      const expected = expectedAt(fixture, p.sheet, p.cell, (code) => unitOf.get(code) ?? '');
      if (p.status === 'pending') {
        counts.pending++;
        // A 待确认 proposal says why it waits.
        expect(p.doubts.length, `${p.sheet}!${p.cell}`).toBeGreaterThan(0);
        continue;
      }
      if (expected !== null && proposed(p) === expected && !(fixture.wait ?? []).includes(p.cell)) counts.confidentRight++;
      else wrong.push(`${p.sheet}!${p.cell} ${proposed(p)} (expected ${expected ?? 'no binding'}; ${p.reason})`);
    }
    counts.confidentWrong = wrong.length;
    const expectedCells = Object.keys(fixture.rows).flatMap((r) => Object.keys(fixture.columns).map((c) => `${c}${r}`));
    counts.missed = expectedCells.filter((cell) => !proposals.some((p) => p.sheet === fixture.sheet && p.cell === cell)).length;
    tally[fixture.file] = counts;
    expect(wrong, 'confident proposals that are wrong').toEqual([]);
    // The clerk's decisions are asked for, not taken.
    for (const cell of fixture.wait ?? []) expect(proposals.find((p) => p.cell === cell)?.status ?? 'pending', cell).toBe('pending');
    // Every cell of the expected mapping is proposed, as right or as 待确认: none is silently dropped.
    expect(counts.missed, 'expected cells without a proposal').toBe(0);
  });
});
