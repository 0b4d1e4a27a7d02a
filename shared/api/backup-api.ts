import { z } from 'zod';
import { channel } from './channel.js';
import { type WorkbookInfo } from './workbook-api.js';

/** One backup of the open workbook (in its folder "<工作簿名>-备份", beside it or in the folder chosen for it). */
export interface BackupInfo {
  /** File name inside the backup folder; the id passed back to `backups:restore`. */
  file: string;
  /** Why it was taken: 自动 (once a day on open), 导入前 (any import), 复制上期前, 恢复前, 升级前, or 快照 (named by the clerk). */
  kind: '自动' | '导入前' | '复制上期前' | '恢复前' | '升级前' | '快照';
  /** The snapshot's name ("9月上报版"), null for the others. */
  name: string | null;
  /** Local time, "2026-11-22 09:30:05". */
  takenAt: string;
  bytes: number;
}

/** One stored figure that restoring a backup would change. */
export interface BackupDiffCell {
  /** changed: both have it, with other values; restored: only the backup has it (restore brings it back); removed: only the workbook has it (restore drops it). */
  kind: 'changed' | 'restored' | 'removed';
  unitName: string;
  indicatorCode: string;
  indicatorName: string;
  /** YYYY-MM, or YYYY for a 年度目标. */
  period: string;
  /** The figure in the clerk's words: 本月, 累计, 上年同期累计 … */
  field: string;
  /** The value in the open workbook now, null when it has none. */
  current: string | null;
  /** The value in the backup, null when it has none. */
  backup: string | null;
}

/** What restoring a backup would change, by unit, indicator and period. */
export interface BackupDiff {
  backup: BackupInfo;
  counts: { changed: number; restored: number; removed: number };
  /** Changed figures per unit, most first. */
  units: { unitName: string; cells: number }[];
  /** The first changed figures (up to the `limit` asked for), in unit, indicator, period order. */
  cells: BackupDiffCell[];
  /** Differences besides figures, e.g. "指标：现在 32 个，备份中 30 个". */
  structure: string[];
}

/** The open workbook's backup folder and the backups in it. */
export interface BackupList {
  /** The folder the backups are in: "<工作簿名>-备份" beside the workbook or in `chosen`. */
  folder: string;
  /** The folder the clerk chose for the backups; null: beside the workbook (the default). */
  chosen: string | null;
  /** Newest first. */
  backups: BackupInfo[];
}

/** Whether a workbook that would not open is damaged, and the newest backup of it that is whole. */
export interface DamageReport {
  damaged: boolean;
  /** One Chinese sentence for the clerk. */
  message: string;
  /** The newest backup that passes SQLite's quick_check, null when there is none. */
  newestGood: BackupInfo | null;
}

/** Backups, snapshots and restore of the open workbook. */
export const backupApi = {
  /** The open workbook's backups, newest first, and the folder they are in. */
  'backups:list': channel<BackupList>()(z.undefined()),
  /**
   * Chooses where the open workbook's backups go (kept in the workbook, so the choice travels with
   * the file): `path` a folder, in which a "<工作簿名>-备份" folder is made; null for beside the
   * workbook (the default). Existing backups are not moved; the answer lists the new folder's.
   * Refused, with nothing changed, for a folder that cannot be created or written, one inside a
   * backup folder, or one holding a workbook of the same name.
   */
  'backups:setFolder': channel<BackupList>()(z.object({ path: z.string().min(1).max(1024).nullable() })),
  /** Takes a backup now; with `name`, a named snapshot that rotation never deletes. */
  'backups:create': channel<BackupInfo>()(z.object({ name: z.string().trim().min(1).max(60).optional() })),
  /**
   * Replaces the open workbook with a backup, after backing up the current state (kind 恢复前);
   * `safetyCopy` is null when the workbook was open read-only because damaged (it is kept as “损坏-…” instead).
   */
  'backups:restore': channel<{ restored: BackupInfo; safetyCopy: BackupInfo | null }>()(z.object({ file: z.string().min(1).max(255) })),
  /** Reads what restoring backup `file` would change in the open workbook (the first `limit` figures listed); writes nothing. */
  'backups:diff': channel<BackupDiff>()(z.object({ file: z.string().min(1).max(255), limit: z.number().int().min(0).max(1000).default(200) })),
  /** For a workbook that would not open (`path`, as given to workbook:open): is it damaged, and which backup could replace it. Writes nothing. */
  'backups:inspectDamage': channel<DamageReport>()(z.object({ path: z.string().min(1).max(1024) })),
  /**
   * Replaces the damaged workbook `path` with its newest backup that passes quick_check and opens
   * it; the damaged file is kept in the backup folder (“损坏-…”) for technical support. Refused
   * when the workbook is not damaged.
   */
  'backups:restoreNewestGood': channel<{ workbook: WorkbookInfo; restored: BackupInfo }>()(z.object({ path: z.string().min(1).max(1024) })),
};
