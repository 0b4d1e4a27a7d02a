import { userInfo } from 'node:os';
import { type Database, type Statement } from 'better-sqlite3';
import { type ApiEvents, type EventName } from '../../shared/api/contract.js';
import { type HostFiles } from './files/desktop-files.js';
import { EditHistory } from './grid/edit-history.js';
import { SessionCaches } from './mutation/session-caches.js';
import { cachedStatement } from './mutation/statement-cache.js';
import { installUndoLog } from './mutation/undo-log.js';
import { WriteLock } from './mutation/write-lock.js';
import { UserFacingError } from './user-facing-error.js';

/**
 * The workbook open in this host process. One at a time, like a desktop document.
 * Made by {@link createSession}; everything in it lives as long as the connection.
 */
export interface WorkbookSession {
  readonly path: string;
  readonly db: Database;
  lastSavedAt: string | null;
  /** Undo/redo stacks (steps of the temp undo log). */
  readonly history: EditHistory;
  /** Serialises mutations: one write at a time, however long it awaits. */
  readonly writes: WriteLock;
  /** Derived values refreshed by the mutation pipeline. */
  readonly caches: SessionCaches;
  /** The OS user recorded in change_log. */
  readonly user: string;
  /** change_log batch id of the last recorded step: counted here, never looked up per save. */
  lastBatchId: number;
  /** Highest undo-log seq when the last mutation committed; rows above it were written outside a mutation. */
  logHighWater: number;
  /** The prepared statement for a fixed SQL text, made once per open workbook. */
  readonly statement: (sql: string) => Statement;
}

/** The OS user name, or '' where the OS has none to give (a service account without a profile). */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USERNAME ?? process.env.USER ?? '';
  }
}

/**
 * Makes the session of a workbook just opened (or created): installs the temp undo log and the
 * change-log triggers on its connection and reads the last batch id once.
 */
export function createSession(path: string, db: Database): WorkbookSession {
  installUndoLog(db);
  // Batch ids only grow, except that undo and redo log under the step they replay: the newest row
  // that is neither holds the highest id. Read backwards from the end, so no index is needed.
  const newest = db.prepare("SELECT batch_id FROM change_log WHERE source NOT IN ('undo', 'redo') ORDER BY id DESC LIMIT 1").get() as { batch_id: number } | undefined;
  const lastBatchId = newest?.batch_id ?? 0;
  return {
    path,
    db,
    lastSavedAt: null,
    history: new EditHistory(),
    writes: new WriteLock(),
    caches: new SessionCaches(),
    user: osUser(),
    lastBatchId,
    logHighWater: 0,
    statement: (sql) => cachedStatement(db, sql),
  };
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
  /** The rotating fault log the host writes internal faults to (see fault-log.ts); its path is shown by `app:info`. */
  faultLog?: { readonly path: string; log(channel: string, error: unknown): void };
  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void;
  /** Native file dialogs, handles and 打开/打开所在文件夹; only the desktop host provides them. */
  files?: HostFiles;
}

/** The open workbook, or a Chinese message telling the clerk to open one first. */
export function requireSession(ctx: AppContext): WorkbookSession {
  if (!ctx.session) throw new UserFacingError('请先新建或打开一个工作簿。');
  return ctx.session;
}
