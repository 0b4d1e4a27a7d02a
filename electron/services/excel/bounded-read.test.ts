import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { minimalXlsx, sheetXml } from '../../../tests/fixtures/hostile-files.js';
import { hugeSharedStringsXlsx, manyCellsXlsx, whitespacePaddedXlsx } from '../../../tests/fixtures/oversized-files.js';
import { readWorkbookBytes } from './read-workbook.js';

const hooks = fileURLToPath(new URL('../../../tests/support/ts-source-hooks.ts', import.meta.url));
const child = fileURLToPath(new URL('../../../tests/perf/excel-read-child.ts', import.meta.url));

interface ChildResult {
  ok: boolean;
  message: string;
  cells: number;
  ms: number;
  maxRssMB: number;
}

/**
 * Reads `bytes` as the import does, in a fresh Node with a 300 MB heap: a reader that does not
 * bound its memory crashes the child (no JSON line), which fails the test.
 */
async function readInChild(fileName: string, bytes: Buffer, boundCells: readonly string[] = []): Promise<ChildResult> {
  const dir = await mkdtemp(join(tmpdir(), 'statbench-bounded-'));
  const path = join(dir, fileName);
  await writeFile(path, bytes);
  const proc = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', hooks, '--max-old-space-size=300', child, path, ...boundCells], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  expect(code, `child crashed: ${err.slice(-800)}`).toBe(0);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

const BUDGET_MB = 300;

describe('reading is bounded: any file under 20 MB peaks below 300 MB, or is refused early', () => {
  const refused: Array<[string, string, () => Buffer, RegExp]> = [
    ['190 MB of blanks in one part (a 200 KB file)', '填充空白.xlsx', () => whitespacePaddedXlsx(190), /解压后达 190\.0 MB，压缩比达 \d+ 倍，多为用大量空白或重复内容填充的文件/],
    ['30 MB of blanks, under the part cap', '少量填充.xlsx', () => whitespacePaddedXlsx(30), /填充了 30\.0 MB 的空白字符/],
    ['2.5 million cells (8 MB)', '二百五十万格.xlsx', () => manyCellsXlsx(100_000, 25), /解压后达 \d+\.\d MB，不像是报表模板/],
    ['450 000 small cells (1.6 MB)', '四十五万格.xlsx', () => manyCellsXlsx(45_000, 10), /单元格超过 400000 个/],
    ['a 90 MB shared-string table (1.3 MB)', '长文本.xlsx', () => hugeSharedStringsXlsx(100_000, 300), /共享字符串表解压后达 \d+\.\d MB/],
  ];
  it.each(refused)('%s: refused with a Chinese message naming the file', async (_, fileName, build, message) => {
    const result = await readInChild(fileName, build());
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^UserFacingError: /);
    expect(result.message).toContain(`“${fileName}”`);
    expect(result.message).toMatch(message);
    expect(result.maxRssMB).toBeLessThan(BUDGET_MB);
  }, 120_000);

  it('300 000 cells are read (by the package reader) within the budget', async () => {
    // As an import preview reads it: the whole file is parsed (in the worker), and the bound cells
    // — here the first and the very last — come back to the host.
    const result = await readInChild('大表.xlsx', manyCellsXlsx(30_000, 10), ['A1', 'J30000']);
    expect(result).toMatchObject({ ok: true, message: 'xlsx package', cells: 2 });
    expect(result.maxRssMB).toBeLessThan(BUDGET_MB);
  }, 120_000);

  it('a read past the time limit stops with a message naming the file', async () => {
    const bytes = minimalXlsx(sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>'));
    await expect(readWorkbookBytes(bytes, '慢文件.xlsx', { timeLimitMs: -1 })).rejects.toThrow(/读取文件“慢文件\.xlsx”超过 0 秒仍未完成，已停止/);
  });
});
