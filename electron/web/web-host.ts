import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ApiEvents, type EventName } from '../../shared/api/contract.js';
import { type AppContext } from '../services/context.js';
import { openFaultLog } from '../services/fault-log.js';
import { dispatchConfined } from '../services/files/channel-paths.js';
import { serveFileRoute } from './file-routes.js';
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
  /** Folder of the rotating fault log; defaults to `<configDir>/logs`. */
  logDir?: string;
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
/** How long a request under way may finish when the host stops, before its connection is cut. */
const SHUTDOWN_GRACE_MS = 1_000;
/**
 * Events waiting in memory for one SSE listener that does not read (a frozen or suspended tab):
 * past this the listener is dropped rather than the host's memory growing without limit; the
 * page's EventSource reconnects and reloads its state.
 */
const MAX_BUFFERED_EVENT_BYTES = 4 * 1024 * 1024;

/** The page's Content-Security-Policy: only the app's own scripts and styles. */
export const WEB_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

class BodyTooLargeError extends Error {}

/**
 * The session cookie carrying the launch token: set by the first page load that had the token
 * in its address, so a reload or a second tab of the same browser works without it. HttpOnly
 * (scripts cannot read it) and SameSite=Strict (other sites' pages cannot send it); named per
 * port because cookies do not tell ports apart.
 */
function tokenCookieName(port: number): string {
  return `statbench_token_${port}`;
}

function cookieToken(req: IncomingMessage, port: number): string | undefined {
  const name = `${tokenCookieName(port)}=`;
  return (req.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(name))
    ?.slice(name.length);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError());
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

/** Every refusal of the host is the same Chinese JSON envelope the API answers with. */
function sendError(res: ServerResponse, status: number, message: string): void {
  send(res, status, JSON.stringify({ ok: false, error: { message } }));
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
  const faultLog = openFaultLog(options.logDir ?? join(options.configDir, 'logs'));
  const context: AppContext = {
    host: 'web',
    version: options.version,
    dataDir: options.dataDir,
    configDir: options.configDir,
    session: null,
    faultLog,
    emit<E extends EventName>(event: E, payload: ApiEvents[E]) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of listeners) {
        if (res.writableLength > MAX_BUFFERED_EVENT_BYTES) {
          listeners.delete(res);
          res.destroy();
          continue;
        }
        res.write(frame);
      }
    },
  };
  let port = 0;
  let closing: Promise<void> | undefined;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // DNS-rebinding guard: only answer requests addressed to our loopback origin.
      const host = req.headers.host ?? '';
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return sendError(res, 421, '请求的主机名不正确：请使用启动时显示的 http://127.0.0.1 地址打开页面。');
      if (closing) return sendError(res, 503, '统计工作台正在退出，请稍后重新启动后再打开页面。');
      if (url.pathname === '/api/events') {
        if (!sameToken(url.searchParams.get('token') ?? undefined, token) && !sameToken(cookieToken(req, port), token)) return sendError(res, 403, '访问令牌无效：请使用启动时显示的地址重新打开页面。');
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        listeners.add(res);
        req.on('close', () => listeners.delete(res));
        return;
      }
      if (url.pathname.startsWith('/files/')) {
        const given = req.headers['x-statbench-token'];
        if (!sameToken(Array.isArray(given) ? given[0] : given, token) && !sameToken(cookieToken(req, port), token)) return sendError(res, 403, '访问令牌无效：请使用启动时显示的地址重新打开页面。');
        return serveFileRoute(context, req, res, url);
      }
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return sendError(res, 405, '不支持的请求方式。');
        const given = req.headers['x-statbench-token'];
        if (!sameToken(Array.isArray(given) ? given[0] : given, token) && !sameToken(cookieToken(req, port), token)) {
          return send(res, 403, JSON.stringify({ ok: false, error: { message: '访问令牌无效：请使用启动时显示的地址重新打开页面。' } }));
        }
        let arg: unknown;
        try {
          const body = await readBody(req);
          arg = body === '' ? undefined : (JSON.parse(body) as unknown);
        } catch (error) {
          if (error instanceof BodyTooLargeError) return sendError(res, 413, '请求内容太大（超过 64 MB），未执行任何操作。');
          return sendError(res, 400, '请求内容不是有效的 JSON。');
        }
        let channelName: string;
        try {
          channelName = decodeURIComponent(url.pathname.slice('/api/'.length));
        } catch {
          return send(res, 404, JSON.stringify({ ok: false, error: { message: '未知的操作。' } }));
        }
        const envelope = await dispatchConfined(context, channelName, arg, faultLog.log);
        return send(res, 200, JSON.stringify(envelope));
      }
      if (req.method !== 'GET') return sendError(res, 405, '不支持的请求方式。');
      const file = (await readStatic(staticDir, url.pathname)) ?? (url.pathname.includes('.') ? null : await readStatic(staticDir, '/'));
      if (!file) return sendError(res, 404, '找不到该页面或文件。');
      res.writeHead(200, {
        'Content-Type': file.type,
        'Content-Security-Policy': WEB_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
        ...(sameToken(url.searchParams.get('token') ?? undefined, token) ? { 'Set-Cookie': `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict` } : {}),
      });
      res.end(file.body);
    })().catch((error: unknown) => {
      faultLog.log(`HTTP ${req.method ?? ''} ${req.url ?? ''}`, error);
      if (!res.headersSent) sendError(res, 500, `程序内部错误，未执行任何操作。详细信息已写入日志：${faultLog.path}`);
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
    close: () => {
      closing ??= (async () => {
        for (const res of listeners) res.end();
        listeners.clear();
        closeSession(context);
        const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        // server.close() waits for every connection with a request under way; a page caught
        // half-way through one (or an event stream reconnecting on a kept-alive socket) would
        // keep the host from ever stopping. The workbook is closed already, so cut them after a moment.
        const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        await closed;
        clearTimeout(cut);
      })();
      return closing;
    },
  };
}
