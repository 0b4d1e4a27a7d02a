import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/test-host.js';
import { startWebHost, type WebHost } from './web-host.js';

describe('browser host: upload and download', () => {
  let dir: string;
  let outside: string;
  let host: WebHost;
  beforeEach(async () => {
    dir = makeTempDir();
    outside = makeTempDir();
    host = await startWebHost({ dataDir: dir, configDir: join(dir, '.config'), version: '0.0.0-test', staticDir: dir });
  });
  afterEach(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const origin = () => `http://127.0.0.1:${host.port}`;
  const upload = (name: string, body: Buffer, purpose = 'template', token = host.token) =>
    fetch(`${origin()}/files/upload?purpose=${purpose}&name=${encodeURIComponent(name)}`, { method: 'POST', headers: { 'X-StatBench-Token': token }, body: new Uint8Array(body) });
  const download = (...paths: string[]) => fetch(`${origin()}/files/download?${paths.map((p) => `path=${encodeURIComponent(p)}`).join('&')}`, { headers: { 'X-StatBench-Token': host.token } });

  it('stores an upload in the data folder without replacing a file of the same name', async () => {
    const first = await upload('县模板.xlsx', Buffer.from('first'));
    expect(await first.json()).toEqual({ ok: true, value: { path: join('上传', '县模板.xlsx'), name: '县模板.xlsx' } });
    const second = await upload('县模板.xlsx', Buffer.from('second'));
    expect(await second.json()).toMatchObject({ ok: true, value: { path: join('上传', '县模板(2).xlsx') } });
    expect(readFileSync(join(dir, '上传', '县模板.xlsx'), 'utf8')).toBe('first');
    expect(readFileSync(join(dir, '上传', '县模板(2).xlsx'), 'utf8')).toBe('second');
  });

  it.each([
    ['a path in the name', '../x.xlsx', /不能包含“\/”或“\\”/],
    ['a reserved name', 'CON.xlsx', /保留的设备名/],
    ['a NUL', 'a\0.xlsx', /控制字符/],
    ['a program', 'run.bat', /不是模板文件/],
  ])('refuses %s with a Chinese message and stores nothing', async (_case, name, message) => {
    const response = await upload(name, Buffer.from('x'));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { ok: boolean; error: { message: string } };
    expect(body.error.message).toMatch(message);
    expect(existsSync(join(dir, '上传'))).toBe(false);
  });

  it('keeps the API inside the data folder: a workbook cannot be created elsewhere', async () => {
    const call = (channel: string, arg: unknown) =>
      fetch(`${origin()}/api/${channel}`, { method: 'POST', headers: { 'X-StatBench-Token': host.token, 'Content-Type': 'application/json' }, body: JSON.stringify(arg) }).then(
        (r) => r.json() as Promise<{ ok: boolean; error?: { message: string } }>,
      );
    const refused = await call('workbook:create', { path: join(outside, 'Startup', 'run.bat') });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('不在数据文件夹') as unknown } });
    expect(readdirSync(outside)).toEqual([]);
    expect(await call('workbook:create', { path: '月报' })).toMatchObject({ ok: true });
    expect(existsSync(join(dir, '月报.statbench'))).toBe(true);
  });

  it('refuses an upload without the token', async () => {
    expect((await upload('a.xlsx', Buffer.from('x'), 'template', 'wrong')).status).toBe(403);
    expect(existsSync(join(dir, '上传'))).toBe(false);
  });

  it('downloads an export under its Chinese name, several as one .zip, nothing outside the data folder', async () => {
    mkdirSync(join(dir, '导出'));
    writeFileSync(join(dir, '导出', '月报-京滨工业园.xlsx'), 'a');
    writeFileSync(join(dir, '导出', '月报-北区.xlsx'), 'b');
    writeFileSync(join(outside, 'secret.xlsx'), 's');
    writeFileSync(join(dir, 'x.statbench'), 'db');

    const one = await download(join(dir, '导出', '月报-京滨工业园.xlsx'));
    expect(one.status).toBe(200);
    expect(one.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('月报-京滨工业园.xlsx')}`);
    expect(Buffer.from(await one.arrayBuffer()).toString()).toBe('a');

    const both = await download(join('导出', '月报-京滨工业园.xlsx'), join('导出', '月报-北区.xlsx'));
    expect(both.headers.get('content-type')).toBe('application/zip');
    const zip = await JSZip.loadAsync(Buffer.from(await both.arrayBuffer()));
    expect(Object.keys(zip.files)).toEqual(['月报-京滨工业园.xlsx', '月报-北区.xlsx']);
    expect(await zip.file('月报-北区.xlsx')?.async('string')).toBe('b');

    for (const [path, message] of [
      [join(outside, 'secret.xlsx'), /不在数据文件夹/],
      ['x.statbench', /不是导出文件/],
      [join('导出', '不存在.xlsx'), /找不到文件“不存在\.xlsx”/],
    ] as const) {
      const refused = await download(path);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(readdirSync(outside)).toEqual(['secret.xlsx']);
  });
});
