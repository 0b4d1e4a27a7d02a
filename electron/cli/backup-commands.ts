import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BackupInfo } from '../../shared/api/backup-api.js';
import { openWorkbookWithBackups } from '../services/backup/backup-service.js';
import { openFaultLog, type FaultLog } from '../services/fault-log.js';
import { checkWorkbookFile, closeWorkbookFile } from '../services/workbook/workbook-file.js';
import { type CliOptions, type CliResult } from './cli-commands.js';
import { type CliSession } from './cli-session.js';

/** The CLI's fault log: `<STATBENCH_HOME>/.config/logs`, the same as the browser host's. */
export function cliFaultLog(): FaultLog {
  const home = process.env.STATBENCH_HOME ?? join(homedir(), 'StatBench');
  return openFaultLog(join(home, '.config', 'logs'));
}

/**
 * Opens and closes the workbook once the way the app opens it, so the CLI gets the same safety
 * net: the backup before a schema upgrade (then the migration) and the daily backup.
 */
export async function prepareWorkbook(workbookPath: string, faults: FaultLog): Promise<void> {
  const path = resolve(workbookPath);
  closeWorkbookFile(await openWorkbookWithBackups(path, faults.log), path);
}

function line(b: BackupInfo): string {
  const size = b.bytes >= 1024 * 1024 ? `${(b.bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(b.bytes / 1024)} KB`;
  return `${b.takenAt}\t${b.kind}${b.name === null ? '' : `“${b.name}”`}\t${size}\t${b.file}`;
}

/** `backup <工作簿> [--name 名称]`: a backup now; with --name, a named snapshot rotation never deletes. */
export async function backupCommand(session: CliSession, options: CliOptions): Promise<CliResult> {
  const backup = await session.call('backups:create', options.name === undefined ? {} : { name: options.name });
  const { folder } = await session.call('backups:list', undefined);
  return { value: { ...backup, folder }, lines: [`已备份到“${join(folder, backup.file)}”。`] };
}

/** `backups <工作簿>`: the workbook's backups, newest first. */
export async function backupsCommand(session: CliSession): Promise<CliResult> {
  const list = await session.call('backups:list', undefined);
  const lines = list.backups.length === 0 ? [`还没有备份（备份文件夹：${list.folder}）。`] : [`备份文件夹：${list.folder}`, ...list.backups.map(line)];
  return { value: list, lines };
}

/**
 * `check <工作簿>`: the full integrity check without opening the workbook for editing (no lock
 * kept, no migration, no backup). Exit 0 healthy, 3 damaged; a file that is no workbook is the
 * user's error (2) and is thrown as such.
 */
export function checkCommand(workbookPath: string): { damaged: boolean; result: CliResult } {
  const verdict = checkWorkbookFile(resolve(workbookPath));
  return { damaged: !verdict.ok, result: { value: verdict, lines: [verdict.message] } };
}
