import { resolve } from 'node:path';
import { type AuditFindingView, type AuditReport } from '../../shared/api/audit-api.js';
import { SEVERITY_LABELS } from '../../shared/audit/audit-rules.js';
import { type Form, type ReportingUnit } from '../../shared/domain/catalog.js';
import { periodSchema } from '../../shared/api/schemas.js';
import { auditXlsx, type NamedAuditReport } from '../services/audit/audit-export.js';
import { writeExportFile } from '../services/excel/export-file.js';
import { type CliOptions, type CliResult, findUnit } from './cli-commands.js';
import { CliUserError, type CliSession } from './cli-session.js';

/** Exit code of `audit` when a 强制 finding stands (0: none; 2: bad input; 1: internal fault). */
export const EXIT_HARD_FINDINGS = 3;

/** One finding as `audit --json` prints it. */
export interface AuditCliFinding {
  rule: string;
  ruleKey: string;
  severity: '强制' | '提示';
  unit: string;
  unitCode: string;
  form: string;
  indicator: string;
  indicatorCode: string;
  period: string;
  message: string;
  explanation: string | null;
}

function cliFinding(unit: ReportingUnit, form: Form, finding: AuditFindingView): AuditCliFinding {
  return {
    rule: finding.ruleName,
    ruleKey: finding.ruleKey,
    severity: SEVERITY_LABELS[finding.severity] as '强制' | '提示',
    unit: unit.name,
    unitCode: unit.code,
    form: form.name,
    indicator: finding.indicatorName,
    indicatorCode: finding.indicatorCode,
    period: finding.period,
    message: finding.message,
    explanation: finding.explanation,
  };
}

/**
 * `audit`: runs the workbook's audit rules (built-in and its own, as switched on in the
 * workbook) on every form of one unit (`--unit`) or of every unit, for `--period`, and prints
 * the findings — rule, severity, unit, indicator, period, message, explanation — tab-separated,
 * or as JSON with `--json`. `--form` narrows to one form; `--out` also writes the 审核说明 .xlsx.
 * The exit code is 3 while a 强制 finding stands, so a county's script can stop a submission.
 */
export async function auditCommand(session: CliSession, options: CliOptions): Promise<CliResult> {
  const period = options.period;
  if (period === undefined || period === '') throw new CliUserError('缺少参数 --period（如 2024-06）。');
  if (!periodSchema.safeParse(period).success) throw new CliUserError(`--period 应为 年-月，如 2024-06，收到“${period}”。`);
  const units = options.unit === undefined ? await session.call('units:list', undefined) : [await findUnit(session, options.unit)];
  const { forms } = await session.call('catalog:get', {});
  const chosen = options.form === undefined ? forms : forms.filter((f) => String(f.id) === options.form || f.code === options.form);
  if (chosen.length === 0) throw new CliUserError(`找不到表式“${options.form ?? ''}”。可用的表式：${forms.map((f) => `${f.id} ${f.code} ${f.name}`).join('，')}。`);

  const audited: NamedAuditReport[] = [];
  const findings: AuditCliFinding[] = [];
  const problems = new Set<string>();
  for (const unit of units) {
    for (const form of chosen) {
      const report: AuditReport = await session.call('audit:run', { unitId: unit.id, formId: form.id, period });
      audited.push({ unitName: unit.name, unitCode: unit.code, formName: form.name, report });
      for (const finding of [...report.hard, ...report.soft]) findings.push(cliFinding(unit, form, finding));
      for (const problem of report.problems) problems.add(`规则“${problem.ruleName}”未能运行：${problem.message}`);
    }
  }
  const hard = findings.filter((f) => f.severity === '强制').length;
  const soft = findings.length - hard;
  const unexplained = findings.filter((f) => f.severity === '提示' && f.explanation === null).length;
  const lines = findings.map((f) => [f.severity, f.rule, `${f.unitCode} ${f.unit}`, `${f.indicatorCode} ${f.indicator}`, f.period, f.message, f.explanation ?? ''].join('\t'));
  lines.push(...problems);
  lines.push(
    findings.length === 0
      ? `审核通过：${units.length} 个单位 ${period} 未发现问题。`
      : `共 ${findings.length} 条：强制 ${hard} 条，提示 ${soft} 条（未说明 ${unexplained} 条）。${hard > 0 ? '有强制性问题，不能上报。' : ''}`,
  );
  let file: string | null = null;
  if (options.out !== undefined) {
    const written = await writeExportFile(resolve(options.out), 'xlsx', (fileName) => auditXlsx(audited, period, fileName));
    file = written.files[0] ?? null;
    lines.push(...written.files.map((f) => `已导出审核说明：${f}`), ...written.notes);
  }
  return {
    value: { period, passed: hard === 0, hard, soft, unexplained, findings, problems: [...problems], file },
    lines,
    exitCode: hard > 0 ? EXIT_HARD_FINDINGS : 0,
  };
}
