import { z } from 'zod';
import { channel } from './channel.js';

/** What the window shows about the open workbook. */
export interface WorkbookInfo {
  path: string;
  /** File name without folder, for the title bar. */
  name: string;
  schemaVersion: number;
  /** ISO time of the last successful write, null before the first edit of the session. */
  lastSavedAt: string | null;
  /** Set when the workbook is damaged and open read-only: what happened and what to do, for the banner. */
  damaged?: string | null;
}

export interface RecentWorkbook {
  /** The path; on the desktop a handle standing for it (see files-api.ts), to pass back to workbook:open. */
  path: string;
  /** The path to show where `path` is a handle (desktop). */
  shownPath?: string;
  name: string;
  openedAt: string;
  exists: boolean;
}

export interface HostInfo {
  version: string;
  host: 'desktop' | 'web';
  /** Folder where new workbooks go by default. */
  dataDir: string;
  /** True where a native file dialog exists (desktop). */
  canPickFiles: boolean;
  /** The fault log file (internal errors with details for technical support), null when the host keeps none. */
  logPath: string | null;
}

/** What 示例 finds before it creates the demo workbook. */
export interface DemoStatus {
  /** The existing demo workbook's path, null when there is none yet. */
  existing: string | null;
  /** The file name a new copy would get, e.g. “示例-京滨工业园(2).statbench”. */
  copyName: string;
}

/** Workbook file lifecycle. Paths are absolute or relative to the host's data folder. */
export const workbookApi = {
  'app:info': channel<HostInfo>()(z.undefined()),
  'workbook:create': channel<WorkbookInfo>()(
    z.object({ path: z.string().min(1).max(1024), starterCatalog: z.boolean().default(true) }),
  ),
  'workbook:createDemo': channel<WorkbookInfo>()(z.object({ path: z.string().min(1).max(1024) })),
  /** Whether the demo workbook `path` already exists (then 示例 asks: open it, or make a copy named `copyName`). */
  'workbook:demoStatus': channel<DemoStatus>()(z.object({ path: z.string().min(1).max(1024) })),
  'workbook:open': channel<WorkbookInfo>()(z.object({ path: z.string().min(1).max(1024) })),
  'workbook:close': channel<null>()(z.undefined()),
  'workbook:current': channel<WorkbookInfo | null>()(z.undefined()),
  'workbook:recent': channel<RecentWorkbook[]>()(z.undefined()),
  /** Desktop only: native open/save dialogs; the web host answers null. */
  'dialog:pickWorkbook': channel<string | null>()(z.object({ mode: z.enum(['open', 'create']) })),
};
