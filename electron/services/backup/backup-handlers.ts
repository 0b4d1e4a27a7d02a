import { basename } from 'node:path';
import { type BackupInfo, type BackupList } from '../../../shared/api/backup-api.js';
import { UserFacingError } from '../user-facing-error.js';
import { type AppContext, requireSession } from '../context.js';
import { type HandlerMap, mutation } from '../handler-map.js';
import { backupFolderOf, checkBackupFolder, chosenBackupFolder, writeBackupFolder } from './backup-folder.js';
import { type BackupEntry, findBackup, listBackups } from './backup-store.js';
import { backupOpenWorkbook, restoreBackup } from './backup-service.js';
import { diffBackup } from './backup-diff.js';
import { damageReport, inspectDamage, restoreNewestGood } from './backup-recover.js';
import { damageOf } from '../workbook/workbook-damage.js';
import { closeWhenIdle, resolveWorkbookPath, workbookHandlers } from '../workbook/workbook-handlers.js';

function info({ file, kind, name, takenAt, bytes }: BackupEntry): BackupInfo {
  return { file, kind, name, takenAt, bytes };
}

/** The open workbook's backup folder, its chosen parent and the backups in it. */
function backupList(ctx: AppContext): BackupList {
  const { path, db } = requireSession(ctx);
  const folder = backupFolderOf(path, db);
  return { folder, chosen: chosenBackupFolder(path, db), backups: listBackups(folder).map(info) };
}

/**
 * Handlers of backups:*. Backups are files, not rows, so none of these but the choice of folder
 * (a setting in app_meta) is a mutation: restore replaces the whole workbook file and starts a
 * new session (undo history ends there).
 */
export const backupHandlers = {
  'backups:list': backupList,
  /** Chooses the backup folder (null: beside the workbook). Error: a folder that cannot take backups, nothing changed. */
  'backups:setFolder': mutation({
    describe: ({ path }) => (path === null ? '备份位置恢复为工作簿旁' : `备份位置改为“${path}”`),
    run: (ctx, { path }) => {
      const session = requireSession(ctx);
      writeBackupFolder(session.db, path === null ? null : checkBackupFolder(session.path, path));
      return backupList(ctx);
    },
  }),
  'backups:create': async (ctx, { name }) => info(await backupOpenWorkbook(ctx, name === undefined ? '自动' : '快照', name)),
  'backups:restore': async (ctx, { file }) => {
    const { restored, safetyCopy } = await restoreBackup(ctx, file);
    return { restored: info(restored), safetyCopy: safetyCopy ? info(safetyCopy) : null };
  },
  /** Read only: queued behind running writes, so a half-done paste is not compared. */
  'backups:diff': (ctx, { file, limit }) => {
    const session = requireSession(ctx);
    const backup = findBackup(backupFolderOf(session.path, session.db), file);
    return session.writes.run(() => ({ backup: info(backup), ...diffBackup(session.db, backup, limit) }));
  },
  'backups:inspectDamage': (ctx, { path }) => {
    const target = resolveWorkbookPath(ctx, path);
    const open = ctx.session?.path === target ? ctx.session : null;
    const readOnly = open ? damageOf(open.db) : null;
    if (open && readOnly === null) return { damaged: false, message: `工作簿“${basename(target)}”已打开，没有损坏。`, newestGood: null };
    // Open read-only because damaged: the file is locked by this very session, so it is not checked again.
    const { damaged, message, newestGood } = readOnly === null ? inspectDamage(target) : damageReport(target, `工作簿“${basename(target)}”已损坏，已以只读方式打开。`, open?.db);
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
