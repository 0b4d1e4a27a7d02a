import { type Database } from 'better-sqlite3';
import { type ApiEvents, type EventName } from '../../shared/api/contract.js';
import { type EditHistory } from './grid/edit-history.js';
import { UserFacingError } from './user-facing-error.js';

/** The workbook open in this host process. One at a time, like a desktop document. */
export interface WorkbookSession {
  path: string;
  db: Database;
  lastSavedAt: string | null;
  history: EditHistory;
}

/**
 * Everything a handler may use. The core never knows which shell hosts it: the
 * desktop main process, the browser host and the tests each build one of these.
 */
export interface AppContext {
  host: 'desktop' | 'web';
  version: string;
  /** Default folder for new workbooks. */
  dataDir: string;
  /** Where the recent-files list lives. */
  configDir: string;
  session: WorkbookSession | null;
  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void;
  /** Native file dialog; only the desktop host provides one. */
  pickWorkbook?: (mode: 'open' | 'create') => Promise<string | null>;
}

/** The open workbook, or a Chinese message telling the clerk to open one first. */
export function requireSession(ctx: AppContext): WorkbookSession {
  if (!ctx.session) throw new UserFacingError('请先新建或打开一个工作簿。');
  return ctx.session;
}
