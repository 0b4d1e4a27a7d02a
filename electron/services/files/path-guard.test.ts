import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestHost, type TestHost } from '../../../tests/support/test-host.js';
import { dispatchConfined } from './channel-paths.js';
import { confinePath, type PathRule } from './path-guard.js';

const TEMPLATE: PathRule = { what: '模板文件', extensions: ['.xlsx', '.xls', '.et'] };

/** Every file and folder under `dir`, to prove a refusal touched nothing. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('path guard of the browser host', () => {
  let host: TestHost;
  let data: string;
  let outside: string;
  beforeEach(() => {
    host = makeTestHost();
    data = host.dir;
    outside = makeTempDir();
    writeFileSync(join(data, '模板.xlsx'), 'x');
    mkdirSync(join(data, '返回'));
    writeFileSync(join(outside, 'secret.xlsx'), 'x');
  });
  afterEach(() => host.dispose());

  it('answers the absolute path inside the data folder for a name, a sub-path or an absolute path in it', () => {
    expect(confinePath(data, '模板.xlsx', TEMPLATE)).toBe(join(data, '模板.xlsx'));
    expect(confinePath(data, join(data, '模板.xlsx'), TEMPLATE)).toBe(join(data, '模板.xlsx'));
    expect(confinePath(data, '返回/乡镇.xls', TEMPLATE)).toBe(join(data, '返回', '乡镇.xls'));
    expect(confinePath(data, './返回', { what: '导出文件夹', extensions: [], folder: 'only' })).toBe(join(data, '返回'));
    expect(confinePath(data, '返回', { what: '报表文件', extensions: ['.xlsx'], folder: 'either' })).toBe(join(data, '返回'));
  });

  it.each([
    ['traversal', () => `..${sep}${'x'}.xlsx`, /含有“\.\.”（上级文件夹）/],
    ['traversal that comes back in', () => `返回/../模板.xlsx`, /含有“\.\.”/],
    ['an absolute path outside the data folder', (o: string) => join(o, 'secret.xlsx'), /不在数据文件夹“.+”内/],
    ['NUL', () => '模板.xlsx\0.statbench', /控制字符（如空字符）/],
    ['a reserved device name', () => 'CON.xlsx', /“CON\.xlsx”是 Windows 保留的设备名/],
    ['a reserved name in lower case with spaces', () => 'lpt1 .xlsx', /保留的设备名/],
    ['COM9 as a folder', () => 'com9/a.xlsx', /保留的设备名/],
    ['a wrong extension', () => 'run.bat', /“run\.bat”不是模板文件（应为 \.xlsx、\.xls、\.et 文件）/],
    ['a forbidden character', () => 'a?b.xlsx', /不允许的字符/],
    ['a trailing dot', () => 'a.xlsx.', /以空格或句点结尾/],
  ])('refuses %s in Chinese and touches nothing', (_case, path, message) => {
    const before = listing(data);
    expect(() => confinePath(data, path(outside), TEMPLATE)).toThrow(message);
    expect(() => confinePath(data, path(outside), TEMPLATE)).toThrow(/未读写任何文件。$/);
    expect(listing(data)).toEqual(before);
  });

  it('refuses a symbolic link out of the data folder, to a file or through a folder', () => {
    symlinkSync(join(outside, 'secret.xlsx'), join(data, '链接.xlsx'));
    symlinkSync(outside, join(data, '外部'));
    expect(() => confinePath(data, '链接.xlsx', TEMPLATE)).toThrow(/经由链接指向数据文件夹之外/);
    expect(() => confinePath(data, '外部/secret.xlsx', TEMPLATE)).toThrow(/经由链接指向数据文件夹之外/);
    // A file not yet written under the linked folder would be created outside: refused too.
    expect(() => confinePath(data, '外部/新.xlsx', TEMPLATE)).toThrow(/经由链接指向数据文件夹之外/);
  });

  it('keeps every channel of the browser host inside the data folder, and nothing is created', async () => {
    const call = (channel: string, arg: unknown) => dispatchConfined(host.ctx, channel, arg);
    const refused = async (channel: string, arg: unknown): Promise<string> => {
      const envelope = await call(channel, arg);
      if (envelope.ok) throw new Error(`${channel} was not refused`);
      return envelope.error.message;
    };
    const before = listing(outside);
    // The attack of the issue: a workbook created in the Startup folder as run.bat.
    expect(await refused('workbook:create', { path: join(outside, 'Startup', 'run.bat') })).toMatch(/不在数据文件夹/);
    expect(await refused('workbook:create', { path: 'run.bat' })).toMatch(/不是工作簿（应为 \.statbench 文件）/);
    expect(await refused('workbook:open', { path: 'other.sqlite\0.statbench' })).toMatch(/控制字符/);
    expect(listing(outside)).toEqual(before);

    expect((await call('workbook:create', { path: '月报' })).ok).toBe(true);
    expect(await refused('templates:register', { path: join(outside, 'secret.xlsx') })).toMatch(/不在数据文件夹/);
    expect(await refused('imports:preview', { templateId: 1, paths: ['模板.xlsx', '../secret.xlsx'], period: '2023-11' })).toMatch(/上级文件夹/);
    expect(await refused('templates:export', { templateId: 1, unitIds: [1], period: '2023-11', outputDir: outside })).toMatch(/不在数据文件夹/);
    expect(await refused('exports:formView', { formId: 1, unitId: 1, period: '2023-11', format: 'xlsx', outputPath: 'NUL.xlsx' })).toMatch(/保留的设备名/);
    // A channel not listed is still confined (any key named like a path).
    expect(await refused('roster:export', { unitId: 1, outputPath: join(outside, 'r.xlsx') })).toMatch(/不在数据文件夹/);
    expect(listing(outside)).toEqual(before);

    // Inside the data folder the export goes through.
    const done = await call('exports:formView', { formId: 1, unitId: 1, period: '2023-11', format: 'xlsx', outputPath: '导出/月报' });
    expect(done.ok).toBe(true);
    expect(listing(data)).toContain(join('导出', '月报.xlsx'));
  });
});
