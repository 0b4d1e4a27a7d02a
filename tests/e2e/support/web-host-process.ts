import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../dist/electron/web/cli.js', import.meta.url));

export interface RunningHost {
  url: string;
  origin: string;
  stop(): Promise<void>;
}

/**
 * Starts the real browser host (`npm run web`'s program, from the build) as a
 * child process on a free port with its data in `home`, and waits for the URL
 * it prints.
 */
export function startHostProcess(home: string): Promise<RunningHost> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [cli], {
      env: { ...process.env, STATBENCH_HOME: home, STATBENCH_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`host did not start: ${output}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      const url = match[1];
      resolve({
        url,
        origin: new URL(url).origin,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            // The host closes its workbook and exits on SIGTERM; should it ever hang, the test
            // run must not: kill it after a while and say so in the output.
            const kill = setTimeout(() => {
              process.stderr.write(`browser host did not stop on SIGTERM; killed. Its output:\n${output}\n`);
              child.kill('SIGKILL');
            }, 15_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== null && code !== 0) reject(new Error(`host exited ${code}: ${output}`));
    });
  });
}
