/**
 * The benchmarks measure the built app (`npm run bench` builds first), not the TypeScript
 * sources: this is the code the desktop and browser hosts run. Modules are imported from dist/
 * at run time and typed from their sources, so `npm run typecheck` does not need a build.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (tests/perf/lib → ../../..). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Absolute path of a file of the build, e.g. distPath('electron/web/cli.js'). */
export function distPath(relative: string): string {
  return fileURLToPath(new URL(`dist/${relative}`, pathToFileURL(ROOT)));
}

async function load<T>(relative: string): Promise<T> {
  const path = distPath(relative);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first (npm run bench does).`);
  return (await import(pathToFileURL(path).href)) as T;
}

export type HandlersModule = typeof import('../../../electron/services/handlers.js');
export type WorkbookHandlersModule = typeof import('../../../electron/services/workbook/workbook-handlers.js');
export type FormViewModule = typeof import('../../../electron/services/grid/form-view.js');
export type ReadWorkbookModule = typeof import('../../../electron/services/excel/read-workbook.js');
export type TemplateValuesModule = typeof import('../../../electron/services/excel/template-values.js');
export type XlsxFillModule = typeof import('../../../electron/services/excel/xlsx-fill.js');

export const loadHandlers = (): Promise<HandlersModule> => load('electron/services/handlers.js');
export const loadWorkbookHandlers = (): Promise<WorkbookHandlersModule> => load('electron/services/workbook/workbook-handlers.js');
export const loadFormView = (): Promise<FormViewModule> => load('electron/services/grid/form-view.js');
export const loadReadWorkbook = (): Promise<ReadWorkbookModule> => load('electron/services/excel/read-workbook.js');
export const loadTemplateValues = (): Promise<TemplateValuesModule> => load('electron/services/excel/template-values.js');
export const loadXlsxFill = (): Promise<XlsxFillModule> => load('electron/services/excel/xlsx-fill.js');
