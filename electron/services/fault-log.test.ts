import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/test-host.js';
import { openFaultLog } from './fault-log.js';

describe('fault log', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('records each fault with its channel and stack, and rotates at 1 MB keeping 4 older files', () => {
    const root = makeTempDir();
    dirs.push(root);
    const dir = join(root, 'logs');
    const { path, log } = openFaultLog(dir);
    expect(path).toBe(join(dir, 'statbench.log'));

    const fault = new Error('x'.repeat(200_000));
    log('values:set', fault);
    const first = readFileSync(path, 'utf8');
    expect(first).toContain('values:set');
    expect(first).toMatch(/Error: x+[\s\S]*\n\s+at /);

    // About 6.5 MB of faults: the current file and 4 rotations remain, none much over 1 MB.
    for (let i = 0; i < 32; i += 1) log(`imports:commit #${i}`, fault);
    expect(readdirSync(dir).sort()).toEqual(['statbench.1.log', 'statbench.2.log', 'statbench.3.log', 'statbench.4.log', 'statbench.log']);
    for (const file of readdirSync(dir)) expect(statSync(join(dir, file)).size, file).toBeLessThanOrEqual(1024 * 1024);
    // The newest fault is in the current file, the older ones in the rotated files.
    expect(readFileSync(path, 'utf8')).toContain('imports:commit #31');
    expect(readFileSync(join(dir, 'statbench.1.log'), 'utf8')).not.toContain('imports:commit #31');
  });
});
