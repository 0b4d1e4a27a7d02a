import { existsSync } from 'node:fs';
import { basename, extname, isAbsolute, join } from 'node:path';
import { type WorkbookInfo } from '../../../shared/api/workbook-api.js';
import { type AppContext, type WorkbookSession } from '../context.js';
import { seedDemoWorkbook } from '../demo/demo-workbook.js';
import { EditHistory } from '../grid/edit-history.js';
import { type HandlerMap } from '../handler-map.js';
import { latestSchemaVersion } from './migrations.js';
import { readRecent, rememberRecent } from './recent-workbooks.js';
import { seedEmptyCatalog, seedStarterCatalog } from './starter-catalog.js';
import { createWorkbookFile, openWorkbookFile, WORKBOOK_EXTENSION } from './workbook-file.js';

/** A bare file name goes to the data folder and gets the workbook extension. */
export function resolveWorkbookPath(ctx: AppContext, path: string): string {
  const withExtension = extname(path) === '' ? path + WORKBOOK_EXTENSION : path;
  return isAbsolute(withExtension) ? withExtension : join(ctx.dataDir, withExtension);
}

function info(session: WorkbookSession): WorkbookInfo {
  return { path: session.path, name: basename(session.path), schemaVersion: latestSchemaVersion(), lastSavedAt: session.lastSavedAt };
}

/** Closes the open workbook, if any; SQLite checkpoints the WAL into the file on close. */
export function closeSession(ctx: AppContext): void {
  ctx.session?.db.close();
  ctx.session = null;
}

function adopt(ctx: AppContext, path: string, db: WorkbookSession['db']): WorkbookInfo {
  closeSession(ctx);
  ctx.session = { path, db, lastSavedAt: null, history: new EditHistory() };
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
  'app:info': (ctx) => ({ version: ctx.version, host: ctx.host, dataDir: ctx.dataDir, canPickFiles: ctx.pickWorkbook !== undefined }),
  'workbook:create': (ctx, { path, starterCatalog }) => {
    const target = resolveWorkbookPath(ctx, path);
    return adopt(ctx, target, createWorkbookFile(target, starterCatalog ? (db) => seedStarterCatalog(db) : seedEmptyCatalog));
  },
  'workbook:createDemo': (ctx, { path }) => {
    // A second demo gets "(2)", "(3)" … rather than overwriting the clerk's experiments.
    const first = resolveWorkbookPath(ctx, path);
    let target = first;
    for (let n = 2; existsSync(target); n += 1) target = first.replace(/(\.[^.]+)$/, `(${n})$1`);
    return adopt(ctx, target, createWorkbookFile(target, seedDemoWorkbook));
  },
  'workbook:open': (ctx, { path }) => {
    const target = resolveWorkbookPath(ctx, path);
    // Opening the file that is already open here just returns it.
    if (ctx.session?.path === target) return info(ctx.session);
    return adopt(ctx, target, openWorkbookFile(target));
  },
  'workbook:close': (ctx) => {
    closeSession(ctx);
    return null;
  },
  'workbook:current': (ctx) => (ctx.session ? info(ctx.session) : null),
  'workbook:recent': (ctx) => readRecent(ctx.configDir),
  'dialog:pickWorkbook': async (ctx, { mode }) => (ctx.pickWorkbook ? await ctx.pickWorkbook(mode) : null),
} satisfies HandlerMap<'app:' | 'workbook:' | 'dialog:'>;
