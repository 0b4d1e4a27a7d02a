import { type AuditFindingView, type AuditReport } from '../../../shared/api/audit-api.js';
import { type ExportResult } from '../../../shared/api/template-api.js';
import { SEVERITY_LABELS } from '../../../shared/audit/audit-rules.js';
import { periodWords } from '../../../shared/stats/index.js';
import { type WorkbookSession } from '../context.js';
import { writeExportFile } from '../excel/export-file.js';
import { type PaperTable, paperSheetXlsx } from '../templates/paper-sheet.js';
import { auditReport } from './run-audit.js';

/** One unit's audit of one form, with the names the 审核说明 prints. */
export interface NamedAuditReport {
  unitName: string;
  unitCode: string;
  formName: string;
  report: AuditReport;
}

/** A finding's explanation as printed: the clerk's, else “未说明” for a 提示 (a 强制 finding must be fixed, not explained). */
function explanationText(finding: AuditFindingView): string {
  if (finding.explanation !== null) return finding.explanation;
  return finding.severity === 'soft' ? '（未说明）' : '';
}

/**
 * The 审核说明 the bureau asks for, laid out on paper: one line per finding (强制 first) with
 * the unit, the indicator, the rule, the message and the clerk's explanation; 强制 findings and
 * unexplained 提示 findings in red. Rules that could not run are listed under the table.
 */
export function auditPaper(reports: readonly NamedAuditReport[], period: string): PaperTable {
  const header = ['单位', '指标', '代码', '类别', '审核规则', '问题', '说明'];
  const rows: PaperTable['rows'] = [];
  const problems = new Set<string>();
  for (const { unitName, report } of reports) {
    for (const finding of [...report.hard, ...report.soft]) {
      rows.push({
        kind: 'line',
        depth: 0,
        alert: finding.severity === 'hard' || finding.explanation === null,
        cells: [
          { kind: 'text', display: unitName },
          { kind: 'text', display: finding.indicatorName },
          { kind: 'text', display: finding.indicatorCode },
          { kind: 'text', display: SEVERITY_LABELS[finding.severity] },
          { kind: 'text', display: finding.ruleName },
          { kind: 'text', display: finding.message },
          { kind: 'text', display: explanationText(finding) },
        ],
      });
    }
    for (const problem of report.problems) problems.add(`规则“${problem.ruleName}”未能运行：${problem.message}`);
  }
  const hard = reports.reduce((n, r) => n + r.report.hard.length, 0);
  const soft = reports.reduce((n, r) => n + r.report.soft.length, 0);
  const unexplained = reports.reduce((n, r) => n + r.report.unexplained, 0);
  const formNames = [...new Set(reports.map((r) => r.formName))].join('、');
  const unitWord = reports.length === 1 ? `填报单位：${reports[0]?.unitName ?? ''}` : `填报单位：${new Set(reports.map((r) => r.unitCode)).size} 个`;
  return {
    title: `审核说明（${formNames}）`,
    info: [unitWord, `期别：${periodWords(period)}`, `强制 ${hard} 条 · 提示 ${soft} 条（未说明 ${unexplained} 条）`],
    header,
    align: ['left', 'left', 'center', 'center', 'left', 'left', 'left'],
    frozenColumns: 2,
    rows: rows.length > 0 ? rows : [{ kind: 'section', title: '审核通过，未发现问题。' }],
    foot: [...problems],
  };
}

/** The .xlsx of {@link auditPaper}. */
export function auditXlsx(reports: readonly NamedAuditReport[], period: string, fileName: string): Promise<Buffer> {
  return paperSheetXlsx(auditPaper(reports, period), '审核说明', fileName);
}

/**
 * Exports a unit's audit of a form for a month (findings with their explanations) as .xlsx
 * ready to print, atomically; an existing file is never replaced ("(2)" is appended).
 * @throws UserFacingError naming the file when it cannot be written.
 */
export async function exportAudit(session: WorkbookSession, unitId: number, formId: number, period: string, outputPath: string): Promise<ExportResult> {
  const report = auditReport(session, unitId, formId, period);
  const unit = session.statement('SELECT code, name FROM reporting_units WHERE id = ?').get(unitId) as { code: string; name: string };
  const form = session.statement('SELECT name FROM forms WHERE id = ?').get(formId) as { name: string };
  const named: NamedAuditReport = { unitName: unit.name, unitCode: unit.code, formName: form.name, report };
  return writeExportFile(outputPath, 'xlsx', (fileName) => auditXlsx([named], period, fileName));
}
