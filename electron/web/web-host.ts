import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type ApiEvents, type EventName } from '../../shared/api/contract.js';
import { type AppContext } from '../services/context.js';
import { dispatch } from '../services/handlers.js';
import { closeSession } from '../services/workbook/workbook-handlers.js';
import { readStatic } from './static-files.js';

export interface WebHostOptions {
  dataDir: string;
  configDir: string;
  version: string;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to the built renderer next to the compiled host. */
  staticDir?: string;
  token?: string;
}

export interface WebHost {
  /** The loopback URL with the per-launch token, to open in a browser. */
  url: string;
  port: number;
  token: string;
  context: AppContext;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The page's Content-Security-Policy: only the app's own scripts and styles. */
export const WEB_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

/**
 * The browser host: serves the built renderer and the same handlers as the
 * desktop IPC over POST /api/<channel> on 127.0.0.1, guarded by a per-launch
 * token; events go to the page over server-sent events.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const staticDir = options.staticDir ?? fileURLToPath(new URL('../../renderer/', import.meta.url));
  const listeners = new Set<ServerResponse>();
  const context: AppContext = {
    host: 'web',
    version: options.version,
    dataDir: options.dataDir,
    configDir: options.configDir,
    session: null,
    emit<E extends EventName>(event: E, payload: ApiEvents[E]) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of listeners) res.write(frame);
    },
  };
  let port = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // DNS-rebinding guard: only answer requests addressed to our loopback origin.
      const host = req.headers.host ?? '';
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, '{"error":"wrong host"}');
      if (url.pathname === '/api/events') {
        if (!sameToken(url.searchParams.get('token') ?? undefined, token)) return send(res, 403, '{"error":"token"}');
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        listeners.add(res);
        req.on('close', () => listeners.delete(res));
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, '{"error":"method"}');
        const given = req.headers['x-statbench-token'];
        if (!sameToken(Array.isArray(given) ? given[0] : given, token)) {
          return send(res, 403, JSON.stringify({ ok: false, error: { message: '访问令牌无效：请使用启动时显示的地址重新打开页面。' } }));
        }
        let arg: unknown;
        try {
          const body = await readBody(req);
          arg = body === '' ? undefined : (JSON.parse(body) as unknown);
        } catch {
          return send(res, 400, JSON.stringify({ ok: false, error: { message: '请求内容不是有效的 JSON。' } }));
        }
        let channelName: string;
        try {
          channelName = decodeURIComponent(url.pathname.slice('/api/'.length));
        } catch {
          return send(res, 404, JSON.stringify({ ok: false, error: { message: '未知的操作。' } }));
        }
        const envelope = await dispatch(context, channelName, arg);
        return send(res, 200, JSON.stringify(envelope));
      }
      if (req.method !== 'GET') return send(res, 405, '{"error":"method"}');
      const file = (await readStatic(staticDir, url.pathname)) ?? (url.pathname.includes('.') ? null : await readStatic(staticDir, '/'));
      if (!file) return send(res, 404, 'not found', 'text/plain; charset=utf-8');
      res.writeHead(200, {
        'Content-Type': file.type,
        'Content-Security-Policy': WEB_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      });
      res.end(file.body);
    })().catch((error: unknown) => {
      console.error('[statbench web]', error);
      if (!res.headersSent) send(res, 500, JSON.stringify({ ok: false, error: { message: '服务器内部错误。' } }));
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    context,
    close: async () => {
      for (const res of listeners) res.end();
      closeSession(context);
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
