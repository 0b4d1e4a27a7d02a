import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/test-host.js';
import { seedStarterCatalog } from '../services/workbook/starter-catalog.js';
import { closeWorkbookFile, createWorkbookFile } from '../services/workbook/workbook-file.js';
import { cli } from '../../tests/support/cli-output.js';
import { EXIT } from './main.js';

describe('statbench backup / backups / check', () => {
  let dir: string;
  let workbook: string;
  const home = process.env.STATBENCH_HOME;
  beforeEach(() => {
    dir = makeTempDir();
    process.env.STATBENCH_HOME = dir;
    workbook = join(dir, '园区.statbench');
    closeWorkbookFile(createWorkbookFile(workbook, seedStarterCatalog), workbook);
  });
  afterEach(() => {
    if (home === undefined) delete process.env.STATBENCH_HOME;
    else process.env.STATBENCH_HOME = home;
  });

  it('takes a named snapshot and lists it with the daily backup, newest first', async () => {
    const made = await cli('backup', workbook, '--name', '9月上报版');
    expect(made.code).toBe(EXIT.ok);
    expect(made.out).toMatch(/^已备份到“.*园区-备份.*_快照_9月上报版\.statbench”。/);
    const listed = await cli('backups', workbook, '--json');
    expect(listed.code).toBe(EXIT.ok);
    const { backups } = JSON.parse(listed.out) as { backups: { kind: string; name: string | null }[] };
    // The first command of the day also took the daily backup, as opening in the app does.
    expect(backups.map((b) => [b.kind, b.name])).toEqual([
      ['快照', '9月上报版'],
      ['自动', null],
    ]);
    expect((await cli('backups', workbook)).out).toContain('快照“9月上报版”');
  });

  it('check exits 0 for a healthy workbook, 3 for a damaged one, 2 for a file that is no workbook', async () => {
    const healthy = await cli('check', workbook);
    expect(healthy).toMatchObject({ code: EXIT.ok, err: '' });
    expect(healthy.out).toContain('完好');

    const bytes = readFileSync(workbook);
    bytes.fill(0xab, 100, 4096);
    writeFileSync(workbook, bytes);
    const damaged = await cli('check', workbook);
    expect(damaged.code).toBe(EXIT.damaged);
    expect(damaged.err).toContain('已损坏');
    expect(damaged.err).toContain('园区-备份');
    expect(damaged.err.replaceAll('园区.statbench', '')).not.toMatch(/[A-Za-z]/);

    const text = join(dir, '说明.statbench');
    writeFileSync(text, '不是工作簿');
    expect(await cli('check', text)).toMatchObject({ code: EXIT.user });
    expect((await cli('check', join(dir, '没有.statbench'))).err).toContain('找不到工作簿文件');
  });

  it('an internal fault prints a Chinese message and the log path, never an English stack; the stack is in the log', async () => {
    const db = createWorkbookFile(join(dir, '坏表.statbench'), seedStarterCatalog);
    db.exec('DROP TABLE templates');
    closeWorkbookFile(db, join(dir, '坏表.statbench'));
    const outcome = await cli('template', 'list', join(dir, '坏表.statbench'));
    expect(outcome.code).toBe(EXIT.fault);
    const logPath = join(dir, '.config', 'logs', 'statbench.log');
    expect(outcome.err).toBe(`程序内部错误，操作未完成。详细信息已写入日志：${logPath}\n请把该文件发给技术支持。\n`);
    expect(readFileSync(logPath, 'utf8')).toMatch(/cli template list[\s\S]*no such table: (main\.)?templates[\s\S]*\n\s+at /);
  });
});
