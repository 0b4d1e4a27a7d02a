import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type Database as Db } from 'better-sqlite3';
import { osFailureError, UserFacingError } from '../user-facing-error.js';
import { WORKBOOK_EXTENSION } from '../workbook/workbook-file.js';
import { backupFolderOf } from './backup-folder.js';

/** Why a backup was made; part of its file name, so a clerk browsing the folder sees it too. */
export type BackupKind = '自动' | '导入前' | '复制上期前' | '恢复前' | '升级前' | '快照';

/** One backup file of a workbook. */
export interface BackupEntry {
  /** File name inside the backup folder: the id the page and the CLI use. */
  file: string;
  path: string;
  kind: BackupKind;
  /** The snapshot's name ("9月上报版"); null for automatic backups. */
  name: string | null;
  /** Local time it was taken, "2026-11-22 09:30:05". */
  takenAt: string;
  bytes: number;
}

const KINDS: readonly BackupKind[] = ['自动', '导入前', '复制上期前', '恢复前', '升级前', '快照'];
/** "2026-11-22_093005_快照_9月上报版.statbench" */
const FILE_PATTERN = new RegExp(`^(\\d{4}-\\d{2}-\\d{2})_(\\d{2})(\\d{2})(\\d{2})(?:-(\\d+))?_(${KINDS.join('|')})(?:_(.+))?\\${WORKBOOK_EXTENSION}$`);

/** How many backups rotation keeps: the newest of each of the last 7 days, 4 weeks, 12 months. */
export const ROTATION = { daily: 7, weekly: 4, monthly: 12 } as const;
/** Backups of the newest day kept besides: one per import or restore of a busy day. */
const TODAY_KEPT = 20;

const pad = (n: number): string => String(n).padStart(2, '0');

function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A snapshot name as a safe part of a Windows file name (no \ / : * ? " < > |, no trailing dot). */
function safeName(name: string): string {
  const cleaned = name
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')
    .trim()
    .replace(/[. ]+$/, '')
    .slice(0, 60);
  if (cleaned === '') throw new UserFacingError('快照名称不能为空，也不能只有标点。请换一个名称，如“9月上报版”。');
  return cleaned;
}

/** The backups in a workbook's backup folder `dir` ({@link backupFolderOf}), newest first (files that are not backups are ignored). */
export function listBackups(dir: string): BackupEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const entries: (BackupEntry & { seq: number })[] = [];
  for (const file of names) {
    const match = FILE_PATTERN.exec(file);
    if (!match) continue;
    const [, day = '', hh = '', mm = '', ss = '', seq = '1', kind = '自动', name] = match;
    let bytes = 0;
    try {
      bytes = statSync(join(dir, file)).size;
    } catch {
      continue;
    }
    entries.push({ file, path: join(dir, file), kind: kind as BackupKind, name: name ?? null, takenAt: `${day} ${hh}:${mm}:${ss}`, bytes, seq: Number(seq) });
  }
  entries.sort((a, b) => (a.takenAt === b.takenAt ? b.seq - a.seq : a.takenAt < b.takenAt ? 1 : -1));
  return entries.map(({ seq: _seq, ...entry }) => entry);
}

/** True when the backup folder `dir` holds no backup taken on `now`'s local day (the once-a-day backup on open). */
export function needsDailyBackup(dir: string, now: Date = new Date()): boolean {
  const today = localDay(now);
  return !listBackups(dir).some((b) => b.takenAt.startsWith(today));
}

/**
 * Copies the open workbook `db` (file `workbookPath`) into its backup folder with SQLite's online
 * backup API (`db.backup`: a consistent copy of a live WAL database, never a file copy). The copy
 * is written to a temp name and renamed when complete, so a backup in the folder is always a
 * whole copy. Call it where no write of the session is running (under the session's write lock).
 * Automatic backups are rotated afterwards; named snapshots are kept until the clerk deletes them.
 * @throws UserFacingError in the clerk's words (disk full, no permission …); the workbook is untouched.
 */
export async function backupWorkbook(db: Db, workbookPath: string, kind: BackupKind, options: { name?: string; now?: Date } = {}): Promise<BackupEntry> {
  // A bad snapshot name is refused before anything is copied.
  if (kind === '快照') safeName(options.name ?? '');
  return publishBackup(await copyWorkbook(db, workbookPath), workbookPath, kind, options);
}

/**
 * Step one of {@link backupWorkbook}: the online-backup copy of the open workbook, under a temp
 * name (".<random>.partial") in its backup folder; returns its path. Call it under the session's
 * write lock; the caller publishes the copy ({@link publishBackup}) or removes it.
 */
export async function copyWorkbook(db: Db, workbookPath: string): Promise<string> {
  const dir = backupFolderOf(workbookPath, db);
  const temp = join(dir, `.${randomBytes(4).toString('hex')}.partial`);
  try {
    mkdirSync(dir, { recursive: true });
    await db.backup(temp);
    return temp;
  } catch (error) {
    rmSync(temp, { force: true });
    throw osFailureError(error, `备份工作簿“${basename(workbookPath)}”`, { file: dir, unchanged: true }) ?? error;
  }
}

/** Step two of {@link backupWorkbook}: gives the complete copy `temp` its backup name in its folder, then rotates. */
export function publishBackup(temp: string, workbookPath: string, kind: BackupKind, options: { name?: string; now?: Date } = {}): BackupEntry {
  const now = options.now ?? new Date();
  // The copy was made in the backup folder: no second look at the workbook's setting.
  const dir = dirname(temp);
  const stamp = `${localDay(now)}_${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  let file: string;
  try {
    const name = kind === '快照' ? safeName(options.name ?? '') : null;
    // Later backups in the same second get -2, -3 … (above any seen, even one rotated away since),
    // so they never replace each other and sort newest first.
    let n = 1;
    for (const existing of readdirSync(dir)) {
      const match = FILE_PATTERN.exec(existing);
      if (match && `${match[1]}_${match[2]}${match[3]}${match[4]}` === stamp) n = Math.max(n, Number(match[5] ?? '1') + 1);
    }
    file = `${stamp}${n === 1 ? '' : `-${n}`}_${kind}${name === null ? '' : `_${name}`}${WORKBOOK_EXTENSION}`;
    renameSync(temp, join(dir, file));
  } catch (error) {
    rmSync(temp, { force: true });
    throw osFailureError(error, `备份工作簿“${basename(workbookPath)}”`, { file: dir, unchanged: true }) ?? error;
  }
  if (kind !== '快照') rotateBackups(dir);
  const entry = listBackups(dir).find((b) => b.file === file);
  if (!entry) throw new Error(`backup ${file} vanished after it was written`);
  return entry;
}

/** ISO-8601 week of a local day, "2026-W47", so weeks start on Monday as a clerk's do. */
function isoWeek(day: string): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  // The Thursday of the same Monday-to-Sunday week decides the year the week belongs to.
  date.setUTCDate(date.getUTCDate() + 4 - (date.getUTCDay() || 7));
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${pad(week)}`;
}

/**
 * The backups rotation keeps, of `entries` (newest first; snapshots are never rotated): the newest
 * backup of each of the 7 most recent days that have one, of the 4 most recent weeks and of the 12
 * most recent months, plus every backup of the newest day (up to 20).
 */
export function backupsToKeep(entries: readonly BackupEntry[]): Set<string> {
  const keep = new Set<string>();
  const rotated = entries.filter((e) => e.kind !== '快照');
  const buckets: [keyOf: (day: string) => string, count: number][] = [
    [(day) => day, ROTATION.daily],
    [isoWeek, ROTATION.weekly],
    [(day) => day.slice(0, 7), ROTATION.monthly],
  ];
  for (const [keyOf, count] of buckets) {
    const seen = new Set<string>();
    for (const entry of rotated) {
      const key = keyOf(entry.takenAt.slice(0, 10));
      if (seen.has(key)) continue;
      if (seen.size === count) break;
      seen.add(key);
      keep.add(entry.file);
    }
  }
  // Every backup of the newest day stays (up to TODAY_KEPT): two imports or restores in one day
  // must not cost the state before the first.
  const newestDay = rotated[0]?.takenAt.slice(0, 10);
  for (const entry of rotated.filter((e) => e.takenAt.startsWith(newestDay ?? '-')).slice(0, TODAY_KEPT)) keep.add(entry.file);
  for (const entry of entries) if (entry.kind === '快照') keep.add(entry.file);
  return keep;
}

/** Deletes the automatic backups in backup folder `dir` that rotation no longer keeps (see {@link backupsToKeep}). */
export function rotateBackups(dir: string): void {
  const entries = listBackups(dir);
  const keep = backupsToKeep(entries);
  for (const entry of entries) if (!keep.has(entry.file)) rmSync(entry.path, { force: true });
}

/** The backup `file` in backup folder `dir`, refusing names outside it. */
export function findBackup(dir: string, file: string): BackupEntry {
  const entry = listBackups(dir).find((b) => b.file === file);
  if (!entry) throw new UserFacingError(`找不到备份“${file}”。它可能已被轮换删除，请重新查看备份列表。`);
  return entry;
}
