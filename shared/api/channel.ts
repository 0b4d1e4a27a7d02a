import { type z } from 'zod';

/**
 * A channel of the API contract: its runtime argument schema and (at the type
 * level only) its result type. The result type is carried by a phantom field so
 * the contract stays one plain object per feature.
 */
export interface Channel<I extends z.ZodType, O> {
  readonly input: I;
  /** Phantom: never set at run time. */
  readonly output?: O;
}

/** Declares a channel whose result type is `O`. */
export function channel<O>() {
  return <I extends z.ZodType>(input: I): Channel<I, O> => ({ input });
}

/** Result envelope every host returns: errors are Chinese messages meant for the clerk. */
export type Envelope<O> = { ok: true; value: O } | { ok: false; error: { message: string } };
