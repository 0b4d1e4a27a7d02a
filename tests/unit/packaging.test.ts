import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const file = (path: string): string => fileURLToPath(new URL(path, root));
// js-yaml comes with the toolchain (eslint, electron-builder); it parses exactly as YAML 1.2 tools do.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  afterPack: string;
  asar: boolean;
  npmRebuild: boolean;
  win: { icon: string; target: { target: string }[] };
  nsis: Record<string, unknown>;
  fileAssociations: { ext: string; icon: string }[];
}

describe('Windows package (build/electron-builder.yml)', () => {
  const config = yaml.load(readFileSync(file('build/electron-builder.yml'), 'utf8')) as BuilderConfig;

  it('is a per-user NSIS installer without admin rights, in Chinese, with shortcuts, an icon and the .statbench association', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false, createDesktopShortcut: true, createStartMenuShortcut: true, shortcutName: '统计工作台', language: '2052' });
    expect(config.nsis.installerLanguages).toContain('zh_CN');
    expect(config.fileAssociations.map((a) => a.ext)).toEqual(['statbench']);
    for (const icon of [config.win.icon, config.nsis.installerIcon, config.fileAssociations[0]?.icon]) {
      expect(existsSync(file(String(icon))), String(icon)).toBe(true);
      // A real .ico: reserved 0, type 1, and a 256 px image for the desktop and the installer.
      const bytes = readFileSync(file(String(icon)));
      expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2)]).toEqual([0, 1]);
      const sizes = Array.from({ length: bytes.readUInt16LE(4) }, (_, i) => bytes.readUInt8(6 + 16 * i) || 256);
      expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    }
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
  });

  it('flips the production fuses in an afterPack hook: RunAsNode, NODE_OPTIONS and inspect off; cookie encryption, ASAR integrity and only-ASAR on', async () => {
    expect(existsSync(file(config.afterPack))).toBe(true);
    const hook = readFileSync(file(config.afterPack), 'utf8');
    expect(hook).toContain('flipFuses');
    expect(hook).toContain("from './fuses.mjs'");
    const fusesUrl = new URL('build/fuses.mjs', root).href;
    const { FUSES } = (await import(fusesUrl)) as { FUSES: Record<string | number, unknown> };
    expect(FUSES).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });
});

describe('CI workflow for the Windows runner (.github/workflows/windows-installer.yml)', () => {
  interface Workflow {
    on: unknown;
    jobs: Record<string, { 'runs-on': string; steps: { uses?: string; run?: string; name?: string }[] }>;
  }
  const workflow = yaml.load(readFileSync(file('.github/workflows/windows-installer.yml'), 'utf8')) as Workflow;

  it('is valid YAML that builds the installer and runs the Playwright _electron smoke test on Windows', () => {
    expect(workflow.on).toBeDefined();
    const job = workflow.jobs.installer;
    expect(job?.['runs-on']).toMatch(/^windows-/);
    const runs = (job?.steps ?? []).map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npx vitest run --config tests/electron/vitest.config.ts');
    expect(runs).toContain('npm run dist:win');
    expect(runs).toContain('@electron/fuses read');
    for (const step of job?.steps ?? []) expect(Boolean(step.uses) !== Boolean(step.run), JSON.stringify(step)).toBe(true);
    expect(existsSync(file('tests/electron/desktop-smoke.test.ts'))).toBe(true);
    // `npm run dist:win` uses the config checked above.
    const pkg = JSON.parse(readFileSync(file('package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['dist:win']).toContain('--config build/electron-builder.yml');
  });
});
