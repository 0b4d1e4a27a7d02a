import { extname, resolve } from 'node:path';
import { type Form, type ReportingUnit } from '../../shared/domain/catalog.js';
import { type FormView } from '../../shared/domain/grid.js';
import { type ImportPreview } from '../../shared/domain/template.js';
import { formTable, formTableLines } from '../services/templates/form-table.js';
import { CliUserError, type CliSession } from './cli-session.js';

/** Parsed options of one command line (see USAGE in main.ts). */
export interface CliOptions {
  json: boolean;
  name?: string | undefined;
  form?: string | undefined;
  save: boolean;
  template?: string | undefined;
  period?: string | undefined;
  unit?: string | undefined;
  allUnits: boolean;
  out?: string | undefined;
  commit: boolean;
  format?: string | undefined;
  encoding?: string | undefined;
  /** `narrative --indicators A01,A02`: indicator codes, comma-separated. */
  indicators?: string | undefined;
  /** `report --consolidated`: the 汇总 of the unit rather than its own figures. */
  consolidated?: boolean | undefined;
}

/** A command's machine-readable result and its human-readable lines. */
export interface CliResult {
  value: unknown;
  lines: string[];
  /** Exit code when the command ran but its answer is "no" (audit: a 强制 finding stands); default 0. */
  exitCode?: number;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new CliUserError(`缺少参数 ${flag}。`);
  return value;
}

function id(value: string | undefined, flag: string): number {
  const text = required(value, flag);
  if (!/^[1-9]\d*$/.test(text)) throw new CliUserError(`${flag} 应为正整数编号，收到“${text}”。`);
  return Number(text);
}

/** A unit by its code (as the clerk knows it), or by name. */
export async function findUnit(session: CliSession, code: string): Promise<ReportingUnit> {
  const units = await session.call('units:list', undefined);
  const unit = units.find((u) => u.code === code) ?? units.find((u) => u.name === code);
  if (!unit) throw new CliUserError(`找不到代码为“${code}”的填报单位。可用的单位：${units.map((u) => `${u.code} ${u.name}`).join('，')}。`);
  return unit;
}

async function unitId(session: CliSession, code: string): Promise<number> {
  return (await findUnit(session, code)).id;
}

/** A form by numeric id or by code (YQ01). */
async function findForm(session: CliSession, value: string | undefined): Promise<Form> {
  const text = required(value, '--form');
  const { forms } = await session.call('catalog:get', {});
  const form = forms.find((f) => String(f.id) === text || f.code === text);
  if (!form) throw new CliUserError(`找不到表式“${text}”。可用的表式：${forms.map((f) => `${f.id} ${f.code} ${f.name}`).join('，')}。`);
  return form;
}

async function formId(session: CliSession, value: string | undefined): Promise<number> {
  return (await findForm(session, value)).id;
}

/** `template register`: stores a template file in the workbook. */
export async function templateRegister(session: CliSession, file: string, options: CliOptions): Promise<CliResult> {
  const template = await session.call('templates:register', { path: resolve(file), ...(options.name === undefined ? {} : { name: options.name }) });
  return { value: template, lines: [`已登记模板 ${template.id}“${template.name}”（${template.fileName}，工作表：${template.sheetNames.join('、')}）。`] };
}

/** `template list`: the registered templates with their binding counts. */
export async function templateList(session: CliSession): Promise<CliResult> {
  const templates = await session.call('templates:list', undefined);
  const lines = templates.length === 0 ? ['工作簿中还没有登记模板。'] : templates.map((t) => `${t.id}\t${t.name}\t${t.fileName}\t已映射 ${t.bindingCount} 个单元格`);
  return { value: templates, lines };
}

/** `template automap`: proposes bindings against a form's indicators; --save stores them. */
export async function templateAutomap(session: CliSession, templateArg: string | undefined, options: CliOptions): Promise<CliResult> {
  const templateId = id(templateArg, '<模板编号>');
  const proposals = await session.call('templates:autoMap', { templateId, formId: await formId(session, options.form) });
  const lines = proposals.map((p) => {
    const status = p.status === 'confident' ? '确定' : `待确认：${p.doubts.join('；')}`;
    return `${p.sheet}!${p.cell}\t指标 ${p.indicatorId}\t${p.figure}\t${p.unit ?? ''}\t${p.confidence.toFixed(2)}\t${status}\t${p.reason}`;
  });
  const pending = proposals.filter((p) => p.status === 'pending').length;
  if (!options.save) return { value: { proposals, saved: false, pending }, lines: [...lines, `共 ${proposals.length} 个建议（${pending} 个待确认），未保存（加 --save 保存确定的建议）。`] };
  // Only confident proposals are saved: a 待确认 one is a guess the clerk decides in the workbench.
  const bindings = proposals.filter((p) => p.status === 'confident').map(({ sheet, cell, indicatorId, figure, unit, periodOffset }) => ({ sheet, cell, indicatorId, figure, unit, periodOffset }));
  const view = await session.call('templates:saveBindings', { templateId, bindings });
  const waiting = pending === 0 ? '' : `${pending} 个待确认的建议未保存，请在工作台“报表模板”中逐个确认。`;
  return { value: { proposals, saved: true, bindingCount: view.bindings.length, pending }, lines: [...lines, `已保存 ${view.bindings.length} 个确定的映射。${waiting}`] };
}

/** `export`: fills a template for one unit or all units and a period. */
export async function exportTemplate(session: CliSession, options: CliOptions): Promise<CliResult> {
  const templateId = id(options.template, '--template');
  let unitIds: number[];
  if (options.allUnits) unitIds = (await session.call('units:list', undefined)).map((u) => u.id);
  else unitIds = [await unitId(session, required(options.unit, '--unit 或 --all-units'))];
  const result = await session.call('templates:export', { templateId, unitIds, period: required(options.period, '--period'), outputDir: resolve(required(options.out, '--out')) });
  return { value: result, lines: [...result.files.map((f) => `已导出：${f}`), ...result.notes] };
}

/** `import`: previews filled returns against the workbook; --commit writes them. */
export async function importReturns(session: CliSession, paths: string[], options: CliOptions): Promise<CliResult> {
  if (paths.length === 0) throw new CliUserError('请指定要导入的文件或文件夹。');
  const preview = await session.call('imports:preview', {
    templateId: id(options.template, '--template'),
    paths: paths.map((p) => resolve(p)),
    period: required(options.period, '--period'),
    ...(options.unit === undefined ? {} : { unitId: await unitId(session, options.unit) }),
  });
  const lines = previewLines(preview);
  if (!options.commit) {
    await session.call('imports:cancel', { previewId: preview.previewId });
    return { value: { preview, committed: false }, lines: [...lines, '仅预览，未写入任何数据（加 --commit 导入）。'] };
  }
  if (!preview.canCommit) {
    await session.call('imports:cancel', { previewId: preview.previewId });
    throw new CliUserError([...lines, '预览中有问题，未导入任何数据。请修正原表后重试。'].join('\n'));
  }
  const commit = await session.call('imports:commit', { previewId: preview.previewId });
  return { value: { preview, committed: true, commit }, lines: [...lines, `已导入 ${commit.applied} 个单元格（可在工作台中一次撤销）。`] };
}

/** What `export-form` prints without --out: the table as the grid shows it, and the view model behind it. */
export interface FormPrintout {
  title: string;
  subtitle: string;
  header: string[];
  /** Each row's cells as printed (section rows have only their title). */
  rows: string[][];
  foot: string[];
  /** The form view model itself: exact values, states and display strings. */
  view: FormView;
}

/**
 * `export-form`: with --out, writes the form view as .xlsx or CSV through the same exporter as
 * the app (format from --format, else from the file's extension); without --out, prints the
 * form table to stdout — the view's columns and each cell's display string, tab-separated, with
 * the notes under it (--json prints the same table and the view model).
 */
export async function exportForm(session: CliSession, options: CliOptions): Promise<CliResult> {
  const form = await findForm(session, options.form);
  const unit = await findUnit(session, required(options.unit, '--unit'));
  const period = required(options.period, '--period');
  if (options.out === undefined) {
    if (options.format !== undefined || options.encoding !== undefined) throw new CliUserError('--format 和 --encoding 用于导出文件，请同时指定 --out <文件>。');
    const view = await session.call('grid:formView', { formId: form.id, unitId: unit.id, period });
    const table = formTable(view, form.name, unit.name);
    const lines = formTableLines(table, true);
    const rows = lines.slice(3, 3 + table.rows.length);
    const printout: FormPrintout = { title: table.title, subtitle: table.subtitle, header: table.header, rows, foot: table.foot, view };
    return { value: printout, lines: lines.map((cells) => cells.join('\t')) };
  }
  const out = required(options.out, '--out');
  const format = options.format ?? extname(out).slice(1).toLowerCase();
  if (format !== 'xlsx' && format !== 'csv') throw new CliUserError(`--format 只能是 xlsx 或 csv，收到“${format}”。`);
  const encoding = options.encoding === undefined || options.encoding === 'utf-8' || options.encoding === 'utf8' ? 'utf-8-bom' : options.encoding;
  if (encoding !== 'utf-8-bom' && encoding !== 'gbk') throw new CliUserError(`--encoding 只能是 utf-8 或 gbk，收到“${options.encoding ?? ''}”。`);
  const result = await session.call('exports:formView', { formId: form.id, unitId: unit.id, period, format, encoding, outputPath: resolve(out) });
  return { value: result, lines: [...result.files.map((f) => `已导出：${f}`), ...result.notes] };
}

function previewLines(preview: ImportPreview): string[] {
  const lines: string[] = [];
  for (const file of preview.files) {
    lines.push(`${file.fileName}（${file.unitName ?? '单位未知'}）`);
    for (const problem of file.problems) lines.push(`  问题：${problem}`);
    for (const cell of file.cells) {
      if (cell.status === 'unchanged') continue;
      const what = `  ${cell.sheet}!${cell.cell} ${cell.indicatorName} ${cell.period}`;
      if (cell.status === 'problem') lines.push(`${what} 问题：${cell.message ?? ''}`);
      else lines.push(`${what} ${cell.status === 'new' ? '新增' : '修改'}：${cell.oldValue ?? '（空）'} → ${cell.newValue ?? '（空）'}`);
    }
  }
  const c = preview.counts;
  lines.push(`合计：新增 ${c.new}，修改 ${c.changed}，不变 ${c.unchanged}，问题 ${c.problem}。`);
  return lines;
}
