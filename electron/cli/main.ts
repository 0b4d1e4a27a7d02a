import { parseArgs } from 'node:util';
import { UserFacingError } from '../services/user-facing-error.js';
import { exportForm, exportTemplate, importReturns, templateAutomap, templateList, templateRegister, type CliOptions, type CliResult } from './cli-commands.js';
import { CliUserError, openCliSession, type CliSession } from './cli-session.js';

/** Exit codes: 0 done, 1 internal fault (details on stderr), 2 the user's error (Chinese message on stderr). */
export const EXIT = { ok: 0, fault: 1, user: 2 } as const;

export const USAGE = `统计工作台命令行（statbench）

用法：
  statbench template register <工作簿> <模板文件> [--name 名称]
  statbench template list <工作簿>
  statbench template automap <工作簿> <模板编号> --form <表式编号或代码> [--save]
  statbench export <工作簿> --template <编号> --period 2023-11 (--unit <单位代码> | --all-units) --out <文件夹>
  statbench import <工作簿> --template <编号> --period 2023-11 <文件或文件夹>... [--unit <单位代码>] [--commit]
  statbench export-form <工作簿> --form <编号> --unit <单位代码> --period 2023-11 [--out <文件> [--format xlsx|csv] [--encoding gbk]]
    （不加 --out 时在标准输出打印表式，数字与工作台显示一致；加 --out 时按扩展名或 --format 导出文件）

每个命令都支持 --json（在标准输出打印机器可读的结果）。
退出码：0 成功；2 输入或数据有误（原因见标准错误）；1 程序内部错误。`;

type Command = (session: CliSession, positionals: string[], options: CliOptions) => Promise<CliResult>;

const COMMANDS: Record<string, { workbookAt: number; run: Command }> = {
  'template register': { workbookAt: 2, run: (s, p, o) => templateRegister(s, p[3] ?? missing('<模板文件>'), o) },
  'template list': { workbookAt: 2, run: (s) => templateList(s) },
  'template automap': { workbookAt: 2, run: (s, p, o) => templateAutomap(s, p[3], o) },
  export: { workbookAt: 1, run: (s, _p, o) => exportTemplate(s, o) },
  import: { workbookAt: 1, run: (s, p, o) => importReturns(s, p.slice(2), o) },
  'export-form': { workbookAt: 1, run: (s, _p, o) => exportForm(s, o) },
};

function missing(what: string): never {
  throw new CliUserError(`缺少参数 ${what}。\n\n${USAGE}`);
}

/** Output channels, replaceable in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/**
 * Runs one command line (without "node statbench") and returns the exit code. With --json the
 * result goes to stdout as one JSON document and nothing else is printed there; messages for
 * people (progress, refusals) go to stderr.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        name: { type: 'string' },
        form: { type: 'string' },
        save: { type: 'boolean', default: false },
        template: { type: 'string' },
        period: { type: 'string' },
        unit: { type: 'string' },
        'all-units': { type: 'boolean', default: false },
        out: { type: 'string' },
        commit: { type: 'boolean', default: false },
        format: { type: 'string' },
        encoding: { type: 'string' },
      },
    });
  } catch (error) {
    io.err(`参数有误：${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return EXIT.user;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    io.out(USAGE);
    return values.help ? EXIT.ok : EXIT.user;
  }
  const key = positionals[0] === 'template' ? `template ${positionals[1] ?? ''}` : (positionals[0] ?? '');
  const command = COMMANDS[key];
  if (!command) {
    io.err(`未知的命令“${positionals.slice(0, 2).join(' ')}”。\n\n${USAGE}`);
    return EXIT.user;
  }
  const workbook = positionals[command.workbookAt];
  if (workbook === undefined) {
    io.err(`缺少参数 <工作簿>。\n\n${USAGE}`);
    return EXIT.user;
  }
  const options: CliOptions = { ...values, allUnits: values['all-units'] };
  let session: CliSession | null = null;
  try {
    session = openCliSession(workbook, (p) => {
      if (!values.json) io.err(`${p.label}：${p.done}/${p.total}`);
    });
    const result = await command.run(session, positionals, options);
    io.out(values.json ? JSON.stringify(result.value, null, 2) : result.lines.join('\n'));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliUserError || error instanceof UserFacingError) {
      io.err(error.message);
      return EXIT.user;
    }
    io.err(`程序内部错误：${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.fault;
  } finally {
    session?.close();
  }
}
