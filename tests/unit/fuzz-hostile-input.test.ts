/**
 * Fuzz test of hostile input: mutated and truncated .xlsx/.xls/CSV files fed to template
 * registration and import preview, and malformed payloads fed to every channel through `dispatch`.
 * Every refusal must be a Chinese sentence (no English words beyond file names and codes, no stack,
 * no "Error:"), come within a time bound, and leave the workbook exactly as it was: the same
 * cell_values/change_log/templates counts and the same bytes on disk.
 *
 * The seeds are fixed, so a failure names a case that reproduces; the case counts keep the run
 * within about 20 s on the 2-core build machine.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type ChannelName } from '../../shared/api/contract.js';
import { type TemplateBindingInput } from '../../shared/api/template-api.js';
import { type ImportPreview } from '../../shared/domain/template.js';
import { dispatch } from '../../electron/services/handlers.js';
import { flipBits, int, prng, truncate } from '../fixtures/byte-mutations.js';
import { minimalXlsx, sheetXml } from '../fixtures/hostile-files.js';
import { writeStarterLikeTemplate } from '../fixtures/starter-like-template.js';
import { bounded, expectClerkMessage } from '../support/clerk-message.js';
import { makeTestHost, type TestHost } from '../support/test-host.js';

// ---------------------------------------------------------------- file mutations

/** Offsets of a 4-byte little-endian signature in a zip. */
function signatures(bytes: Buffer, signature: number): number[] {
  const found: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) if (bytes.readUInt32LE(i) === signature) found.push(i);
  return found;
}

/** Overwrites bytes inside one zip entry's compressed data (just after a local header). */
function corruptEntry(bytes: Buffer, rand: () => number): Buffer {
  const out = Buffer.from(bytes);
  const locals = signatures(out, 0x04034b50);
  const at = locals[int(rand, locals.length)] ?? 0;
  const dataStart = at + 30 + out.readUInt16LE(at + 26) + out.readUInt16LE(at + 28);
  for (let i = 0; i < 16 && dataStart + i < out.length; i++) out[dataStart + i] = int(rand, 256);
  return out;
}

/** Claims a huge uncompressed size (and a wrong CRC) for one entry, in its local and central header. */
function hugeDeclaredSize(bytes: Buffer, rand: () => number): Buffer {
  const out = Buffer.from(bytes);
  const centrals = signatures(out, 0x02014b50);
  const central = centrals[int(rand, centrals.length)];
  if (central === undefined) return out;
  out.writeUInt32LE(0xfffffff0, central + 24);
  const local = out.readUInt32LE(central + 42);
  if (local + 26 <= out.length && out.readUInt32LE(local) === 0x04034b50) out.writeUInt32LE(0xfffffff0, local + 22);
  return out;
}

function csvMutation(base: Buffer, rand: () => number): Buffer {
  switch (int(rand, 6)) {
    case 0:
      return flipBits(base, rand);
    case 1:
      return truncate(base, rand);
    case 2: // NUL bytes and control characters spliced in
      return Buffer.concat([base.subarray(0, 20), Buffer.from([0, 0, 1, 2, 0x1b, 0]), base.subarray(20)]);
    case 3: // invalid UTF-8 and a lone UTF-16 BOM
      return Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]), base]);
    case 4: // one enormous field
      return Buffer.concat([base, Buffer.from(`\n"${'9'.repeat(2_000_000)}`)]);
    default: // unbalanced quotes across many lines
      return Buffer.from(`指标,"本月\n${'"a,"b"\n'.repeat(2000)}`);
  }
}

// ---------------------------------------------------------------- payload generation

function randomString(rand: () => number): string {
  switch (int(rand, 7)) {
    case 0:
      return '';
    case 1:
      return 'x'.repeat(1_000_000 + int(rand, 1000));
    case 2:
      return `a\0b${'\0'.repeat(int(rand, 5))}.statbench`;
    case 3:
      return '../'.repeat(20) + 'etc/passwd';
    case 4:
      return '\u{1F4A9}\uD800\uDFFF\u202E';
    case 5:
      return String(rand());
    default:
      return '2024-13';
  }
}

function randomValue(rand: () => number, depth = 0): unknown {
  switch (int(rand, depth > 2 ? 7 : 10)) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return [true, false][int(rand, 2)];
    case 3:
      return [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, 1e308, -0][int(rand, 6)];
    case 4:
    case 5:
      return randomString(rand);
    case 6:
      return int(rand, 3);
    case 7:
      return Array.from({ length: int(rand, 4) }, () => randomValue(rand, depth + 1));
    case 8:
      return Array.from({ length: 200_000 }, () => 1);
    default:
      return Object.fromEntries(Array.from({ length: int(rand, 4) }, (_, i) => [['__proto__', 'constructor', 'path', `k${i}`][int(rand, 4)] ?? 'k', randomValue(rand, depth + 1)]));
  }
}

/** The top-level keys a channel's schema expects, so payloads get past the outer shape into the fields. */
function schemaKeys(channel: ChannelName): string[] {
  const schema = api[channel].input as { shape?: Record<string, unknown> };
  return schema.shape ? Object.keys(schema.shape) : [];
}

function malformedPayload(channel: ChannelName, rand: () => number): unknown {
  const keys = schemaKeys(channel);
  if (keys.length === 0 || rand() < 0.3) return randomValue(rand);
  // The right keys with wrong, huge or poisoned values.
  return Object.fromEntries(keys.filter(() => rand() < 0.85).map((key) => [key, randomValue(rand)]));
}

// ---------------------------------------------------------------- the workbook under test

describe('hostile input (fuzz, fixed seeds)', () => {
  let host: TestHost;
  let templateId: number;
  let unitId: number;
  let workbookPath: string;
  const seeds: Record<'xlsx' | 'xls' | 'csv', Buffer> = { xlsx: Buffer.alloc(0), xls: Buffer.alloc(0), csv: Buffer.alloc(0) };

  const db = () => {
    if (!host.ctx.session) throw new Error('no workbook open');
    return host.ctx.session.db;
  };
  /**
   * What "nothing written" compares: row counts and the bytes of the file and its WAL. The WAL is
   * copied into the file first, as the workbook does by itself when writing pauses (an earlier
   * save's copy landing mid-loop would otherwise look like a write); a write by the preview would
   * still change the file's bytes.
   */
  function state(): string {
    db().pragma('wal_checkpoint(TRUNCATE)');
    const count = (table: string): number => (db().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const hash = createHash('sha256');
    for (const file of [workbookPath, `${workbookPath}-wal`]) if (existsSync(file)) hash.update(readFileSync(file));
    return JSON.stringify({ cells: count('cell_values'), log: count('change_log'), templates: count('templates'), bytes: hash.digest('hex') });
  }

  beforeAll(async () => {
    host = makeTestHost();
    workbookPath = (await host.call('workbook:create', { path: '模糊测试', starterCatalog: true })).path;
    const formId = (await host.call('catalog:get', {})).form.id;
    unitId = (await host.call('units:list', undefined))[0]?.id ?? 0;
    const templatePath = join(host.dir, '园区月报.xlsx');
    await writeStarterLikeTemplate(templatePath);
    templateId = (await host.call('templates:register', { path: templatePath })).id;
    const proposals = await host.call('templates:autoMap', { templateId, formId });
    const bindings: TemplateBindingInput[] = proposals.map(({ sheet, cell, indicatorId, figure, unit, periodOffset }) => ({ sheet, cell, indicatorId, figure, unit, periodOffset }));
    await host.call('templates:saveBindings', { templateId, bindings });
    const exported = (await host.call('templates:export', { templateId, unitIds: [unitId], period: '2023-11', outputDir: 'out' })).files[0] ?? '';
    seeds.xlsx = readFileSync(exported);
    // The same return as legacy .xls, written by SheetJS (not by our code).
    const XLSX = await import('@e965/xlsx');
    seeds.xls = Buffer.from(XLSX.write(XLSX.read(seeds.xlsx, { type: 'buffer' }), { type: 'buffer', bookType: 'xls' }) as Uint8Array);
    seeds.csv = Buffer.from('\uFEFF指标名称,本月,1-11月累计,上年同期\n规模以上工业总产值,1200.5,86330,80000\n固定资产投资,300,4000,3800\n', 'utf8');
  }, 60_000);
  afterAll(() => host.dispose());

  /** A refusal: a clerk's message, in time, with the workbook exactly as before. */
  async function expectRefusedCleanly(channel: ChannelName, arg: unknown, context: string): Promise<string> {
    const before = state();
    const envelope = await bounded(
      dispatch(host.ctx, channel, arg, () => undefined),
      context,
    );
    if (envelope.ok) return 'accepted';
    expectClerkMessage(envelope.error.message, context);
    expect(state(), `${context}: the workbook changed although the call was refused`).toBe(before);
    return envelope.error.message;
  }

  /** Every message an import preview shows the clerk must be Chinese too. */
  function expectCleanPreview(preview: ImportPreview, context: string): void {
    for (const file of preview.files) {
      for (const problem of file.problems) expectClerkMessage(problem, `${context} (file problem)`);
      for (const cell of file.cells) if (cell.message !== undefined) expectClerkMessage(cell.message, `${context} (${cell.sheet}!${cell.cell})`);
    }
  }

  type Format = 'xlsx' | 'xls' | 'csv';
  function mutate(format: Format, kind: number, rand: () => number): Buffer {
    const base = seeds[format];
    if (format === 'csv') return csvMutation(base, rand);
    switch (kind % (format === 'xlsx' ? 5 : 3)) {
      case 0:
        return flipBits(base, rand);
      case 1:
        return truncate(base, rand);
      case 2:
        return format === 'xlsx' ? corruptEntry(base, rand) : Buffer.concat([base.subarray(0, 512), Buffer.alloc(int(rand, 4096), 0xff)]);
      case 3:
        return hugeDeclaredSize(base, rand);
      default: {
        // A well-formed zip (right CRCs) around damaged sheet XML: cut off mid-tag, or with bytes flipped.
        const xml = sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12.5</v></c></row><row r="2"><c r="A2"><f>1/0</f><v>#DIV/0!</v></c></row>');
        return minimalXlsx(rand() < 0.5 ? xml.slice(0, 150 + int(rand, 120)) : flipBits(Buffer.from(xml), rand).toString('latin1'));
      }
    }
  }

  it('mutated and truncated .xlsx/.xls/CSV returns: import preview answers with Chinese problems, writing nothing', async () => {
    const plan: [Format, number][] = [
      ['xlsx', 40],
      ['xls', 24],
      ['csv', 12],
    ];
    let outcomes = 0;
    for (const [format, cases] of plan) {
      const rand = prng(0x5eed0000 + format.length);
      for (let i = 0; i < cases; i++) {
        const fileName = `回收-${format}-${i}.${format}`;
        const path = join(host.dir, fileName);
        writeFileSync(path, mutate(format, i, rand));
        const context = `imports:preview ${fileName}`;
        const before = state();
        const envelope = await bounded(dispatch(host.ctx, 'imports:preview', { templateId, paths: [path], period: '2023-11', unitId }, () => undefined), context);
        if (envelope.ok) expectCleanPreview(envelope.value as ImportPreview, context);
        else expectClerkMessage(envelope.error.message, context);
        expect(state(), `${context}: a preview wrote to the workbook`).toBe(before);
        outcomes++;
      }
    }
    expect(outcomes).toBe(76);
  }, 120_000);

  it('mutated and truncated templates: registration is refused in Chinese, writing nothing, or registers a readable file', async () => {
    const rand = prng(0x7e3b1a7e);
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      // .xls only truncated: a readable .xls would be converted by LibreOffice (seconds per case).
      const format: Format = i % 8 === 7 ? 'csv' : i % 8 === 6 ? 'xls' : 'xlsx';
      const bytes = format === 'xls' ? seeds.xls.subarray(0, int(rand, 1024)) : mutate(format, i, rand);
      const fileName = `模板-${i}.${format}`;
      const path = join(host.dir, fileName);
      writeFileSync(path, bytes);
      const outcome = await expectRefusedCleanly('templates:register', { path }, `templates:register ${fileName}`);
      if (outcome === 'accepted') continue;
      refused++;
      // A refusal about a file names it, so the clerk knows which one.
      expect(outcome, fileName).toContain(fileName);
    }
    expect(refused).toBeGreaterThan(20);
  }, 120_000);

  it('malformed payloads on every channel: a Chinese refusal, in time, with nothing written', async () => {
    const channels = Object.keys(api) as ChannelName[];
    const rand = prng(0xbadc0de);
    const seen = new Set<string>();
    for (const channel of channels) {
      for (let i = 0; i < 10; i++) {
        const arg = malformedPayload(channel, rand);
        const context = `${channel} #${i}`;
        const before = state();
        const envelope = await bounded(dispatch(host.ctx, channel, arg, () => undefined), context);
        // A payload that happens to be valid may do its work (the clerk's data folder is the temp dir);
        // the workbook under test is then reopened and the baseline taken again.
        if (!envelope.ok) {
          expectClerkMessage(envelope.error.message, context);
          if (host.ctx.session?.path === workbookPath) expect(state(), `${context}: refused but wrote`).toBe(before);
          seen.add(channel);
        }
        if (host.ctx.session?.path !== workbookPath) await host.call('workbook:open', { path: workbookPath });
      }
    }
    // Every channel that takes an argument refused at least one of its payloads.
    const withArgs = channels.filter((c) => schemaKeys(c).length > 0);
    expect(withArgs.filter((c) => !seen.has(c))).toEqual([]);
  }, 120_000);

  it('an unknown channel and a poisoned channel name are refused in Chinese', async () => {
    for (const name of ['values:drop', '__proto__', 'constructor', 'x'.repeat(100_000), 'a\0b']) {
      const envelope = await dispatch(host.ctx, name, {}, () => undefined);
      expect(envelope.ok).toBe(false);
      if (!envelope.ok) expect(envelope.error.message).toMatch(/^未知的操作/);
    }
  });
});
