import { type ApiInput, type ApiOutput, type ChannelName } from '../../shared/api/contract.js';
import { type AppContext } from './context.js';

/** A handler of one channel: validated argument in, result (or a promise of it) out. */
export type Handler<C extends ChannelName> = (ctx: AppContext, arg: ApiInput<C>) => ApiOutput<C> | Promise<ApiOutput<C>>;

/** The handlers of every channel whose name starts with one of `Prefix`. */
export type HandlerMap<Prefix extends string> = {
  [C in Extract<ChannelName, `${Prefix}${string}`>]: Handler<C>;
};
