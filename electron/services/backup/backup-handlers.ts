import { basename } from 'node:path';
import { type BackupInfo } from '../../../shared/api/backup-api.js';
import { UserFacingError } from '../user-facing-error.js';
import { requireSession } from '../context.js';
import { type HandlerMap } from '../handler-map.js';
import { type BackupEntry, backupDir, findBackup, listBackups } from './backup-store.js';
import { backupOpenWorkbook, restoreBackup } from './backup-service.js';
import { diffBackup } from './backup-diff.js';
import { damageReport, inspectDamage, restoreNewestGood } from './backup-recover.js';
import { damageOf } from '../workbook/workbook-damage.js';
import { closeWhenIdle, resolveWorkbookPath, workbookHandlers } from '../workbook/workbook-handlers.js';

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
    return { restored: info(restored), safetyCopy: safetyCopy ? info(safetyCopy) : null };
  },
  /** Read only: queued behind running writes, so a half-done paste is not compared. */
  'backups:diff': (ctx, { file, limit }) => {
    const session = requireSession(ctx);
    const backup = findBackup(session.path, file);
    return session.writes.run(() => ({ backup: info(backup), ...diffBackup(session.db, backup, limit) }));
  },
  'backups:inspectDamage': (ctx, { path }) => {
    const target = resolveWorkbookPath(ctx, path);
    const open = ctx.session?.path === target ? ctx.session : null;
    const readOnly = open ? damageOf(open.db) : null;
    if (open && readOnly === null) return { damaged: false, message: `工作簿“${basename(target)}”已打开，没有损坏。`, newestGood: null };
    // Open read-only because damaged: the file is locked by this very session, so it is not checked again.
    const { damaged, message, newestGood } = readOnly === null ? inspectDamage(target) : damageReport(target, `工作簿“${basename(target)}”已损坏，已以只读方式打开。`);
    return { damaged, message, newestGood: newestGood ? info(newestGood) : null };
  },
  'backups:restoreNewestGood': async (ctx, { path }) => {
    const target = resolveWorkbookPath(ctx, path);
    if (ctx.session?.path === target) {
      if (damageOf(ctx.session.db) === null) throw new UserFacingError(`工作簿“${basename(target)}”已打开，没有损坏，无需从备份恢复。`);
      // Open read-only because damaged: closed first, so its file can be moved aside and replaced.
      await closeWhenIdle(ctx);
    }
    const restored = await restoreNewestGood(target);
    return { workbook: await workbookHandlers['workbook:open'](ctx, { path: target }), restored: info(restored) };
  },
} satisfies HandlerMap<'backups:'>;
