import { type Envelope } from '../../../shared/api/channel.js';
import { type ApiArg, type ApiEvents, type ApiOutput, type ChannelName, type EventName } from '../../../shared/api/contract.js';

/** A refusal or failure reported by the host, with its Chinese message. */
export class ApiError extends Error {}

const TOKEN_KEY = 'statbench.token';

/**
 * The browser host's per-launch token arrives in the URL once; it is kept for
 * the tab's session (so a reload works) and removed from the address bar.
 */
function webToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const token = window.statbench ? '' : webToken();

/** The browser host's token, for the file routes (upload, download) outside the API. */
export function hostToken(): string {
  return token;
}

async function post(channel: string, arg: unknown): Promise<unknown> {
  if (window.statbench) return window.statbench.invoke(channel, arg);
  const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-StatBench-Token': token },
    body: arg === undefined ? '' : JSON.stringify(arg),
  });
  return response.json();
}

/**
 * Calls a channel of the contract on whichever host runs the page: the desktop
 * preload bridge when present, else the browser host over loopback HTTP.
 */
export async function invoke<C extends ChannelName>(channel: C, ...args: ApiArg<C> extends undefined ? [] : [ApiArg<C>]): Promise<ApiOutput<C>> {
  let envelope: Envelope<ApiOutput<C>>;
  try {
    envelope = (await post(channel, args[0])) as Envelope<ApiOutput<C>>;
  } catch {
    throw new ApiError('无法连接统计工作台后台服务。请确认程序仍在运行，然后刷新页面。');
  }
  if (!envelope.ok) throw new ApiError(envelope.error.message);
  return envelope.value;
}

/**
 * The page's one event stream, shared by every subscription. A stream per subscription held
 * three of the browser's six connections to the host per tab, so a second tab left its own API
 * calls waiting for a free connection for ever.
 */
let shared: { source: EventSource; users: number } | null = null;

/** Subscribes to a host event; returns the unsubscribe function. */
export function onEvent<E extends EventName>(event: E, callback: (payload: ApiEvents[E]) => void): () => void {
  if (window.statbench) return window.statbench.on(event, (payload) => callback(payload as ApiEvents[E]));
  shared ??= { source: new EventSource(`/api/events?token=${encodeURIComponent(token)}`), users: 0 };
  const stream = shared;
  stream.users += 1;
  const listener = (message: MessageEvent<string>): void => callback(JSON.parse(message.data) as ApiEvents[E]);
  stream.source.addEventListener(event, listener);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    stream.source.removeEventListener(event, listener);
    stream.users -= 1;
    if (stream.users > 0) return;
    stream.source.close();
    if (shared === stream) shared = null;
  };
}
