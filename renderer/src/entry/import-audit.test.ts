import { describe, expect, it } from 'vitest';
import { type AuditFindingView, type AuditReport } from '../../../shared/api/audit-api.js';
import { type ImportPreview } from '../../../shared/domain/template.js';
import { auditImport } from './import-audit.js';

const cell = (status: 'new' | 'changed' | 'unchanged' | 'problem') => ({ sheet: 'S', cell: 'B3', indicatorId: 1, indicatorName: '产值', field: 'month', period: '2024-03', oldValue: null, newValue: '1', status });
const file = (unitId: number | null, unitName: string | null, statuses: Array<'new' | 'changed' | 'unchanged' | 'problem'>) => ({ path: `${unitId}.xlsx`, fileName: `${unitId}.xlsx`, unitId, unitName, cells: statuses.map(cell), problems: [] });

const preview: ImportPreview = {
  previewId: 'p',
  templateId: 1,
  period: '2024-03',
  files: [file(3, '甲公司', ['new']), file(4, '乙公司', ['unchanged']), file(null, null, ['changed']), file(3, '甲公司', ['changed'])],
  counts: { new: 1, changed: 2, unchanged: 1, problem: 0 },
  canCommit: true,
};

const finding = (severity: 'hard' | 'soft', message: string): AuditFindingView =>
  ({ ruleKey: 'r', ruleName: 'r', severity, indicatorId: 1, indicatorCode: 'A', indicatorName: '产值', column: 'cumulative', period: '2024-03', message, explanation: null, previousExplanation: null });

const report = (hard: string[], soft: string[]): AuditReport => ({
  unitId: 0,
  formId: 1,
  period: '2024-03',
  hard: hard.map((m) => finding('hard', m)),
  soft: soft.map((m) => finding('soft', m)),
  unexplained: soft.length,
  problems: [],
  passed: hard.length === 0 && soft.length === 0,
});

describe('auditImport', () => {
  it('audits each unit the import wrote to once, for the import month, 强制 messages first', async () => {
    const asked: unknown[] = [];
    const summary = await auditImport(preview, 3, 7, 9, (where) => {
      asked.push(where);
      return Promise.resolve(where.unitId === 3 ? report(['其中项大于合计'], ['同比增长507%', '疑似单位混用', '必填']) : report([], []));
    });
    // Unit 4's file changed nothing; the file without a unit went to the unit the import ran for.
    expect(asked).toEqual([
      { unitId: 3, formId: 7, period: '2024-03' },
      { unitId: 9, formId: 7, period: '2024-03' },
    ]);
    expect(summary.applied).toBe(3);
    expect(summary.rows[0]).toMatchObject({ unitName: '甲公司', hard: 1, soft: 3, messages: ['强制：其中项大于合计', '提示：同比增长507%', '提示：疑似单位混用'] });
    expect(summary.rows[1]).toMatchObject({ unitName: '本单位', hard: 0, soft: 0, messages: [] });
    expect(summary.error).toBeNull();
  });

  it('reports an audit that fails without losing the import', async () => {
    const summary = await auditImport(preview, 3, 7, 9, () => Promise.reject(new Error('工作簿已关闭')));
    expect(summary).toMatchObject({ applied: 3, rows: [], error: '审核未能完成：工作簿已关闭' });
  });
});
