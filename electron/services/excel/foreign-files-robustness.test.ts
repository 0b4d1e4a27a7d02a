import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flipBits, prng, truncate } from '../../../tests/fixtures/byte-mutations.js';
import { buildZip } from '../../../tests/fixtures/hostile-files.js';
import { bounded, expectClerkMessage } from '../../../tests/support/clerk-message.js';
import { FORMAT_LABELS } from './file-format.js';
import { readWorkbookBytes } from './read-workbook.js';
import { UserFacingError } from './user-facing-error.js';
import { DEFAULT_ZIP_LIMITS, inflateEntry, readZipDirectory } from './zip-archive.js';

/** The committed fixtures made by openpyxl, LibreOffice, SheetJS and by hand (not the generator scripts). */
const FOREIGN = fileURLToPath(new URL('../../../tests/fixtures/foreign/', import.meta.url));
const FIXTURES = readdirSync(FOREIGN)
  .filter((name) => !/\.(py|mjs|md)$/.test(name))
  .sort();

/** Copies of a fixture damaged as files arrive damaged: cut short, bits flipped, a part of the package missing. */
function mutatedCopies(name: string, bytes: Buffer): Array<{ how: string; bytes: Buffer }> {
  const rand = prng(FIXTURES.indexOf(name) + 0x0f0e1);
  const copies = [
    ...[0, 1, 2].map((i) => ({ how: `truncated #${i}`, bytes: truncate(bytes, rand) })),
    { how: 'cut at half', bytes: bytes.subarray(0, bytes.length >> 1) },
    ...[0, 1, 2].map((i) => ({ how: `bits flipped #${i}`, bytes: flipBits(bytes, rand) })),
  ];
  const isZip = bytes.readUInt32LE(0) === 0x04034b50;
  if (isZip) {
    // A well-formed zip (right CRCs) without one of its parts, for every part.
    const entries = readZipDirectory(bytes, name, DEFAULT_ZIP_LIMITS).filter((e) => !e.name.endsWith('/'));
    const parts = entries.map((e) => ({ name: e.name, data: Buffer.from(inflateEntry(e, name)) }));
    for (const left of parts) copies.push({ how: `without ${left.name}`, bytes: buildZip(parts.filter((p) => p !== left)) });
  }
  return copies;
}

/** Any text cell of a snapshot, to show the read gave values. */
const texts = (snapshot: Awaited<ReturnType<typeof readWorkbookBytes>>): string[] =>
  snapshot.sheets.flatMap((s) => s.cells.flatMap((c) => (c.value?.type === 'text' ? [c.value.value] : [])));

const FORMAT_NAMES = Object.values(FORMAT_LABELS);

describe('every foreign fixture, and damaged copies of it, reads to values or a Chinese message naming the format', () => {
  it.each(FIXTURES)('%s', async (name) => {
    const bytes = readFileSync(join(FOREIGN, name));
    const original = await bounded(readWorkbookBytes(bytes, name), name);
    expect(texts(original).join(' '), name).toMatch(/[\u4e00-\u9fff]{4}/);
    const outcomes: string[] = [];
    for (const { how, bytes: damaged } of mutatedCopies(name, bytes)) {
      const context = `${name} ${how}`;
      const result = await bounded(
        readWorkbookBytes(damaged, name).then(
          (snapshot) => ({ ok: true as const, snapshot }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
        context,
      );
      if (result.ok) {
        // Read anyway: what came back is a workbook's sheets, named as the format the bytes are.
        expect(result.snapshot.sheets.length, context).toBeGreaterThan(0);
        outcomes.push(`${how}: ${result.snapshot.source}`);
        continue;
      }
      expect(result.error, `${context}: ${String(result.error)}`).toBeInstanceOf(UserFacingError);
      const message = (result.error as Error).message;
      expectClerkMessage(message, context);
      expect(message, context).toContain(`“${name}”`);
      // What the bytes are ("是OpenDocument 电子表格（.ods），但内容无法读取", "是Excel 工作簿（.xlsx），但其中的
      // 部件…数据不完整"), or "压缩包" when the package is too broken to tell which kind it was.
      const named = FORMAT_NAMES.some((label) => message.includes(label)) || /压缩包/.test(message);
      expect(named, `${context}: ${message}`).toBe(true);
      outcomes.push(`${how}: ${message}`);
    }
    expect(outcomes.length, name).toBeGreaterThanOrEqual(7);
  });
});

const hooks = fileURLToPath(new URL('../../../tests/support/ts-source-hooks.ts', import.meta.url));
const child = fileURLToPath(new URL('../../../tests/perf/excel-read-child.ts', import.meta.url));

describe('memory of the largest foreign fixture', () => {
  it('is read whole, as an import reads it, in a fresh Node with a 300 MB heap; peak RSS reported', async () => {
    const largest = [...FIXTURES].sort((a, b) => statSync(join(FOREIGN, b)).size - statSync(join(FOREIGN, a)).size)[0] ?? '';
    // A reader that does not bound its memory crashes the child (no JSON line), which fails here.
    const proc = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', hooks, '--max-old-space-size=300', child, join(FOREIGN, largest)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
    expect(code).toBe(0);
    const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { ok: boolean; message: string; cells: number; maxRssMB: number };
    expect(result).toMatchObject({ ok: true });
    expect(result.cells).toBeGreaterThan(0);
    expect(result.maxRssMB).toBeLessThan(300);
    const report = { file: largest, bytes: statSync(join(FOREIGN, largest)).size, reader: result.message, cells: result.cells, peakRssMB: Math.round(result.maxRssMB) };
    const dir = join(process.cwd(), 'tests', '.artifacts');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'foreign-peak-memory.json'), JSON.stringify(report, null, 2));
    console.info(`largest foreign fixture ${report.file} (${report.bytes} bytes, ${report.reader}): peak RSS ${report.peakRssMB} MB`);
  }, 60_000);
});
