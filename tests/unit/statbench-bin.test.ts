import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/statbench.js', import.meta.url));
// The office machines' own Node (20 here); the test suite itself runs on the project's Node 22.
const machineNode = '/usr/bin/node';

function nodeVersion(node: string): string {
  return spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
}

function isOld(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major < 22 || (major === 22 && minor < 12);
}

const oldNode = existsSync(machineNode) && isOld(nodeVersion(machineNode));
if (!oldNode) console.log(`[statbench-bin] ${machineNode} is missing or already ≥ 22.12: the old-Node refusal is not exercised here`);

describe('bin/statbench.js', () => {
  it.runIf(oldNode)('under the machine’s old Node says in Chinese that Node ≥ 22.12 is needed, instead of crashing', () => {
    const result = spawnSync(machineNode, [bin, 'check', 'whatever.statbench'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('需要 Node 22.12 或更高版本');
    expect(result.stderr).toContain(`当前是 ${nodeVersion(machineNode)}`);
    expect(result.stderr).toContain('npx statbench');
    expect(result.stdout).toBe('');
  });

  it('under the project’s Node runs the CLI (or, before the first build, says how to build it)', () => {
    const result = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.signal).toBeNull();
    if (existsSync(fileURLToPath(new URL('../../dist/electron/cli/main.js', import.meta.url)))) {
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('统计工作台命令行');
    } else {
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('npm run build:electron');
    }
  });
});
