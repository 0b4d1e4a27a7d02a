import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from './web-host.js';

// `npm run web`: the app in any browser, for machines where Electron cannot start.
const home = process.env.STATBENCH_HOME ?? join(homedir(), 'StatBench');
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
const host = await startWebHost({
  dataDir: home,
  configDir: join(home, '.config'),
  version: pkg.version,
  port: Number(process.env.STATBENCH_PORT ?? 0),
});
console.log(`统计工作台（浏览器版）已启动：${host.url}`);
console.log(`工作簿默认保存在：${home}`);
console.log('按 Ctrl+C 退出（会先安全关闭工作簿）。');

const stop = (): void => {
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
