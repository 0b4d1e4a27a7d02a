import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiArg, type ApiEvents, type ApiOutput, type ChannelName, type EventName } from '../../shared/api/contract.js';
import { type AppContext } from '../../electron/services/context.js';
import { dispatch } from '../../electron/services/handlers.js';
import { closeSession } from '../../electron/services/workbook/workbook-handlers.js';

export interface EmittedEvent {
  event: EventName;
  payload: ApiEvents[EventName];
}

/**
 * A host for unit tests: a real AppContext (as the browser host builds one) over
 * a fresh temp folder, with every call going through `dispatch` so the contract's
 * schemas and error envelope are exercised exactly as the shells use them.
 */
export interface TestHost {
  dir: string;
  ctx: AppContext;
  events: EmittedEvent[];
  /** Calls a channel and returns its value; throws with the Chinese message on refusal. */
  call<C extends ChannelName>(channel: C, arg: ApiArg<C>): Promise<ApiOutput<C>>;
  /** Calls a channel that must be refused and returns the clerk's message. */
  refusal<C extends ChannelName>(channel: C, arg: ApiArg<C>): Promise<string>;
  /** Closes the workbook and removes the temp folder. */
  dispose(): void;
}

export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'statbench-'));
}

export function makeTestHost(dir: string = makeTempDir()): TestHost {
  const events: EmittedEvent[] = [];
  const ctx: AppContext = {
    host: 'web',
    version: '0.0.0-test',
    dataDir: dir,
    configDir: join(dir, '.config'),
    session: null,
    emit<E extends EventName>(event: E, payload: ApiEvents[E]) {
      events.push({ event, payload });
    },
  };
  const faults: unknown[] = [];
  const invoke = (channel: string, arg: unknown) => dispatch(ctx, channel, arg, (_c, error) => faults.push(error));
  return {
    dir,
    ctx,
    events,
    async call(channel, arg) {
      const envelope = await invoke(channel, arg);
      if (!envelope.ok) throw new Error(`${channel} refused: ${envelope.error.message}${faults.length ? ` (${String(faults.at(-1))})` : ''}`);
      return envelope.value as ApiOutput<typeof channel>;
    },
    async refusal(channel, arg) {
      const envelope = await invoke(channel, arg);
      if (envelope.ok) throw new Error(`${channel} was expected to be refused but succeeded`);
      return envelope.error.message;
    },
    dispose() {
      closeSession(ctx);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
