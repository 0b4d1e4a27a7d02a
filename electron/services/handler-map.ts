import { type ApiInput, type ApiOutput, type ChannelName } from '../../shared/api/contract.js';
import { type AppContext } from './context.js';
import { type MutationScope, runMutation } from './mutation/run-mutation.js';

/** A handler of one channel: validated argument in, result (or a promise of it) out. */
export type Handler<C extends ChannelName> = (ctx: AppContext, arg: ApiInput<C>) => ApiOutput<C> | Promise<ApiOutput<C>>;

/** The body of a mutation: like a handler, plus the scope of its transaction. */
export type MutationRun<C extends ChannelName> = (ctx: AppContext, arg: ApiInput<C>, scope: MutationScope) => ApiOutput<C> | Promise<ApiOutput<C>>;

/** What a handler that writes declares; see {@link mutation}. */
export interface MutationDeclaration<C extends ChannelName> {
  /** The undo step's Chinese description, e.g. "粘贴 6 个单元格"; may read the workbook (runs first, under the write lock). */
  describe: (arg: ApiInput<C>, ctx: AppContext) => string;
  /** The body: writes its rows and answers; never opens a transaction, logs, records undo or emits events. */
  run: MutationRun<C>;
  /** change_log.source of the figures it changes ('edit', 'paste', 'import' …); defaults to 'edit'. */
  source?: (arg: ApiInput<C>) => string;
  /** Defaults to true; only the undo machinery itself (history:undo/redo) is not undoable. */
  undoable?: boolean;
}

/**
 * A handler that writes, declared as such: calling it runs its body through the one mutation
 * pipeline (`runMutation`), however it is called (dispatch, a test, the CLI), so no caller can
 * write around the pipeline.
 */
export type Mutation<C extends ChannelName> = Handler<C> & {
  readonly kind: 'mutation';
  readonly declaration: MutationDeclaration<C>;
};

/**
 * Declares a handler map entry as a mutation, as Actual Budget's loot-core registers
 * `mutator(undoable(fn))`: every mutation is serialised with the session's other writes and runs
 * in one transaction with change_log rows, one undo step, the `workbook:saved` event and cache
 * refresh. The channel (and so the argument and result types) is inferred from the map key.
 */
export function mutation<C extends ChannelName>(declaration: MutationDeclaration<C>): Mutation<C> {
  const handler: Handler<C> = (ctx, arg) => runMutation(ctx, declaration, arg);
  return Object.assign(handler, { kind: 'mutation' as const, declaration });
}

/** True for an entry declared with {@link mutation}. */
export function isMutation(entry: unknown): entry is Mutation<ChannelName> {
  return typeof entry === 'function' && (entry as { kind?: unknown }).kind === 'mutation';
}

/** The handlers of every channel whose name starts with one of `Prefix`. */
export type HandlerMap<Prefix extends string> = {
  [C in Extract<ChannelName, `${Prefix}${string}`>]: Handler<C>;
};
