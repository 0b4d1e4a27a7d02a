import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type FaultLogger } from './handlers.js';

/** Size at which the log is rotated: statbench.log → statbench.1.log → … */
const MAX_LOG_BYTES = 1024 * 1024;
/** How many rotated files are kept besides the current one. */
const KEPT_FILES = 4;


/** A rotating log file of internal faults. */
export interface FaultLog {
  /** The current log file, shown to the clerk in 关于/帮助 (`app:info`) and by the CLI. */
  readonly path: string;
  readonly log: FaultLogger;
}

function rotated(dir: string, n: number): string {
  return join(dir, n === 0 ? 'statbench.log' : `statbench.${n}.log`);
}

function rotate(dir: string): void {
  rmSync(rotated(dir, KEPT_FILES), { force: true });
  for (let n = KEPT_FILES - 1; n >= 0; n -= 1) {
    try {
      renameSync(rotated(dir, n), rotated(dir, n + 1));
    } catch {
      // A missing older file is the usual case.
    }
  }
}

/**
 * Opens the fault log in `dir` (the app's data folder: `%APPDATA%\统计工作台\logs` on the
 * desktop, `<STATBENCH_HOME>/.config/logs` for the browser host and the CLI). Each entry is the
 * time, the channel and the full error (stack and `code`); the file is rotated at 1 MB and the
 * last 4 rotations are kept. Logging never throws: a log that cannot be written (disk full) falls
 * back to stderr, so a fault is never hidden behind a second one.
 */
export function openFaultLog(dir: string): FaultLog {
  const path = rotated(dir, 0);
  const log: FaultLogger = (channel, error) => {
    const entry = `[${new Date().toISOString()}] ${channel} (pid ${process.pid})\n${inspect(error, { depth: 4, breakLength: 120 })}\n\n`;
    try {
      mkdirSync(dir, { recursive: true });
      let size = 0;
      try {
        size = statSync(path).size;
      } catch {
        // No log yet.
      }
      if (size + entry.length > MAX_LOG_BYTES && size > 0) rotate(dir);
      appendFileSync(path, entry, 'utf8');
    } catch (writeError) {
      process.stderr.write(`[statbench] ${entry}[statbench] 日志文件无法写入：${String(writeError)}\n`);
    }
  };
  return { path, log };
}
