import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsolidatedFormView } from '../../shared/api/consolidation-api.js';
import { seedStarterCatalog } from '../services/workbook/starter-catalog.js';
import { createWorkbookFile } from '../services/workbook/workbook-file.js';
import { openCliSession } from './cli-session.js';
import { EXIT, runCli } from './main.js';

/** Runs one command line in process, capturing what stdout and stderr would get. */
async function statbench(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('statbench report', () => {
  let dir = '';
  let workbook = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'statbench-report-'));
    workbook = join(dir, '全县.statbench');
    createWorkbookFile(workbook, (db) => seedStarterCatalog(db, '某县')).close();
    const session = openCliSession(workbook, () => undefined);
    try {
      const [county] = await session.call('units:list', undefined);
      const catalog = await session.call('catalog:get', {});
      const a01 = catalog.items.find((i) => i.type === 'indicator' && i.indicator.code === 'A01');
      if (!county || a01?.type !== 'indicator') throw new Error('starter catalog missing');
      for (const [code, name, value] of [
        ['100', '甲园区', '1200.5'],
        ['200', '乙园区', '800'],
      ] as const) {
        const units = await session.call('units:add', { code, name, parentId: county.id });
        const unitId = units.find((u) => u.code === code)?.id ?? 0;
        await session.call('values:set', { unitId, source: 'edit', changes: [{ indicatorId: a01.indicator.id, period: '2024-01', field: 'cumulative', value }] });
      }
    } finally {
      session.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the 汇总 of a unit as CSV, figures as the workbench shows them', async () => {
    const result = await statbench('report', workbook, '--unit', '001', '--period', '2024-01', '--consolidated');
    expect(result).toMatchObject({ code: EXIT.ok, err: '' });
    const lines = result.out.split('\r\n');
    expect(lines[0]).toBe('园区主要经济指标月报');
    expect(lines[1]).toContain('某县（汇总）');
    const a01 = lines.find((l) => l.startsWith('规模以上工业总产值,A01,万元,'));
    expect(a01?.split(',').slice(3, 5)).toEqual(['2000.5', '2000.5']);
    expect(result.out).toContain('汇总范围：“某县”下2024年1月在用的2个填报单位');
  });

  it('prints a unit’s own form, or the JSON view model, and refuses a bad format', async () => {
    const own = await statbench('report', workbook, '--unit', '100', '--period', '2024-01');
    expect(own.out.split('\r\n').find((l) => l.startsWith('规模以上工业总产值,A01'))?.split(',')[4]).toBe('1200.5');
    const json = await statbench('report', workbook, '--unit', '001', '--period', '2024-01', '--consolidated', '--format', 'json');
    const view = JSON.parse(json.out) as ConsolidatedFormView;
    expect(view.rows.find((r) => r.code === 'A01')?.cells.cumulative?.value).toBe('2000.5');
    expect(view.scope.unitIds).toHaveLength(2);
    const bad = await statbench('report', workbook, '--unit', '001', '--period', '2024-01', '--format', 'xml');
    expect(bad).toMatchObject({ code: EXIT.user, out: '' });
    expect(bad.err).toContain('--format 只能是 csv 或 json');
  });
});
