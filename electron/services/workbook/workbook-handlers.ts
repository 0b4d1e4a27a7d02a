import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { type WorkbookInfo } from '../../../shared/api/workbook-api.js';
import { type AppContext, createSession, type WorkbookSession } from '../context.js';
import { openWorkbookWithBackups } from '../backup/backup-service.js';
import { startBackgroundCheck } from '../backup/background-check.js';
import { seedDemoWorkbook } from '../demo/demo-workbook.js';
import { type HandlerMap } from '../handler-map.js';
import { dropStatements } from '../mutation/statement-cache.js';
import { freePath } from '../templates/template-export.js';
import { latestSchemaVersion } from './migrations.js';
import { readRecent, rememberRecent } from './recent-workbooks.js';
import { seedEmptyCatalog, seedStarterCatalog } from './starter-catalog.js';
import { closeWorkbookFile, createWorkbookFile, DamagedWorkbookError, isDamaged, WORKBOOK_EXTENSION } from './workbook-file.js';
import { damageOf, enforceReadOnly } from './workbook-damage.js';

/** A bare file name goes to the data folder and gets the workbook extension. */
export function resolveWorkbookPath(ctx: AppContext, path: string): string {
  const withExtension = extname(path) === '' ? path + WORKBOOK_EXTENSION : path;
  // resolve() also folds "dir/sub/../x", so one file has one spelling; an existing file's real
  // path (symlinks, 8.3 names, letter case on Windows) makes "already open here" exact.
  const absolute = resolve(ctx.dataDir, withExtension);
  try {
    return realpathSync.native(absolute);
  } catch {
    return absolute;
  }
}

/** The demo's path, or for a second demo "(2)", "(3)" … rather than overwriting the clerk's experiments. */
function freeDemoPath(first: string): string {
  return freePath(dirname(first), basename(first));
}

function info(session: WorkbookSession): WorkbookInfo {
  return { path: session.path, name: basename(session.path), schemaVersion: latestSchemaVersion(), lastSavedAt: session.lastSavedAt, damaged: damageOf(session.db) };
}

/**
 * Closes the open workbook, if any; SQLite checkpoints the WAL into the file on close, and the
 * session's statements, temp undo log and caches go with the connection. Call it when no write
 * is running ({@link closeWhenIdle}), or a write in progress fails.
 */
export function closeSession(ctx: AppContext): void {
  const session = ctx.session;
  if (!session) return;
  ctx.session = null;
  dropStatements(session.db);
  closeWorkbookFile(session.db, session.path);
}

/** Waits for the open workbook's running and queued writes (a chunked paste keeps its transaction open across yields), then closes it. */
export async function closeWhenIdle(ctx: AppContext): Promise<void> {
  const session = ctx.session;
  if (!session) return;
  await session.writes.run(() => {
    if (ctx.session === session) closeSession(ctx);
  });
}

/**
 * Opens (or creates) a workbook and makes it the current one. The new file is opened first, so a
 * file that cannot be opened leaves the current workbook open; the current one is closed once its
 * writes have finished.
 */
async function adopt(ctx: AppContext, path: string, open: () => WorkbookSession['db'] | Promise<WorkbookSession['db']>): Promise<WorkbookInfo> {
  const db = await open();
  let session: WorkbookSession;
  try {
    session = createSession(path, db);
    // A damaged workbook: SQLite refuses writes too, now that the session's temp undo log is in place.
    enforceReadOnly(db);
    await closeWhenIdle(ctx);
  } catch (error) {
    db.close();
    // Damage quick_check let through, found while reading the schema's tables.
    if (isDamaged(error)) throw new DamagedWorkbookError(path);
    throw error;
  }
  // Another open may have completed while this one waited: the last one wins.
  closeSession(ctx);
  ctx.session = session;
  try {
    rememberRecent(ctx.configDir, path);
  } catch (error) {
    // The workbook is open and usable; only the recent-files list could not be written.
    console.warn('[statbench] could not update the recent-files list:', error);
  }
  return info(ctx.session);
}

/** Handlers of app:*, workbook:* and dialog:*. */
export const workbookHandlers = {
  'app:info': (ctx) => ({ version: ctx.version, host: ctx.host, dataDir: ctx.dataDir, canPickFiles: ctx.files !== undefined, logPath: ctx.faultLog?.path ?? null }),
  'workbook:create': (ctx, { path, starterCatalog }) => {
    const target = resolveWorkbookPath(ctx, path);
    return adopt(ctx, target, () => createWorkbookFile(target, starterCatalog ? (db) => seedStarterCatalog(db) : seedEmptyCatalog));
  },
  'workbook:createDemo': (ctx, { path }) => {
    const target = freeDemoPath(resolveWorkbookPath(ctx, path));
    return adopt(ctx, target, () => createWorkbookFile(target, seedDemoWorkbook));
  },
  /** Whether the demo exists already and what a new copy would be called; 示例 asks before copying. */
  'workbook:demoStatus': (ctx, { path }) => {
    const first = resolveWorkbookPath(ctx, path);
    return { existing: existsSync(first) ? first : null, copyName: basename(freeDemoPath(first)) };
  },
  'workbook:open': async (ctx, { path }) => {
    const target = resolveWorkbookPath(ctx, path);
    // Opening the file that is already open here just returns it.
    if (ctx.session?.path === target) return info(ctx.session);
    // The daily backup and the backup before a schema upgrade are taken here (backup-service.ts);
    // a large workbook opened without its integrity check gets it now, in the background.
    const opened = await adopt(ctx, target, () => openWorkbookWithBackups(target, (channel, error) => ctx.faultLog?.log(channel, error)));
    if (ctx.session) startBackgroundCheck(ctx, ctx.session);
    return opened;
  },
  'workbook:close': async (ctx) => {
    await closeWhenIdle(ctx);
    return null;
  },
  'workbook:current': (ctx) => (ctx.session ? info(ctx.session) : null),
  'workbook:recent': (ctx) => readRecent(ctx.configDir),
  /** A handle (see files-api.ts) for the workbook chosen in the native dialog; null when cancelled or in the browser. */
  'dialog:pickWorkbook': async (ctx, { mode }) => {
    const purpose = mode === 'open' ? 'workbookOpen' : 'workbookCreate';
    const [path] = (await ctx.files?.pick(purpose)) ?? [];
    return path === undefined || !ctx.files ? null : ctx.files.handles.issue(path, purpose);
  },
} satisfies HandlerMap<'app:' | 'workbook:' | 'dialog:'>;
