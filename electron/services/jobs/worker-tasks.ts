import { readWorkbookBytes } from '../excel/read-workbook.js';
import { type WorkbookSnapshot } from '../excel/workbook-snapshot.js';
import { type CellFill, fillTemplateBytes } from '../excel/xlsx-fill.js';
import { readExportLayout } from '../templates/export-layout.js';
import { keepForImport, type SheetKeep } from '../excel/snapshot-keep.js';
import { passesQuickCheck } from '../backup/backup-recover.js';

/**
 * The CPU-heavy work that runs in the worker pool (worker-pool.ts): plain-Node modules only (no
 * 'electron'; SQLite only on files no connection of the main thread holds), plain data in and
 * out, so each can run in a worker thread.
 */
export const workerTasks = {
  /** Fills an .xlsx template's package XML (see fillTemplateBytes); returns the new package. */
  fillTemplate: (template: Uint8Array, fileName: string, fills: readonly CellFill[]): Uint8Array => fillTemplateBytes(template, fileName, fills),
  /**
   * Reads a returned file for an import preview and keeps only what the preview reads (see
   * {@link keepForImport}): a 300,000-cell return then costs the host a few cells, not a second
   * copy of the whole snapshot next to the worker's.
   */
  readReturn: async (bytes: Uint8Array, fileName: string, keep: readonly SheetKeep[] | null): Promise<WorkbookSnapshot> =>
    keepForImport(await readWorkbookBytes(bytes, fileName, {}), keep),
  /** What a filled export needs of its template: formula and percent cells, titles to rewrite (see readExportLayout). */
  exportLayout: readExportLayout,
  /** SQLite's quick_check of a closed copy of a large workbook (see backup/background-check.ts). */
  quickCheckFile: passesQuickCheck,
};

/** The task table's type, for typed calls from the main thread. */
export type WorkerTasks = typeof workerTasks;

/** A task's name. */
export type WorkerTaskName = keyof WorkerTasks;
