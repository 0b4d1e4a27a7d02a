import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExportResult } from '../../shared/api/template-api.js';
import { type ImportPreview, type TemplateSummary } from '../../shared/domain/template.js';
import { writeStarterLikeTemplate } from '../../tests/fixtures/starter-like-template.js';
import { seedDemoWorkbook } from '../services/demo/demo-workbook.js';
import { createWorkbookFile } from '../services/workbook/workbook-file.js';
import { type FormPrintout } from './cli-commands.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI exactly as county IT would: `node bin/statbench.js …`. */
async function statbench(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/statbench.js'), ...args], { cwd: root, env: { ...process.env, STATBENCH_HOME: dir } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function json<T>(...args: string[]): Promise<T> {
  const outcome = await statbench(...args, '--json');
  expect(outcome.stderr).toBe('');
  expect(outcome.code).toBe(0);
  return JSON.parse(outcome.stdout) as T;
}

let dir = '';
let workbook = '';

describe('statbench CLI against the built dist', () => {
  beforeAll(async () => {
    // The CLI runs the compiled code, so build it (and copy the migrations) as `npm run cli` does.
    await run('npx', ['tsc', '-b', 'electron/tsconfig.json'], { cwd: root });
    await run(process.execPath, ['build/copy-migrations.mjs'], { cwd: root });
    dir = await mkdtemp(join(tmpdir(), 'statbench-cli-'));
    workbook = join(dir, '示例.statbench');
    createWorkbookFile(workbook, seedDemoWorkbook).close();
    await writeStarterLikeTemplate(join(dir, '园区月报.xlsx'));
  }, 300_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('registers, maps, exports and re-imports a template', async () => {
    const template = await json<TemplateSummary>('template', 'register', workbook, join(dir, '园区月报.xlsx'), '--name', '园区月报');
    expect(template).toMatchObject({ id: 1, name: '园区月报', format: 'xlsx' });
    const mapped = await json<{ saved: boolean; bindingCount: number }>('template', 'automap', workbook, '1', '--form', 'YQ01', '--save');
    expect(mapped).toMatchObject({ saved: true, bindingCount: 16 });
    expect(await json<TemplateSummary[]>('template', 'list', workbook)).toMatchObject([{ id: 1, bindingCount: 16 }]);

    const exported = await json<ExportResult>('export', workbook, '--template', '1', '--period', '2023-11', '--all-units', '--out', join(dir, 'out'));
    // The demo county's units in tree order: the county itself, then its parks and townships.
    const units = ['武清区', '京滨工业园', '京津科技谷产业园', '武清汽车产业园', '梅厂镇', '大碱厂镇'];
    expect(exported.files).toEqual(units.map((u) => join(dir, 'out', `园区月报-${u}-2023年11月.xlsx`)));

    // Re-importing what was just exported changes nothing.
    const preview = await json<{ preview: ImportPreview; committed: boolean }>('import', workbook, '--template', '1', '--period', '2023-11', join(dir, 'out'));
    expect(preview.committed).toBe(false);
    expect(preview.preview.counts).toMatchObject({ new: 0, changed: 0, problem: 0 });
    const committed = await json<{ committed: boolean; commit: { applied: number } }>('import', workbook, '--template', '1', '--period', '2023-11', join(dir, 'out'), '--commit');
    expect(committed).toMatchObject({ committed: true, commit: { applied: 0 } });
  });

  it('exports the form view as GBK CSV', async () => {
    const result = await json<ExportResult>('export-form', workbook, '--form', 'YQ01', '--unit', '001', '--period', '2023-11', '--format', 'csv', '--encoding', 'gbk', '--out', join(dir, 'form.csv'));
    const text = iconv.decode(await readFile(result.files[0] ?? ''), 'gb18030');
    expect(text).toContain('规模以上工业总产值,A01,万元');
  });

  it('prints the form view as the grid shows it when no --out is given', async () => {
    const printout = await json<FormPrintout>('export-form', workbook, '--form', 'YQ01', '--unit', '001', '--period', '2023-11');
    expect(printout.header.slice(0, 5)).toEqual(['指标名称', '代码', '计量单位', '本月', '1-11月累计']);
    expect(printout.header.slice(3)).toEqual(printout.view.columns.map((c) => c.title));
    const row = printout.view.rows.find((r) => r.code === 'A01');
    const printed = printout.rows.find((r) => r[1] === 'A01');
    expect(printed?.slice(3)).toEqual(printout.view.columns.map((c) => row?.cells[c.key]?.display ?? ''));
    const text = await statbench('export-form', workbook, '--form', 'YQ01', '--unit', '001', '--period', '2023-11');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')).toContain((printed ?? []).join('\t'));
  });

  it('loads neither ExcelJS nor SheetJS when the handlers are imported (start-up path)', async () => {
    const script = `import { registerHooks } from 'node:module';
const seen = [];
registerHooks({ resolve(s, c, next) { seen.push(s); return next(s, c); } });
await import(${JSON.stringify(join(root, 'dist/electron/services/handlers.js'))});
console.log(JSON.stringify(seen.filter((s) => s === 'exceljs' || s.startsWith('@e965/'))));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it('exits with 2 and a Chinese message on user errors', async () => {
    const unknownTemplate = await statbench('export', workbook, '--template', '99', '--period', '2023-11', '--all-units', '--out', join(dir, 'x'), '--json');
    expect(unknownTemplate).toMatchObject({ code: 2, stdout: '' });
    expect(unknownTemplate.stderr).toContain('找不到该模板');
    const badPeriod = await statbench('export', workbook, '--template', '1', '--period', '2023-13', '--unit', '001', '--out', join(dir, 'x'));
    expect(badPeriod.code).toBe(2);
    expect(badPeriod.stderr).toContain('期别应为“年-月”格式');
    const noWorkbook = await statbench('template', 'list', join(dir, '没有.statbench'));
    expect(noWorkbook.code).toBe(2);
    expect(noWorkbook.stderr).toContain('找不到工作簿文件');
    expect((await statbench('frobnicate')).stderr).toContain('未知的命令');
  });
});
