import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { connect, Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../tests/support/test-host.js';
import { startWebHost, WEB_CSP, type WebHost } from './web-host.js';

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A request sent exactly as written: node:http keeps the path unnormalised
 * (fetch would resolve "/../x" itself) and lets the test set the Host header.
 */
function raw(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Whether a TCP connection to address:port is accepted (refused or unanswered = false). */
function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** This machine's non-loopback addresses (IPv6 link-local ones need a scope id, so they are left out). */
function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal && !a.address.toLowerCase().startsWith('fe80:'))
    .map((a) => a.address);
}

describe('browser host', () => {
  let dir: string;
  let host: WebHost;
  /** The host's listening socket, caught at listen() since WebHost does not expose it. */
  let server: Server;
  const SECRET = 'SECRET-OUTSIDE-STATIC-ROOT';

  const api = (channel: string, arg?: unknown, token: string | null = host.token) =>
    raw(host.port, {
      method: 'POST',
      path: `/api/${channel}`,
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { 'x-statbench-token': token }) },
      body: arg === undefined ? '' : JSON.stringify(arg),
    });

  beforeEach(async () => {
    dir = makeTempDir();
    const staticDir = join(dir, 'renderer');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>统计工作台</title>');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ secret: SECRET }));
    const listen = vi.spyOn(Server.prototype, 'listen');
    try {
      host = await startWebHost({ dataDir: join(dir, 'data'), configDir: join(dir, 'config'), version: '0.0.0-test', port: 0, staticDir });
      const listening: unknown = listen.mock.contexts[0];
      if (!(listening instanceof Server)) throw new Error('the web host did not call listen()');
      server = listening;
    } finally {
      listen.mockRestore();
    }
  });
  afterEach(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on loopback only and prints a URL carrying the token', async () => {
    // The socket is bound to 127.0.0.1, not to 0.0.0.0 / :: (which would also answer on the LAN).
    expect(server.address()).toEqual({ address: '127.0.0.1', family: 'IPv4', port: host.port });
    // And nothing answers on this machine's other addresses (when it has any).
    for (const address of externalAddresses()) expect(await accepts(address, host.port), address).toBe(false);
    expect(await accepts('127.0.0.1', host.port)).toBe(true);
    expect(host.port).toBeGreaterThan(0);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses an API call without the token, or with a wrong one (403), and runs nothing', async () => {
    const missing = await api('workbook:create', { path: 'x' }, null);
    expect(missing.status).toBe(403);
    expect((JSON.parse(missing.body) as { error: { message: string } }).error.message).toContain('访问令牌无效');
    const wrong = await api('workbook:create', { path: 'x' }, `${host.token.slice(1)}A`);
    expect(wrong.status).toBe(403);
    expect(host.context.session).toBeNull();
  });

  it('refuses requests addressed to another host name (DNS rebinding) with 421', async () => {
    const res = await raw(host.port, {
      method: 'POST',
      path: '/api/app:info',
      headers: { host: `evil.example:${host.port}`, 'x-statbench-token': host.token },
    });
    expect(res.status).toBe(421);
    expect((await raw(host.port, { path: '/', headers: { host: 'evil.example' } })).status).toBe(421);
  });

  it('serves the page with its CSP but never a file outside the renderer folder', async () => {
    const page = await raw(host.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('统计工作台');
    expect(page.headers['content-security-policy']).toBe(WEB_CSP);

    for (const path of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/package.json', '/..%5cpackage.json', '/%2e%2e%2f%2e%2e%2fpackage.json']) {
      const res = await raw(host.port, { path });
      expect(res.body, path).not.toContain(SECRET);
      expect(res.status, path).toBe(404);
    }
  });

  it('round-trips a valid call and reports bad input in Chinese', async () => {
    const created = await api('workbook:create', { path: '园区' });
    expect(created.status).toBe(200);
    const envelope = JSON.parse(created.body) as { ok: boolean; value: { name: string } };
    expect(envelope).toMatchObject({ ok: true, value: { name: '园区.statbench' } });

    const bad = JSON.parse((await api('grid:formView', { formId: 1, unitId: 1, period: '2024-13' })).body) as { ok: boolean; error: { message: string } };
    expect(bad.ok).toBe(false);
    expect(bad.error.message).toContain('期别应为“年-月”格式');

    const notJson = await raw(host.port, { method: 'POST', path: '/api/app:info', headers: { 'x-statbench-token': host.token }, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toContain('不是有效的 JSON');

    expect((await raw(host.port, { path: '/api/app:info', headers: { 'x-statbench-token': host.token } })).status).toBe(405);
  });

  it('answers every refusal with a Chinese JSON body', async () => {
    const cases: [string, Promise<RawResponse>, number][] = [
      ['wrong host', raw(host.port, { path: '/', headers: { host: 'evil.example' } }), 421],
      ['API without token', api('app:info', undefined, null), 403],
      ['events without token', raw(host.port, { path: '/api/events' }), 403],
      ['GET on the API', raw(host.port, { path: '/api/app:info', headers: { 'x-statbench-token': host.token } }), 405],
      ['POST on a page', raw(host.port, { method: 'POST', path: '/index.html' }), 405],
      ['missing file', raw(host.port, { path: '/assets/missing.js' }), 404],
      ['bad JSON', raw(host.port, { method: 'POST', path: '/api/app:info', headers: { 'x-statbench-token': host.token }, body: '{oops' }), 400],
      ['bad channel encoding', raw(host.port, { method: 'POST', path: '/api/%E0%A4%A', headers: { 'x-statbench-token': host.token } }), 404],
      ['unknown channel', api('nothing:here'), 200],
    ];
    for (const [what, pending, status] of cases) {
      const res = await pending;
      expect(res.status, what).toBe(status);
      expect(res.headers['content-type'], what).toBe('application/json; charset=utf-8');
      const body = JSON.parse(res.body) as { ok: boolean; error: { message: string } };
      expect(body.ok, what).toBe(false);
      expect(body.error.message, what).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff]/);
    }
  });

  it('logs an internal fault with its stack to the fault log shown by app:info, and tells the clerk in Chinese', async () => {
    const info = JSON.parse((await api('app:info')).body) as { value: { logPath: string } };
    expect(info.value.logPath).toBe(join(dir, 'config', 'logs', 'statbench.log'));
    await api('workbook:create', { path: '故障' });
    // A connection that died under the session: an internal fault, not the clerk's error.
    host.context.session?.db.close();
    const res = JSON.parse((await api('catalog:get', {})).body) as { ok: boolean; error: { message: string } };
    expect(res.ok).toBe(false);
    expect(res.error.message).toContain('详细信息已写入日志');
    const log = readFileSync(info.value.logPath, 'utf8');
    expect(log).toContain('catalog:get');
    expect(log).toMatch(/database connection is not open[\s\S]*\n\s+at /);
  });

  it('drops an event listener that never reads instead of buffering without limit', async () => {
    const socket = connect({ host: '127.0.0.1', port: host.port });
    await new Promise<void>((resolveConnect) => socket.once('connect', () => resolveConnect()));
    socket.write(`GET /api/events?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`);
    // Wait for the headers, then never read again.
    await new Promise<void>((resolveHeaders) => socket.once('data', () => resolveHeaders()));
    socket.pause();
    const closed = new Promise<void>((resolveClose) => socket.once('close', () => resolveClose()));
    socket.on('error', () => undefined);
    const payload = { jobId: 'x', label: '很长的进度'.repeat(20_000), done: 1, total: 2 };
    for (let i = 0; i < 400; i += 1) {
      host.context.emit('job:progress', payload);
      await new Promise((resolveTick) => setImmediate(resolveTick));
    }
    socket.resume();
    socket.on('data', () => undefined);
    await closed;
    expect(socket.bytesRead).toBeLessThan(400 * 300_000);
  });

  it('pushes workbook:saved over server-sent events after values:set', async () => {
    expect((await raw(host.port, { path: '/api/events' })).status).toBe(403);

    const received = new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, headers: { host: `127.0.0.1:${host.port}` } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes(': connected')) void save();
          if (/event: workbook:saved\ndata: .+\n\n/.test(text)) {
            resolve(text);
            req.destroy();
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    let saved = false;
    const save = async (): Promise<void> => {
      if (saved) return;
      saved = true;
      await api('workbook:create', { path: 'sse' });
      const catalog = JSON.parse((await api('catalog:get', {})).body) as { value: { items: { type: string; indicator?: { id: number } }[] } };
      const indicatorId = catalog.value.items.find((i) => i.type === 'indicator')?.indicator?.id;
      const result = JSON.parse((await api('values:set', { unitId: 1, source: 'edit', changes: [{ indicatorId, period: '2024-01', field: 'cumulative', value: '1' }] })).body) as { ok: boolean };
      expect(result.ok).toBe(true);
    };

    const text = await received;
    const data = /event: workbook:saved\ndata: (.+)\n/.exec(text)?.[1] ?? '{}';
    expect((JSON.parse(data) as { savedAt: string }).savedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('stops even when a connection is stuck half-way through a request', async () => {
    // A page left mid-request (or a stream reconnecting during shutdown) kept server.close()
    // waiting, so `npm run web` ignored Ctrl+C and the restart in the e2e run hung.
    const socket = connect({ host: '127.0.0.1', port: host.port });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.on('error', () => undefined);
    socket.write(`GET /api/events?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n`);
    const closedSocket = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await host.close();
    await closedSocket;
  }, 20_000);
});
