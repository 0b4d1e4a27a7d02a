import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/test-host.js';

const hooks = new URL('../../tests/support/ts-source-hooks.ts', import.meta.url).href;
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

describe('npm run web (electron/web/cli.ts)', () => {
  it('says in Chinese what to do when its port is taken, without a stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolveListen) => blocker.listen(0, '127.0.0.1', () => resolveListen()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', hooks, cli], { env: { ...process.env, STATBENCH_HOME: makeTempDir(), STATBENCH_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolveExit) => child.on('exit', (c) => resolveExit(c)));
      expect(code).toBe(1);
      expect(stderr).toBe(`端口 ${port} 已被其他程序占用。请关闭占用它的程序，或设置 STATBENCH_PORT 为其他端口（或不设置，自动选择空闲端口）后重试。\n`);
    } finally {
      blocker.close();
    }
  });
});
