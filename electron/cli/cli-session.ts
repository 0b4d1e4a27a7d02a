import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ApiArg, type ApiEvents, type ApiOutput, type ChannelName, type EventName } from '../../shared/api/contract.js';
import { type AppContext, createSession } from '../services/context.js';
import { dispatch } from '../services/handlers.js';
import { closeSession } from '../services/workbook/workbook-handlers.js';
import { openWorkbookFile } from '../services/workbook/workbook-file.js';

/** A refusal meant for the clerk or county IT: printed as is on stderr, exit code 2. */
export class CliUserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUserError';
  }
}

/** An open workbook for one command, with every call going through the contract. */
export interface CliSession {
  ctx: AppContext;
  call<C extends ChannelName>(channel: C, arg: ApiArg<C>): Promise<ApiOutput<C>>;
  close(): void;
}

/**
 * Opens a workbook exactly as the app does (openWorkbookFile: exclusive lock, integrity check,
 * migrations) in an AppContext like the browser host's; calls go through `dispatch`, so the
 * contract validates every argument. `onProgress` receives job:progress events.
 */
export function openCliSession(workbookPath: string, onProgress: (event: ApiEvents['job:progress']) => void): CliSession {
  const home = process.env.STATBENCH_HOME ?? join(homedir(), 'StatBench');
  const path = resolve(workbookPath);
  const ctx: AppContext = {
    // The CLI serves no page; 'web' is the host kind without native dialogs, which fits.
    host: 'web',
    version: packageVersion(),
    // Relative paths in arguments are resolved against the working directory before they get here.
    dataDir: process.cwd(),
    configDir: join(home, '.config'),
    session: null,
    emit<E extends EventName>(event: E, payload: ApiEvents[E]) {
      if (event === 'job:progress') onProgress(payload as ApiEvents['job:progress']);
    },
  };
  // The same session as the app's (undo log, change-log user, statement cache), so every write
  // through the CLI goes through the one mutation pipeline.
  ctx.session = createSession(path, openWorkbookFile(path));
  return {
    ctx,
    async call(channel, arg) {
      let fault: unknown = null;
      const envelope = await dispatch(ctx, channel, arg, (_channel, error) => {
        fault = error ?? new Error('unknown fault');
      });
      // An internal fault is not the user's error: it keeps its stack and exits with 1.
      if (fault !== null) throw fault instanceof Error ? fault : new Error(`internal fault in ${channel}`);
      if (!envelope.ok) throw new CliUserError(envelope.error.message);
      return envelope.value as ApiOutput<typeof channel>;
    },
    close: () => closeSession(ctx),
  };
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
