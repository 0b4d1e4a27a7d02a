import { basename } from 'node:path';
import { type BackupInfo } from '../../../shared/api/backup-api.js';
import { UserFacingError } from '../user-facing-error.js';
import { requireSession } from '../context.js';
import { type HandlerMap } from '../handler-map.js';
import { type BackupEntry, backupDir, findBackup, listBackups } from './backup-store.js';
import { backupOpenWorkbook, restoreBackup } from './backup-service.js';
import { diffBackup } from './backup-diff.js';
import { inspectDamage, restoreNewestGood } from './backup-recover.js';
import { resolveWorkbookPath, workbookHandlers } from '../workbook/workbook-handlers.js';

function info({ file, kind, name, takenAt, bytes }: BackupEntry): BackupInfo {
  return { file, kind, name, takenAt, bytes };
}

/**
 * Handlers of backups:*. Backups are files, not rows, so none of these is a mutation: restore
 * replaces the whole workbook file and starts a new session (undo history ends there).
 */
export const backupHandlers = {
  'backups:list': (ctx) => {
    const { path } = requireSession(ctx);
    return { folder: backupDir(path), backups: listBackups(path).map(info) };
  },
  'backups:create': async (ctx, { name }) => info(await backupOpenWorkbook(ctx, name === undefined ? '自动' : '快照', name)),
  'backups:restore': async (ctx, { file }) => {
    const { restored, safetyCopy } = await restoreBackup(ctx, file);
    return { restored: info(restored), safetyCopy: info(safetyCopy) };
  },
  /** Read only: queued behind running writes, so a half-done paste is not compared. */
  'backups:diff': (ctx, { file, limit }) => {
    const session = requireSession(ctx);
    const backup = findBackup(session.path, file);
    return session.writes.run(() => ({ backup: info(backup), ...diffBackup(session.db, backup, limit) }));
  },
  'backups:inspectDamage': (ctx, { path }) => {
    const target = resolveWorkbookPath(ctx, path);
    if (ctx.session?.path === target) return { damaged: false, message: `工作簿“${basename(target)}”已打开，没有损坏。`, newestGood: null };
    const { damaged, message, newestGood } = inspectDamage(target);
    return { damaged, message, newestGood: newestGood ? info(newestGood) : null };
  },
  'backups:restoreNewestGood': async (ctx, { path }) => {
    const target = resolveWorkbookPath(ctx, path);
    if (ctx.session?.path === target) throw new UserFacingError(`工作簿“${basename(target)}”已打开，没有损坏，无需从备份恢复。`);
    const restored = await restoreNewestGood(target);
    return { workbook: await workbookHandlers['workbook:open'](ctx, { path: target }), restored: info(restored) };
  },
} satisfies HandlerMap<'backups:'>;
