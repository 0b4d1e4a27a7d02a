import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStarterCatalog } from '../services/workbook/starter-catalog.js';
import { createWorkbookFile } from '../services/workbook/workbook-file.js';
import { type AuditCliFinding, EXIT_HARD_FINDINGS } from './audit-command.js';
import { openCliSession } from './cli-session.js';
import { EXIT, runCli } from './main.js';

async function statbench(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('statbench audit', () => {
  let dir = '';
  let workbook = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'statbench-audit-'));
    workbook = join(dir, '全县.statbench');
    createWorkbookFile(workbook, (db) => seedStarterCatalog(db, '某县')).close();
    const session = openCliSession(workbook, () => undefined);
    try {
      const [county] = await session.call('units:list', undefined);
      const catalog = await session.call('catalog:get', {});
      const id = (code: string): number => {
        const item = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === code);
        if (item?.type !== 'indicator') throw new Error(`starter catalog lacks ${code}`);
        return item.indicator.id;
      };
      const units = await session.call('units:add', { code: '100', name: '甲园区', parentId: county?.id ?? null });
      const clean = units.find((u) => u.code === '100')?.id ?? 0;
      // 甲园区: 工业投资 990 with 制造业投资 2,000 under it — a 强制 finding. The county: nothing typed.
      await session.call('values:set', {
        unitId: clean,
        source: 'edit',
        changes: [
          { indicatorId: id('A0201'), period: '2024-01', field: 'cumulative', value: '990' },
          { indicatorId: id('A020101'), period: '2024-01', field: 'cumulative', value: '2000' },
        ],
      });
    } finally {
      session.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the findings of a unit and exits 3 while a 强制 finding stands', async () => {
    const result = await statbench('audit', workbook, '--unit', '100', '--period', '2024-01');
    expect(result.code).toBe(EXIT_HARD_FINDINGS);
    const line = result.out.split('\n').find((l) => l.startsWith('强制\t其中项不大于合计'));
    expect(line?.split('\t')).toEqual(['强制', '其中项不大于合计', '100 甲园区', 'A020101 制造业投资', '2024-01', '制造业投资 2,000.0万元 大于“工业投资” 990.0万元：其中项不能超过合计，请核对。', '']);
    expect(result.out).toContain('有强制性问题，不能上报。');
  });

  it('--json gives every finding with rule, severity, unit, indicator, period, message and explanation', async () => {
    const result = await statbench('audit', workbook, '--period', '2024-01', '--json');
    expect(result.code).toBe(EXIT_HARD_FINDINGS);
    const value = JSON.parse(result.out) as { passed: boolean; hard: number; findings: AuditCliFinding[] };
    expect(value.passed).toBe(false);
    expect(value.findings.find((f) => f.severity === '强制')).toMatchObject({ unitCode: '100', indicatorCode: 'A020101', period: '2024-01', explanation: null, rule: '其中项不大于合计' });
    // The county typed nothing in 2024-01: no 强制 finding of its own.
    expect(value.findings.filter((f) => f.unitCode !== '100' && f.severity === '强制')).toEqual([]);
  });

  it('exits 0 on a month without 强制 findings and writes the 审核说明 .xlsx', async () => {
    const out = join(dir, '审核说明.xlsx');
    const result = await statbench('audit', workbook, '--unit', '100', '--period', '2024-02', '--out', out);
    expect(result.code).toBe(EXIT.ok);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.getWorksheet('审核说明');
    expect(sheet?.getCell('A1').value).toBe('审核说明（园区主要经济指标月报）');
    const rows: string[][] = [];
    sheet?.eachRow((row) => rows.push((Array.isArray(row.values) ? row.values.slice(1) : []).map((v) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v)))));
    expect(rows[1]?.join(' ')).toContain('2024年2月');
    expect(rows[1]?.join(' ')).toContain('强制 0 条 · 提示 13 条（未说明 13 条）');
    expect(rows[2]).toEqual(['单位', '指标', '代码', '类别', '审核规则', '问题', '说明']);
    // Nothing typed in February: each 提示 finding is listed with its (missing) explanation.
    expect(rows[3]).toEqual(['甲园区', '规模以上工业总产值', 'A01', '提示', '必填', '规模以上工业总产值本期未填报；如确无数据请填 0，或说明原因。', '（未说明）']);
  });

  it('exits 2 with a Chinese message on bad input', async () => {
    const badPeriod = await statbench('audit', workbook, '--period', '2024-13');
    expect(badPeriod).toMatchObject({ code: EXIT.user, out: '' });
    expect(badPeriod.err).toContain('--period 应为 年-月');
    const badUnit = await statbench('audit', workbook, '--unit', '999', '--period', '2024-01');
    expect(badUnit.code).toBe(EXIT.user);
    expect(badUnit.err).toContain('找不到代码为“999”的填报单位');
  });
});
