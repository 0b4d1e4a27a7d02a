import { api } from '../../shared/api/contract.js';
import { type AppContext } from '../services/context.js';
import { adoptDroppedFile, dispatchWithHandles, DROP_CHANNEL } from '../services/files/desktop-files.js';
import { dispatch } from '../services/handlers.js';
import { UserFacingError } from '../services/user-facing-error.js';
import { isTrustedUrl } from './security.js';

/** The parts of an IPC event the check needs. */
export interface IpcInvokeEvent {
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, arg: unknown) => Promise<unknown>): void;
}

const FOREIGN = { ok: false, error: { message: '拒绝来自未知页面的请求。' } } as const;

/**
 * One ipcMain handler per contract channel. Each checks that the message comes
 * from the app's own page before the payload is validated and dispatched. Where the host has
 * native file dialogs (`ctx.files`), paths travel as handles (see desktop-files.ts), and the
 * preload's drop channel turns a file dropped on the window into one.
 */
export function registerIpc(ipcMain: IpcMainLike, ctx: AppContext): void {
  const logFault = (name: string, error: unknown): void => ctx.faultLog?.log(name, error);
  for (const channel of Object.keys(api)) {
    ipcMain.handle(channel, async (event, arg) => {
      if (!isTrustedUrl(event.senderFrame?.url)) return FOREIGN;
      return ctx.files ? dispatchWithHandles(ctx, ctx.files, channel, arg, logFault) : dispatch(ctx, channel, arg, logFault);
    });
  }
  const files = ctx.files;
  if (!files) return;
  ipcMain.handle(DROP_CHANNEL, (event, arg) => {
    if (!isTrustedUrl(event.senderFrame?.url)) return Promise.resolve(FOREIGN);
    const { path, purpose } = (typeof arg === 'object' && arg !== null ? arg : {}) as { path?: unknown; purpose?: unknown };
    try {
      return Promise.resolve({ ok: true, value: adoptDroppedFile(files, path, purpose) });
    } catch (error) {
      if (error instanceof UserFacingError) return Promise.resolve({ ok: false, error: { message: error.message } });
      throw error;
    }
  });
}
