// First step of `npm test`: makes sure the machine has what the tests use besides npm packages —
// Chromium (end-to-end tests), the Noto CJK fonts (screenshots show Chinese, not boxes) and
// LibreOffice Calc (the independent reader of exported files). Installs what is missing with apt
// when it can (root, or sudo without a password); otherwise prints the exact command and fails.
import { spawnSync } from 'node:child_process';
import process from 'node:process';

/** True when `command` is found on PATH. */
function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** True when fontconfig knows a Noto Sans CJK font. */
function hasCjkFont() {
  if (!has('fc-list')) return false;
  const result = spawnSync('fc-list', [], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return result.status === 0 && /Noto Sans CJK/i.test(result.stdout);
}

/** The apt packages this machine lacks. */
function missingPackages() {
  const missing = [];
  if (!has('chromium')) missing.push('chromium');
  if (!hasCjkFont()) missing.push('fonts-noto-cjk');
  if (!has('soffice')) missing.push('libreoffice-calc');
  return missing;
}

function run(argv) {
  process.stdout.write(`系统软件包：${argv.join(' ')}\n`);
  const result = spawnSync(argv[0], argv.slice(1), {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

function main() {
  if (process.platform !== 'linux') {
    // The test suite drives Debian's Chromium; on other systems the e2e tests say what they need.
    return 0;
  }
  const missing = missingPackages();
  if (missing.length === 0) return 0;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (!has('apt-get')) {
    process.stderr.write(`测试需要以下系统软件：${missing.join('、')}，本机没有 apt-get，请用本系统的包管理器安装后重试。\n`);
    return 1;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = isRoot ? [] : ['sudo', '-n'];
  if (!isRoot && !(has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0)) {
    process.stderr.write(`测试需要以下系统软件：${missing.join('、')}。请以管理员身份运行：\n  sudo sh -c '${command}'\n然后再运行 npm test。\n`);
    return 1;
  }
  const ok = run([...prefix, 'apt-get', 'update', '-q']) && run([...prefix, 'apt-get', 'install', '-y', '-q', ...missing]);
  const still = ok ? missingPackages() : missing;
  if (still.length > 0) {
    process.stderr.write(`未能安装：${still.join('、')}。请检查网络或软件源后运行：\n  sudo sh -c 'apt-get update && apt-get install -y ${still.join(' ')}'\n`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
