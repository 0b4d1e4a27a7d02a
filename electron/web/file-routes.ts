import { readFile, mkdir } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { basename, dirname, join, relative } from 'node:path';
import { type AppContext } from '../services/context.js';
import { writeFileAtomically } from '../services/excel/atomic-write.js';
import { RETURN_FILES, TEMPLATE_FILES } from '../services/files/channel-paths.js';
import { confinePath, type PathRule } from '../services/files/path-guard.js';
import { freePath } from '../services/templates/template-export.js';
import { osFailureError, UserFacingError } from '../services/user-facing-error.js';

/** Largest file a page may upload: the size of the largest template or return a clerk meets, with room. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Folder of the data folder that uploads go to. */
export const UPLOAD_FOLDER = '上传';

/** What an upload is for, and the files it accepts. */
const UPLOAD_RULES: Readonly<Record<string, PathRule>> = {
  template: { what: '模板文件', extensions: TEMPLATE_FILES },
  return: { what: '报表文件', extensions: RETURN_FILES },
};
/** What the host writes and a page may take away: exports of every kind. */
const DOWNLOAD_RULE: PathRule = { what: '导出文件', extensions: ['.xlsx', '.csv', '.txt', '.docx', '.png', '.pdf', '.zip'] };

class TooLargeError extends Error {}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(JSON.stringify(body));
}

function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new TooLargeError());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A Content-Disposition that carries a Chinese file name (RFC 6266 / 5987), with an ASCII fallback. */
function attachment(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Stores an uploaded file in the data folder's 上传 folder (never replacing a file: "(2)" is
 * appended) and answers its path relative to the data folder, for the channels that read it.
 */
async function upload(ctx: AppContext, req: IncomingMessage, url: URL): Promise<{ path: string; name: string }> {
  const name = url.searchParams.get('name') ?? '';
  const rule = UPLOAD_RULES[url.searchParams.get('purpose') ?? ''];
  if (rule === undefined) throw new UserFacingError('上传用途不正确，未保存任何文件。');
  if (name.trim() === '') throw new UserFacingError('上传的文件没有名称，未保存任何文件。');
  if (/[\\/]/.test(name)) throw new UserFacingError(`文件名“${name}”不能包含“/”或“\\”，未保存任何文件。请改名后重新上传。`);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_UPLOAD_BYTES) throw new TooLargeError();
  // Checked before the body is read: a refused name costs nothing and writes nothing.
  const wanted = confinePath(ctx.dataDir, join(UPLOAD_FOLDER, name), rule);
  const bytes = await readBytes(req, MAX_UPLOAD_BYTES);
  if (bytes.length === 0) throw new UserFacingError(`“${name}”是空文件（0 字节），未保存。请检查文件后重新上传。`);
  await mkdir(dirname(wanted), { recursive: true });
  const target = freePath(dirname(wanted), basename(wanted));
  try {
    await writeFileAtomically(target, bytes);
  } catch (error) {
    throw osFailureError(error, `保存上传的文件“${name}”`, { file: name }) ?? error;
  }
  return { path: relative(ctx.dataDir, target), name: basename(target) };
}

/** The file, or several files as one .zip, that `path` parameters name inside the data folder. */
async function download(ctx: AppContext, url: URL): Promise<{ name: string; bytes: Buffer }> {
  const paths = url.searchParams.getAll('path');
  if (paths.length === 0) throw new UserFacingError('没有指定要下载的文件。');
  const files = paths.map((path) => confinePath(ctx.dataDir, path, DOWNLOAD_RULE));
  for (const file of files) {
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      // Missing: reported below.
    }
    if (!isFile) throw new UserFacingError(`找不到文件“${basename(file)}”，它可能已被移走或删除。请重新导出。`);
  }
  const [only] = files;
  if (files.length === 1 && only !== undefined) return { name: basename(only), bytes: await readFile(only) };
  // Loaded on first use: the browser host starts without the zip library (start-up bench).
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  const taken = new Set<string>();
  for (const file of files) {
    // Two exports of the same name from different folders keep both, numbered.
    let entry = basename(file);
    for (let n = 2; taken.has(entry); n += 1) entry = basename(file).replace(/(\.[^.]*)?$/, `(${n})$1`);
    taken.add(entry);
    zip.file(entry, await readFile(file));
  }
  return { name: `导出文件（${files.length} 个）.zip`, bytes: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }) };
}

/**
 * The browser host's file routes (call only for an authorised request under `/files/`):
 * - `POST /files/upload?purpose=template|return&name=<file name>` with the file as the body:
 *   stored in the data folder (≤ 50 MB, name and extension checked); answers `{ ok, value: { path, name } }`.
 * - `GET /files/download?path=<path in the data folder>[&path=…]`: an export the host wrote, or
 *   several as one .zip.
 * Refusals are the API's Chinese JSON envelope.
 */
export async function serveFileRoute(ctx: AppContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    if (url.pathname === '/files/upload' && req.method === 'POST') return sendJson(res, 200, { ok: true, value: await upload(ctx, req, url) });
    if (url.pathname === '/files/download' && req.method === 'GET') {
      const { name, bytes } = await download(ctx, url);
      res.writeHead(200, {
        'Content-Type': name.endsWith('.zip') ? 'application/zip' : 'application/octet-stream',
        'Content-Disposition': attachment(name),
        'Content-Length': bytes.length,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(bytes);
      return;
    }
    return sendJson(res, 404, { ok: false, error: { message: '未知的文件操作。' } });
  } catch (error) {
    if (error instanceof TooLargeError) return sendJson(res, 413, { ok: false, error: { message: `文件太大（超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB），未保存。` } });
    if (error instanceof UserFacingError) return sendJson(res, 400, { ok: false, error: { message: error.message } });
    throw error;
  }
}
