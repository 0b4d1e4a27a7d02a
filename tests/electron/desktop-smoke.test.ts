import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
interface Envelope {
  ok: boolean;
  value?: { path?: string };
  error?: { message: string };
}
function invoke(page: Page, channel: string, arg: unknown): Promise<Envelope> {
  return page.evaluate(([c, a]) => (window as unknown as { statbench: { invoke(c: unknown, a: unknown): Promise<Envelope> } }).statbench.invoke(c, a), [channel, arg] as const);
}

describe.runIf(binary)('desktop app (Electron)', () => {
  let dir: string;
  // The desktop keeps a typed workbook name inside its data folder (文档\统计工作台), as a clerk's
  // 新建工作簿 does; an absolute path elsewhere is refused. A unique name, removed afterwards.
  const name = `冒烟测试-${process.pid}-${Date.now()}`;
  let workbook = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'statbench-desktop-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    if (workbook !== '') {
      for (const leftover of [workbook, `${workbook}-wal`, `${workbook}-shm`, join(dirname(workbook), `${name}-备份`)]) rmSync(leftover, { recursive: true, force: true });
    }
  });

  it('launches, creates a workbook, keeps a typed value across a restart', async () => {
    const profile = join(dir, 'profile');
    let { app, page } = await launch(profile);
    try {
      expect(await page.title()).toContain('统计工作台');
      // The CSP travels on the app:// scheme's own responses, where Chromium applies it.
      const csp = await page.evaluate(() => fetch('/index.html').then((r) => r.headers.get('content-security-policy')));
      expect(csp).toContain("form-action 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      const created = await invoke(page, 'workbook:create', { path: name });
      expect(created.error?.message ?? '').toBe('');
      workbook = created.value?.path ?? '';
      await page.reload();
      await typeInto(page, A01, CUMULATIVE, '12345.6');
      await expectCell(page, A01, CUMULATIVE, '12,345.6');
    } finally {
      await app.close();
    }
    expect(existsSync(workbook)).toBe(true);

    ({ app, page } = await launch(profile));
    try {
      const reopened = await invoke(page, 'workbook:open', { path: workbook });
      expect(reopened.error?.message ?? '').toBe('');
      await page.reload();
      await expectCell(page, A01, CUMULATIVE, '12,345.6');
    } finally {
      await app.close();
    }
  });
});
