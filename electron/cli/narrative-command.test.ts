import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorkbook } from '../services/demo/demo-workbook.js';
import { createWorkbookFile } from '../services/workbook/workbook-file.js';
import { DEFAULT_NARRATIVE_SETTINGS } from '../../shared/narrative/index.js';
import { openCliSession } from './cli-session.js';
import { EXIT, runCli } from './main.js';

/** Runs one command line in process, capturing what stdout and stderr would get. */
async function statbench(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('statbench narrative', () => {
  let dir = '';
  let workbook = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'statbench-narrative-'));
    workbook = join(dir, '示例.statbench');
    createWorkbookFile(workbook, seedDemoWorkbook).close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the paragraph of a unit and month, limited to the indicators asked for', async () => {
    const result = await statbench('narrative', workbook, '--unit', '001', '--period', '2023-11', '--indicators', 'A01,A02，A0201');
    expect(result).toMatchObject({ code: EXIT.ok, err: '' });
    expect(result.out).toMatch(/^1-11月，京滨工业园规模以上工业总产值完成86\.33亿元，同比增长5\.9%/);
    expect(result.out).toContain('固定资产投资完成6.81亿元');
    expect(result.out).toContain('其中工业投资完成5.20亿元');
    // Only what was asked for: no 制造业投资, no 招商.
    expect(result.out).not.toMatch(/制造业投资|招商引资/);
    expect(result.out.endsWith('。')).toBe(true);
  });

  it('says each count once: a typed 新签约项目个数 or 国家高新技术企业数 is not repeated from the ledgers', async () => {
    const result = await statbench('narrative', workbook, '--unit', '001', '--period', '2023-11');
    expect(result.code).toBe(EXIT.ok);
    expect(result.out.match(/新签约项目/g)).toHaveLength(1);
    expect(result.out.match(/国家高新技术企业/g)).toHaveLength(1);
    expect(result.out).toContain('新签约项目个数完成17个');
    expect(result.out).toContain('国家高新技术企业数100家');
    // What only the ledger knows is still said.
    expect(result.out).toMatch(/；新开工项目\d+个，竣工投产项目\d+个。$/);
  });

  it('uses the templates saved in the workbook and prints JSON with --json', async () => {
    const session = openCliSession(workbook, () => undefined);
    try {
      await session.call('narrative:saveSettings', { ...DEFAULT_NARRATIVE_SETTINGS, periodStyle: 'month-end', overrides: { B02: '完成{名称}{数值}[，年度目标完成率{完成率}]' } });
    } finally {
      session.close();
    }
    const result = await statbench('narrative', workbook, '--unit', '001', '--period', '2023-11', '--indicators', 'B02', '--json');
    expect(result.code).toBe(EXIT.ok);
    const value = JSON.parse(result.out) as { text: string; sentences: { code: string }[] };
    expect(value.sentences.map((s) => s.code)).toEqual(['B02']);
    expect(value.text).toBe('截至11月底，京滨工业园完成承接北京非首都功能任务17.34亿元，年度目标完成率115.6%。');
  });

  it('refuses an unknown indicator or unit with a Chinese message and exit code 2', async () => {
    const badCode = await statbench('narrative', workbook, '--unit', '001', '--period', '2023-11', '--indicators', 'Z9');
    expect(badCode).toMatchObject({ code: EXIT.user, out: '' });
    expect(badCode.err).toContain('找不到指标代码“Z9”');
    const badUnit = await statbench('narrative', workbook, '--unit', '999', '--period', '2023-11');
    expect(badUnit.code).toBe(EXIT.user);
    expect(badUnit.err).toContain('找不到代码为“999”的填报单位');
    const noPeriod = await statbench('narrative', workbook, '--unit', '001');
    expect(noPeriod.err).toContain('缺少参数 --period');
  });

  it('says so when the month has no figures instead of printing an empty paragraph', async () => {
    // Indicators named: the ledger counts (the roster's designations stand in every month) are left out too.
    const result = await statbench('narrative', workbook, '--unit', '001', '--period', '2021-05', '--indicators', 'A01,A02');
    expect(result.code).toBe(EXIT.user);
    expect(result.err).toContain('没有可写的内容');
  });
});
