import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorkbook } from '../services/demo/demo-workbook.js';
import { createWorkbookFile } from '../services/workbook/workbook-file.js';
import { openCliSession } from './cli-session.js';
import { EXIT, runCli } from './main.js';

async function statbench(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('statbench narrative of a node with units under it', () => {
  let dir = '';
  let workbook = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'statbench-narrative-node-'));
    workbook = join(dir, '园区.statbench');
    createWorkbookFile(workbook, seedDemoWorkbook).close();
    // Two 片区 under the park report 规模以上工业总产值; the park's own typed figure stays as it was.
    const session = openCliSession(workbook, () => undefined);
    try {
      const park = (await session.call('units:list', undefined)).find((u) => u.code === '001')?.id ?? 0;
      const a01 = (await session.call('catalog:get', {})).items.flatMap((i) => (i.type === 'indicator' && i.indicator.code === 'A01' ? [i.indicator.id] : []))[0] ?? 0;
      for (const [code, name, now, before] of [
        ['00101', '东片区', '500000', '400000'],
        ['00102', '西片区', '300000', '240000'],
      ] as const) {
        const unitId = (await session.call('units:add', { code, name, parentId: park })).find((u) => u.code === code)?.id ?? 0;
        await session.call('values:set', {
          unitId,
          source: 'edit',
          changes: [
            { indicatorId: a01, period: '2023-11', field: 'cumulative', value: now },
            { indicatorId: a01, period: '2022-11', field: 'cumulative', value: before },
          ],
        });
      }
    } finally {
      session.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the paragraph of the park’s 汇总: 80.00亿元 = 50 + 30, 同比增长25.0% on the same scope', async () => {
    const result = await statbench('narrative', workbook, '--unit', '001', '--period', '2023-11', '--indicators', 'A01');
    expect(result).toMatchObject({ code: EXIT.ok, err: '' });
    expect(result.out).toMatch(/^1-11月，京滨工业园规模以上工业总产值完成80\.00亿元，同比增长25\.0%/);
    const json = await statbench('narrative', workbook, '--unit', '001', '--period', '2023-11', '--indicators', 'A01', '--consolidated', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ consolidated: true });
  });
});
