#!/usr/bin/env node
// The `statbench` command: a tiny launcher for the compiled CLI (build it with `npm run build:electron`).
//
// The Node version is checked before anything else is loaded: better-sqlite3 13 is built for
// Node ≥ 22.12 and crashes the process (SIGSEGV) under the Node 20 many office machines have.
// Only syntax every Node since 14 parses may appear above the dynamic import below.

const REQUIRED = [22, 12];

/** True when `version` ("20.20.2") is at least REQUIRED. */
function isSupported(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > REQUIRED[0] || (major === REQUIRED[0] && minor >= REQUIRED[1]);
}

if (!isSupported(process.versions.node)) {
  process.stderr.write(
    `统计工作台命令行需要 Node ${REQUIRED.join('.')} 或更高版本，当前是 ${process.versions.node}，未执行任何操作。\n` +
      '请在项目文件夹中用 `npx statbench …` 或 `npm run cli -- …` 运行（它们使用项目自带的 Node 22），\n' +
      '或安装 Node 22 LTS（https://nodejs.org/zh-cn）后重试。\n',
  );
  process.exit(2);
}

const { existsSync } = await import('node:fs');
const entry = new URL('../dist/electron/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('统计工作台命令行尚未编译。请先在项目文件夹中运行 `npm run build:electron`，再重试。\n');
  process.exit(2);
}
const cli = await import(entry.href);
process.exitCode = await cli.runCli(process.argv.slice(2));
