import { type Envelope } from '../../../shared/api/channel.js';
import { type ApiArg, type ApiOutput, type ChannelName } from '../../../shared/api/contract.js';
import { type RunningHost } from './web-host-process.js';

/**
 * Calls a channel of the running browser host as the page does (POST /api/<channel> with the
 * launch token): for setting up figures and reading back what the workbook stored.
 * @throws Error with the host's Chinese message when it refuses.
 */
export async function callApi<C extends ChannelName>(host: RunningHost, channel: C, ...args: ApiArg<C> extends undefined ? [] : [ApiArg<C>]): Promise<ApiOutput<C>> {
  const token = new URL(host.url).searchParams.get('token') ?? '';
  const response = await fetch(`${host.origin}/api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-StatBench-Token': token },
    body: args[0] === undefined ? '' : JSON.stringify(args[0]),
  });
  const envelope = (await response.json()) as Envelope<ApiOutput<C>>;
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
  return envelope.value;
}
