import { api } from '../../shared/api/contract.js';
import { type AppContext } from '../services/context.js';
import { dispatch } from '../services/handlers.js';
import { isTrustedUrl } from './security.js';

/** The parts of an IPC event the check needs. */
export interface IpcInvokeEvent {
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, arg: unknown) => Promise<unknown>): void;
}

/**
 * One ipcMain handler per contract channel. Each checks that the message comes
 * from the app's own page before the payload is validated and dispatched.
 */
export function registerIpc(ipcMain: IpcMainLike, ctx: AppContext): void {
  for (const channel of Object.keys(api)) {
    ipcMain.handle(channel, async (event, arg) => {
      if (!isTrustedUrl(event.senderFrame?.url)) return { ok: false, error: { message: '拒绝来自未知页面的请求。' } };
      return dispatch(ctx, channel, arg, (name, error) => ctx.faultLog?.log(name, error));
    });
  }
}
