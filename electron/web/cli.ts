import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { openFaultLog } from '../services/fault-log.js';
import { errorCode, osFailure } from '../services/user-facing-error.js';
import { startWebHost, type WebHost } from './web-host.js';

// `npm run web`: the app in any browser, for machines where Electron cannot start.
const home = process.env.STATBENCH_HOME ?? join(homedir(), 'StatBench');
const configDir = join(home, '.config');
const faults = openFaultLog(join(configDir, 'logs'));
/** The app's version from package.json: three levels up from dist/electron/web, two from the sources. */
function appVersion(): string {
  for (const up of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'statbench') return pkg.version;
    } catch {
      // Not at this level.
    }
  }
  return '0.0.0';
}
const port = Number(process.env.STATBENCH_PORT ?? 0);

/** Why the host could not start, in Chinese with what to do (never a stack trace). */
function startFailure(error: unknown): string {
  if (errorCode(error) === 'EADDRINUSE') return `端口 ${port} 已被其他程序占用。请关闭占用它的程序，或设置 STATBENCH_PORT 为其他端口（或不设置，自动选择空闲端口）后重试。`;
  const failure = osFailure(error);
  if (failure) return `浏览器版无法启动：${failure.reason}（数据文件夹：${home}）。${failure.advice}`;
  faults.log('web:start', error);
  return `浏览器版无法启动：程序内部错误。详细信息已写入日志：${faults.path}`;
}

let host: WebHost;
try {
  host = await startWebHost({ dataDir: home, configDir, version: appVersion(), port });
} catch (error) {
  process.stderr.write(`${startFailure(error)}\n`);
  process.exit(1);
}
console.log(`统计工作台（浏览器版）已启动：${host.url}`);
console.log(`工作簿默认保存在：${home}`);
console.log(`故障日志：${faults.path}`);
console.log('按 Ctrl+C 退出（会先安全关闭工作簿）。');

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  // The workbook is closed first thing in close(); exit even if closing the server fails.
  void host.close().then(
    () => process.exit(0),
    (error: unknown) => {
      faults.log('web:stop', error);
      process.exit(0);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
