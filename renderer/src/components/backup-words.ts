import { type BackupInfo } from '../../../shared/api/backup-api.js';

/** A backup as the clerk reads it in a message: 快照“9月上报版” or 自动备份. */
export function backupWords(backup: Pick<BackupInfo, 'kind' | 'name'>): string {
  return backup.name ? `快照“${backup.name}”` : `${backup.kind}备份`;
}

/** Where a damaged workbook went when a backup replaced it (kept for technical support). */
export const DAMAGED_KEPT = '损坏的文件已移到备份文件夹（“损坏-”开头），供技术支持查看';
