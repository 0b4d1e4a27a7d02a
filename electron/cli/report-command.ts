import { type FormView } from '../../shared/domain/grid.js';
import { csvText } from '../services/excel/csv-write.js';
import { formTable, formTableLines } from '../services/templates/form-table.js';
import { type CliOptions, type CliResult, findUnit } from './cli-commands.js';
import { CliUserError, type CliSession } from './cli-session.js';

/**
 * `report`: prints the form view of a unit for a month, or with `--consolidated` the form view of
 * its 汇总 (the units under it summed by each indicator's rule), as CSV (default; the figures as
 * the workbench shows them, without thousands separators) or as the JSON view model
 * (`--format json`, or `--json`). `--form` picks the form (id or code; default the first).
 */
export async function reportCommand(session: CliSession, options: CliOptions): Promise<CliResult> {
  const code = options.unit;
  if (code === undefined || code === '') throw new CliUserError('缺少参数 --unit（填报单位代码）。');
  const period = options.period;
  if (period === undefined || period === '') throw new CliUserError('缺少参数 --period（如 2024-06）。');
  const format = options.json ? 'json' : (options.format ?? 'csv');
  if (format !== 'csv' && format !== 'json') throw new CliUserError(`--format 只能是 csv 或 json，收到“${format}”。`);
  const unit = await findUnit(session, code);
  const { forms } = await session.call('catalog:get', {});
  const form = options.form === undefined ? forms[0] : forms.find((f) => String(f.id) === options.form || f.code === options.form);
  if (!form) throw new CliUserError(`找不到表式“${options.form ?? ''}”。可用的表式：${forms.map((f) => `${f.id} ${f.code} ${f.name}`).join('，')}。`);
  const view: FormView = options.consolidated
    ? await session.call('consolidation:formView', { formId: form.id, unitId: unit.id, period })
    : await session.call('grid:formView', { formId: form.id, unitId: unit.id, period });
  if (format === 'json') return { value: view, lines: [JSON.stringify(view, null, 2)] };
  const table = formTable(view, form.name, options.consolidated ? `${unit.name}（汇总）` : unit.name);
  return { value: view, lines: [csvText(formTableLines(table, false)).trimEnd()] };
}
