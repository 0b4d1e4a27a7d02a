import { type NarrativeResult } from '../../shared/api/narrative-api.js';
import { type CliOptions, type CliResult, findUnit } from './cli-commands.js';
import { CliUserError, type CliSession } from './cli-session.js';

/**
 * `narrative`: prints the 工作总结 paragraph of one unit and month (UTF-8), written with the
 * workbook's saved settings — of the unit's 汇总 when units are under it (or with `--consolidated`); `--indicators A01,A02` limits it to those indicator codes (and leaves out the ledger counts). Indicators
 * left out for lack of figures are listed on stderr-friendly lines after the paragraph only with
 * --json (the paragraph stays the only stdout text otherwise, so it can be piped into a file).
 */
export async function narrativeCommand(session: CliSession, options: CliOptions): Promise<CliResult> {
  const code = options.unit;
  if (code === undefined || code === '') throw new CliUserError('缺少参数 --unit（填报单位代码）。');
  const period = options.period;
  if (period === undefined || period === '') throw new CliUserError('缺少参数 --period（如 2023-11）。');
  const unit = await findUnit(session, code);
  const indicatorCodes = options.indicators
    ?.split(/[,，]/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const result: NarrativeResult = await session.call('narrative:generate', {
    unitId: unit.id,
    period,
    // A node with units under it is written from its 汇总 by default; --consolidated insists on it.
    ...(options.consolidated === true ? { consolidated: true } : {}),
    // --indicators limits the paragraph to them: no 项目台账 / 企业名录 counts either.
    ...(indicatorCodes === undefined || indicatorCodes.length === 0 ? {} : { indicatorCodes, ledgers: false }),
  });
  if (result.text === '') throw new CliUserError(`${unit.name} ${period} 所选指标都没有数据，没有可写的内容。`);
  return { value: result, lines: [result.text] };
}
