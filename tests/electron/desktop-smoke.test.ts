import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCell, typeInto } from '../e2e/support/grid-page.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The Electron binary: the npm package's (it downloads it on first install) unless STATBENCH_ELECTRON names one. */
function electronBinary(): string | null {
  if (process.env.STATBENCH_ELECTRON) return process.env.STATBENCH_ELECTRON;
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) console.log('[desktop-smoke] skipped: no Electron binary here (ELECTRON_SKIP_BINARY_DOWNLOAD); it runs on the Windows CI runner');

// Row 1 of the built-in form is A01 (规模以上工业总产值, typed as 1-N月累计, column 4).
const A01 = 1;
const CUMULATIVE = 4;

/** Starts the desktop app on the built dist/ with its own profile folder, returns its window. */
async function launch(profile: string): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await _electron.launch({ executablePath: binary ?? '', args: [root, `--user-data-dir=${profile}`], cwd: root });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}

/** Calls the app's API as the page does (window.statbench, the preload's one object). */
function invoke(page: Page, channel: string, arg: unknown): Promise<{ ok: boolean; error?: { message: string } }> {
  return page.evaluate(
    ([c, a]) => (window as unknown as { statbench: { invoke(c: unknown, a: unknown): Promise<{ ok: boolean; error?: { message: string } }> } }).statbench.invoke(c, a),
    [channel, arg] as const,
  );
}

describe.runIf(binary)('desktop app (Electron)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'statbench-desktop-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('launches, creates a workbook, keeps a typed value across a restart', async () => {
    const workbook = join(dir, '冒烟测试.statbench');
    const profile = join(dir, 'profile');
    let { app, page } = await launch(profile);
    try {
      expect(await page.title()).toContain('统计工作台');
      expect((await invoke(page, 'workbook:create', { path: workbook })).ok).toBe(true);
      await page.reload();
      await typeInto(page, A01, CUMULATIVE, '12345.6');
      await expectCell(page, A01, CUMULATIVE, '12,345.6');
    } finally {
      await app.close();
    }
    expect(existsSync(workbook)).toBe(true);

    ({ app, page } = await launch(profile));
    try {
      expect((await invoke(page, 'workbook:open', { path: workbook })).ok).toBe(true);
      await page.reload();
      await expectCell(page, A01, CUMULATIVE, '12,345.6');
    } finally {
      await app.close();
    }
  });
});
