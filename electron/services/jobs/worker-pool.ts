import { availableParallelism } from 'node:os';
import { threadId as mainThreadId, Worker } from 'node:worker_threads';
import { UserFacingError } from '../user-facing-error.js';
import { type WorkerReply, type WorkerRequest } from './worker-protocol.js';
import { type WorkerTaskName, type WorkerTasks } from './worker-tasks.js';

/** One task the pool ran, for tests and diagnostics: which thread did it and how it ended. */
export interface WorkerTaskRecord {
  task: WorkerTaskName;
  /** The worker's thread id (never the main thread's, which is {@link mainThreadId}). */
  threadId: number;
  outcome: 'running' | 'done' | 'failed' | 'cancelled';
}

/** Options of {@link runInWorker}. */
export interface WorkerRunOptions {
  /** Aborting terminates the worker at once (a CPU-bound task cannot be interrupted otherwise). */
  signal?: AbortSignal | undefined;
}

interface PoolWorker {
  worker: Worker;
  busy: boolean;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  record: WorkerTaskRecord;
}

// Two cores on the county PCs: one worker keeps the main thread's core free for the UI/IPC; more
// cores allow a second so an import preview need not wait behind an export.
const POOL_SIZE = Math.max(1, Math.min(2, availableParallelism() - 1));
// A hostile file must not take the whole host down: the worker dies alone, with a message.
const WORKER_HEAP_MB = 1536;
const RECORDS_KEPT = 50;

const idle: PoolWorker[] = [];
const all = new Set<PoolWorker>();
const waiting: Array<() => void> = [];
const records: WorkerTaskRecord[] = [];
let nextId = 1;

/**
 * Runs a named task of worker-tasks.ts in a worker thread of a small shared pool and returns its
 * result; the host's event loop stays free meanwhile (IPC, HTTP, 取消). Arguments and results
 * cross by structured clone (plain data, byte arrays). A UserFacingError thrown in the worker
 * arrives as a UserFacingError with the same Chinese message; any other error as an internal
 * fault. Aborting `signal` terminates the worker (it is replaced on next use) and rejects.
 */
export async function runInWorker<K extends WorkerTaskName>(task: K, args: Parameters<WorkerTasks[K]>, options: WorkerRunOptions = {}): Promise<Awaited<ReturnType<WorkerTasks[K]>>> {
  const { signal } = options;
  if (signal?.aborted) throw cancelled();
  const slot = await acquire(signal);
  const record: WorkerTaskRecord = { task, threadId: slot.worker.threadId, outcome: 'running' };
  records.push(record);
  if (records.length > RECORDS_KEPT) records.shift();
  const id = nextId++;
  try {
    return (await new Promise<unknown>((resolve, reject) => {
      const onAbort = (): void => {
        record.outcome = 'cancelled';
        discard(slot);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const pending: Pending = {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
        record,
      };
      pendingOf.set(slot, { id, pending });
      slot.worker.ref();
      slot.worker.postMessage({ id, task, args } satisfies WorkerRequest);
    })) as Awaited<ReturnType<WorkerTasks[K]>>;
  } finally {
    pendingOf.delete(slot);
    release(slot);
  }
}

/** The last tasks the pool ran (newest last), for tests and diagnostics. */
export function workerTaskRecords(): readonly WorkerTaskRecord[] {
  return records;
}

/** The main thread's id, to tell that a {@link WorkerTaskRecord} ran elsewhere. */
export const MAIN_THREAD_ID = mainThreadId;

const pendingOf = new Map<PoolWorker, { id: number; pending: Pending }>();

function cancelled(): UserFacingError {
  return new UserFacingError('已取消。');
}

async function acquire(signal: AbortSignal | undefined): Promise<PoolWorker> {
  for (;;) {
    const free = idle.pop();
    if (free) {
      free.busy = true;
      return free;
    }
    if (all.size < POOL_SIZE) {
      const created = spawn();
      created.busy = true;
      return created;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
    if (signal?.aborted) throw cancelled();
  }
}

function release(slot: PoolWorker): void {
  slot.busy = false;
  if (all.has(slot)) {
    // An idle worker must not keep the CLI or a test process alive.
    slot.worker.unref();
    idle.push(slot);
  }
  waiting.shift()?.();
}

function discard(slot: PoolWorker): void {
  all.delete(slot);
  const at = idle.indexOf(slot);
  if (at >= 0) idle.splice(at, 1);
  void slot.worker.terminate();
}

function spawn(): PoolWorker {
  const worker = startWorker();
  const slot: PoolWorker = { worker, busy: false };
  all.add(slot);
  worker.on('message', (reply: WorkerReply) => {
    const current = pendingOf.get(slot);
    if (!current || current.id !== reply.id) return;
    if (reply.ok) {
      current.pending.record.outcome = 'done';
      current.pending.resolve(reply.value);
    } else {
      current.pending.record.outcome = 'failed';
      current.pending.reject(reply.userFacing ? new UserFacingError(reply.message) : Object.assign(new Error(reply.message), { stack: reply.stack }));
    }
  });
  const fail = (error: Error): void => {
    all.delete(slot);
    const at = idle.indexOf(slot);
    if (at >= 0) idle.splice(at, 1);
    const current = pendingOf.get(slot);
    if (!current) return;
    current.pending.record.outcome = 'failed';
    const outOfMemory = (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
    current.pending.reject(outOfMemory ? new UserFacingError('文件太大，处理时内存不足，已停止，未做任何修改。请把表格拆成较小的文件后再试。') : error);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (all.has(slot) || pendingOf.has(slot)) fail(new Error(`后台工作线程意外退出（代码 ${code}）`));
  });
  return slot;
}

/**
 * Starts a worker on worker-entry. From the build (dist/, which the desktop app, the browser host
 * and the CLI run) that is plain worker-entry.js. Under Vitest this module is the .ts source and
 * Vitest's transform does not reach worker threads, so the worker loads the .ts entry with Node's
 * own TypeScript support (Node ≥ 22.12 with --experimental-transform-types) plus a resolve hook that maps the sources' `./x.js`
 * specifiers to the `./x.ts` files beside them: the tests then exercise the real thread, not an
 * inline stand-in.
 */
function startWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './worker-entry.ts' : './worker-entry.js', import.meta.url);
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  if (!fromSource) return new Worker(entry, { resourceLimits });
  // Given explicitly (below), a worker's execArgv must not hold process-wide V8 flags that a host,
  // a test or the bench started the process with (--max-old-space-size, --expose-gc …): Node
  // refuses to start the worker. Its own heap limit is set above.
  const inherited = process.execArgv.filter((flag) => !/^--(max[-_]old[-_]space[-_]size|max[-_]semi[-_]space[-_]size|initial[-_]heap[-_]size|expose[-_]gc|stack[-_]size|cpu-prof|heap-prof|inspect)/.test(flag));
  const bootstrap = `
    const { registerHooks } = require('node:module');
    registerHooks({
      resolve(specifier, context, next) {
        try { return next(specifier, context); } catch (error) {
          if (!/^\\.\\.?\\//.test(specifier) || !specifier.endsWith('.js')) throw error;
          return next(specifier.slice(0, -3) + '.ts', context);
        }
      },
    });
    import(${JSON.stringify(entry.href)});`;
  // transform-types, not only stripping: a few sources use parameter properties (SheetPatchError).
  const execArgv = [...inherited, '--experimental-transform-types', '--disable-warning=ExperimentalWarning'];
  return new Worker(bootstrap, { eval: true, resourceLimits, execArgv });
}
