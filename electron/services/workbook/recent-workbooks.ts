import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type RecentWorkbook } from '../../../shared/api/workbook-api.js';

const LIMIT = 10;

function storePath(configDir: string): string {
  return join(configDir, 'recent-workbooks.json');
}

/** The recently opened workbooks, newest first; a corrupt list is treated as empty. */
export function readRecent(configDir: string): RecentWorkbook[] {
  try {
    const parsed = JSON.parse(readFileSync(storePath(configDir), 'utf8')) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((e): e is { path: string; openedAt: string } => typeof e === 'object' && e !== null && typeof (e as { path?: unknown }).path === 'string')
      .map((e) => ({ path: e.path, name: basename(e.path), openedAt: String(e.openedAt), exists: existsSync(e.path) }));
  } catch {
    return [];
  }
}

/** Puts `path` at the top of the list (written atomically via a temp file). */
export function rememberRecent(configDir: string, path: string): void {
  const entries = [{ path, openedAt: new Date().toISOString() }, ...readRecent(configDir).filter((e) => e.path !== path).map(({ path: p, openedAt }) => ({ path: p, openedAt }))].slice(0, LIMIT);
  mkdirSync(configDir, { recursive: true });
  const file = storePath(configDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(entries, null, 2));
  renameSync(`${file}.tmp`, file);
}
