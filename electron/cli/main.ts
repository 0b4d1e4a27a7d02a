import { parseArgs } from 'node:util';
import { osFailureError, UserFacingError } from '../services/user-facing-error.js';
import { backupCommand, backupsCommand, checkCommand, cliFaultLog, prepareWorkbook } from './backup-commands.js';
import { exportForm, exportTemplate, importReturns, templateAutomap, templateList, templateRegister, type CliOptions, type CliResult } from './cli-commands.js';
import { CliUserError, openCliSession, type CliSession } from './cli-session.js';
import { auditCommand, EXIT_HARD_FINDINGS } from './audit-command.js';
import { narrativeCommand } from './narrative-command.js';
import { reportCommand } from './report-command.js';

/** Exit codes: 0 done, 1 internal fault (details in the log file), 2 the user's error (Chinese message on stderr), 3 damaged workbook (check). */
export const EXIT = { ok: 0, fault: 1, user: 2, damaged: 3 } as const;

export const USAGE = `统计工作台命令行（statbench）

用法：
  statbench template register <工作簿> <模板文件> [--name 名称]
  statbench template list <工作簿>
  statbench template automap <工作簿> <模板编号> --form <表式编号或代码> [--save]
  statbench export <工作簿> --template <编号> --period 2023-11 (--unit <单位代码> | --all-units) --out <文件夹>
  statbench import <工作簿> --template <编号> --period 2023-11 <文件或文件夹>... [--unit <单位代码>] [--commit]
  statbench export-form <工作簿> --form <编号> --unit <单位代码> --period 2023-11 [--out <文件> [--format xlsx|csv] [--encoding gbk]]
    （不加 --out 时在标准输出打印表式，数字与工作台显示一致；加 --out 时按扩展名或 --format 导出文件）
  statbench narrative <工作簿> --unit <单位代码> --period 2023-11 [--indicators 代码,代码…] [--consolidated]
    （按工作簿中保存的工作总结模板，在标准输出打印该单位该期的工作总结段落；有下级单位时按其汇总数据撰写）
  statbench report <工作簿> --unit <单位代码> --period 2024-06 [--consolidated] [--form <编号或代码>] [--format csv|json]
    （打印单位该期的表式；加 --consolidated 打印其下各单位的汇总）
  statbench audit <工作簿> --period 2024-06 [--unit <单位代码>] [--form <编号或代码>] [--out <审核说明.xlsx>]
    （审核：打印规则、类别、单位、指标、期别、问题与说明；有强制性问题时退出码为 ${EXIT_HARD_FINDINGS}）
  statbench backup <工作簿> [--name 名称]      立即备份（加 --name 为命名快照，不会被自动轮换删除）
  statbench backups <工作簿>                  列出备份（在“<工作簿名>-备份”文件夹中，工作簿旁或所选备份位置）
  statbench check <工作簿>                    完整性检查（退出码 0 完好，3 已损坏）

每个命令都支持 --json（在标准输出打印机器可读的结果）。
退出码：0 成功；2 输入或数据有误（原因见标准错误）；3 工作簿已损坏（check）；1 程序内部错误（详情写入日志文件）。`;

type Command = (session: CliSession, positionals: string[], options: CliOptions) => Promise<CliResult>;

const COMMANDS: Record<string, { workbookAt: number; run: Command }> = {
  'template register': { workbookAt: 2, run: (s, p, o) => templateRegister(s, p[3] ?? missing('<模板文件>'), o) },
  'template list': { workbookAt: 2, run: (s) => templateList(s) },
  'template automap': { workbookAt: 2, run: (s, p, o) => templateAutomap(s, p[3], o) },
  export: { workbookAt: 1, run: (s, _p, o) => exportTemplate(s, o) },
  import: { workbookAt: 1, run: (s, p, o) => importReturns(s, p.slice(2), o) },
  'export-form': { workbookAt: 1, run: (s, _p, o) => exportForm(s, o) },
  narrative: { workbookAt: 1, run: (s, _p, o) => narrativeCommand(s, o) },
  report: { workbookAt: 1, run: (s, _p, o) => reportCommand(s, o) },
  audit: { workbookAt: 1, run: (s, _p, o) => auditCommand(s, o) },
  backup: { workbookAt: 1, run: (s, _p, o) => backupCommand(s, o) },
  backups: { workbookAt: 1, run: (s) => backupsCommand(s) },
  // Runs without a session (see runCli): checking must not lock, migrate or back up the file.
  check: { workbookAt: 1, run: () => Promise.reject(new Error('check runs without a session')) },
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
        indicators: { type: 'string' },
        consolidated: { type: 'boolean', default: false },
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
  const faults = cliFaultLog();
  try {
    if (key === 'check') {
      const { damaged, result } = checkCommand(workbook);
      if (values.json) io.out(JSON.stringify(result.value, null, 2));
      else if (damaged) io.err(result.lines.join('\n'));
      else io.out(result.lines.join('\n'));
      return damaged ? EXIT.damaged : EXIT.ok;
    }
    await prepareWorkbook(workbook, faults);
    session = openCliSession(workbook, (p) => {
      if (!values.json) io.err(`${p.label}：${p.done}/${p.total}`);
    });
    const result = await command.run(session, positionals, options);
    io.out(values.json ? JSON.stringify(result.value, null, 2) : result.lines.join('\n'));
    return result.exitCode ?? EXIT.ok;
  } catch (error) {
    if (error instanceof CliUserError || error instanceof UserFacingError) {
      io.err(error.message);
      return EXIT.user;
    }
    // A full disk, a file in use, a missing permission: the user's to fix, in Chinese.
    const failure = osFailureError(error, '操作', { file: workbook });
    if (failure) {
      io.err(failure.message);
      return EXIT.user;
    }
    // The stack goes to the log file, never to the clerk's console.
    faults.log(`cli ${key}`, error);
    io.err(`程序内部错误，操作未完成。详细信息已写入日志：${faults.path}\n请把该文件发给技术支持。`);
    return EXIT.fault;
  } finally {
    session?.close();
  }
}
