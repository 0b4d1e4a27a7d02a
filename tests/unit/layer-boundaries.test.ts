import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer boundaries of docs/architecture.md are lint rules in eslint.config.js; these tests
 * lint small snippets under file names in each layer, so that loosening a rule (or a later config
 * block silently replacing it for a sub-folder) turns the suite red.
 */

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const BOUNDARY_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;

beforeAll(() => {
  // The snippets' file names do not exist, so no tsconfig program contains them: type-aware
  // parsing is switched off. The boundary rules are syntactic and need no types.
  eslint = new ESLint({ cwd: repoRoot, overrideConfig: [tseslint.configs.disableTypeChecked] });
});

/** Boundary violations (and any fatal parse error, so a broken snippet cannot pass silently). */
async function boundaryMessages(filePath: string, code: string): Promise<Array<{ ruleId: string | null; message: string; line: number }>> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}${filePath}` });
  if (result === undefined) throw new Error(`no lint result for ${filePath}`);
  return result.messages
    .filter((m) => m.fatal === true || (m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)))
    .map(({ ruleId, message, line }) => ({ ruleId, message, line }));
}

describe('renderer never imports from electron/', () => {
  const staticImport = "import { parseCellAddress } from '../../../electron/services/excel/cell-ref.js';\nexport const leak = parseCellAddress;\n";

  it.each(['renderer/src/api/boundary-probe.ts', 'renderer/src/views/boundary-probe.ts', 'renderer/src/grid/boundary-probe.ts'])(
    'a relative import of electron/ in %s fails lint',
    async (filePath) => {
      const messages = await boundaryMessages(filePath, staticImport);
      expect(messages).toEqual([{ ruleId: '@typescript-eslint/no-restricted-imports', message: expect.stringContaining('must not import from electron/'), line: 1 }]);
    },
  );

  it('a type-only import, a dynamic import and an SFC import of electron/ fail too', async () => {
    const typeOnly = await boundaryMessages('renderer/src/api/boundary-probe.ts', "import type { AppContext } from '../../../electron/services/context.js';\nexport type Ctx = AppContext;\n");
    expect(typeOnly.map((m) => m.ruleId)).toEqual(['@typescript-eslint/no-restricted-imports']);

    const dynamic = await boundaryMessages('renderer/src/api/boundary-probe.ts', "export const load = () => import('../../../electron/services/excel/cell-ref.js');\n");
    expect(dynamic).toEqual([{ ruleId: 'no-restricted-syntax', message: expect.stringContaining('must not import from electron/'), line: 1 }]);

    const sfc = await boundaryMessages(
      'renderer/src/views/BoundaryProbe.vue',
      "<script setup lang=\"ts\">\nimport { parseCellAddress } from '../../../electron/services/excel/cell-ref.js';\nparseCellAddress('A1');\n</script>\n<template><div /></template>\n",
    );
    expect(sfc.map((m) => m.ruleId)).toEqual(['@typescript-eslint/no-restricted-imports']);
  });

  it('the electron package itself is refused in the renderer, statically or dynamically', async () => {
    const messages = await boundaryMessages('renderer/src/api/boundary-probe.ts', "import { ipcRenderer } from 'electron';\nexport const ipc = ipcRenderer;\nexport const later = () => import('electron');\n");
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['@typescript-eslint/no-restricted-imports', 1],
      ['no-restricted-syntax', 3],
    ]);
  });

  it('an import of shared/ is legal', async () => {
    const messages = await boundaryMessages(
      'renderer/src/api/boundary-probe.ts',
      "import { type CatalogView } from '../../../shared/api/catalog-api.js';\nexport type View = CatalogView;\nexport const later = () => import('../../../shared/api/contract.js');\n",
    );
    expect(messages).toEqual([]);
  });
});

describe("services, the browser host and shared/ never load 'electron', not even dynamically", () => {
  const dynamicCases = [
    ['dynamic import', "export const load = () => import('electron');\n"],
    ['dynamic import of a subpath', "export const load = () => import('electron/main');\n"],
    ['require', "declare const require: (id: string) => unknown;\nexport const electron = require('electron');\n"],
    ['module.require', "declare const module: { require(id: string): unknown };\nexport const electron = module.require('electron');\n"],
  ] as const;

  for (const filePath of ['electron/services/excel/boundary-probe.ts', 'electron/web/boundary-probe.ts', 'shared/stats/boundary-probe.ts']) {
    it.each(dynamicCases)(`%s in ${filePath} fails lint`, async (_name, code) => {
      const messages = await boundaryMessages(filePath, code);
      expect(messages).toEqual([{ ruleId: 'no-restricted-syntax', message: expect.stringMatching(/^(Dynamic import|require)\('electron'\) is not allowed here/), line: code.split('\n').length - 1 }]);
    });
  }

  it('a static import of electron or a subpath still fails', async () => {
    const messages = await boundaryMessages('electron/services/excel/boundary-probe.ts', "import { app } from 'electron';\nimport { BrowserWindow } from 'electron/main';\nexport const both = [app, BrowserWindow];\n");
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['@typescript-eslint/no-restricted-imports', 1],
      ['@typescript-eslint/no-restricted-imports', 2],
    ]);
  });

  it('other dynamic imports in services, and electron in the desktop glue, are legal', async () => {
    expect(await boundaryMessages('electron/services/excel/boundary-probe.ts', "export const load = () => import('exceljs');\nexport const log = () => import('electron-log');\n")).toEqual([]);
    expect(await boundaryMessages('electron/main/boundary-probe.ts', "export const load = () => import('electron');\n")).toEqual([]);
  });
});
