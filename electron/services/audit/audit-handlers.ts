import { type AuditReport, type RuleCheck } from '../../../shared/api/audit-api.js';
import { parseRule, RuleSyntaxError } from '../../../shared/audit/rule-syntax.js';
import { periodWords } from '../../../shared/stats/index.js';
import { type AppContext, requireSession } from '../context.js';
import { type HandlerMap, mutation } from '../handler-map.js';
import { sessionIndicators } from '../grid/save-changes.js';
import { UserFacingError } from '../user-facing-error.js';
import { loadRules, removeRule, ruleName, saveRule, setRuleEnabled, writeExplanations } from './audit-repo.js';
import { resolvePath } from '../templates/template-handlers.js';
import { exportAudit } from './audit-export.js';
import { copyPreviousPeriod } from './copy-previous.js';
import { periodStatus, submitPeriod, unlockPeriod } from './period-workflow.js';
import { auditImportPreview } from './import-preview-audit.js';
import { auditReport } from './run-audit.js';

/** Phrases the explanation box offers; typed text is always allowed too. */
const EXPLANATION_PHRASES = ['企业新投产', '新项目入统', '重点项目集中投资', '口径调整', '季节因素', '上年同期基数较低', '上年同期基数较高', '企业停产检修', '价格因素', '已与企业核实，数据无误'];

function checkExpression(expression: string): RuleCheck {
  try {
    parseRule(expression);
    return { ok: true };
  } catch (error) {
    if (error instanceof RuleSyntaxError) return { ok: false, message: error.message, position: error.position };
    throw error;
  }
}

function unitName(ctx: AppContext, unitId: number): string {
  const row = requireSession(ctx).statement('SELECT name FROM reporting_units WHERE id = ?').get(unitId) as { name: string } | undefined;
  return row?.name ?? '';
}

/**
 * Handlers of the audit:* and period:* channels: the audit (审核) of a unit's form for a month
 * (`YYYY-MM`), explanations (填写说明), rules, 上报/撤回 and 复制上期. Writes are mutations
 * (explanations, rules and 复制上期 are undo steps; 上报/撤回 are logged but never undone by Ctrl+Z,
 * so a lock is only lifted with a reason). Refusals are Chinese messages.
 */
export const auditHandlers = {
  /** Runs every enabled rule on a unit's form for a month: findings grouped by severity, with explanations. */
  'audit:run': (ctx, { unitId, formId, period }): AuditReport => auditReport(requireSession(ctx), unitId, formId, period),
  /** The audit of a pending import preview's incoming values, before the commit: findings naming the return's cells. */
  'audit:importPreview': (ctx, { previewId, formId }) => auditImportPreview(requireSession(ctx), previewId, formId),
  /** Saves or clears the explanation of one or several findings at once; answers with the fresh report. */
  'audit:explain': mutation({
    describe: ({ findings, text }) => (text === null || text.trim() === '' ? `清除 ${findings.length} 条审核说明` : `填写 ${findings.length} 条审核说明`),
    run: (_ctx, { unitId, formId, period, findings, text }, scope) => {
      const { session } = scope;
      const indicators = sessionIndicators(session);
      if (findings.some((f) => !indicators.has(f.indicatorId))) throw new UserFacingError('要说明的指标已不存在，请重新审核。');
      // The explanations go up with the return: a submitted month keeps them as submitted.
      if (periodStatus(session, unitId, formId, period).locked) throw new UserFacingError(`${periodWords(period)}已上报，审核说明不能再修改。如需修改，请先撤回上报（需填写原因）。`);
      const trimmed = text === null || text.trim() === '' ? null : text.trim();
      writeExplanations(session, unitId, period, findings, trimmed, scope.at);
      return auditReport(session, unitId, formId, period);
    },
  }),
  /** The 审核说明 as .xlsx: every finding with its explanation, in the paper layout of the exports. */
  'audit:export': (ctx, { unitId, formId, period, outputPath }) => exportAudit(requireSession(ctx), unitId, formId, period, resolvePath(ctx, outputPath)),
  'audit:phrases': () => EXPLANATION_PHRASES,
  /** Every rule: built-in (with this workbook's switch) and the workbook's own. */
  'audit:rules': (ctx) => loadRules(requireSession(ctx)),
  /** The formula's syntax error with its position, for the rule editor; nothing is saved. */
  'audit:checkRule': (_ctx, { expression }) => checkExpression(expression),
  /** Adds or changes a workbook rule; a formula with a syntax error is refused with its position. */
  'audit:saveRule': mutation({
    describe: ({ id, fields }) => `${id === null ? '新增' : '修改'}审核规则“${fields.name}”`,
    run: (_ctx, { id, fields }, scope) => {
      const check = checkExpression(fields.expression);
      if (!check.ok) throw new UserFacingError(`审核公式有误，${check.message}。规则未保存。`);
      saveRule(scope.session, id, fields);
      return loadRules(scope.session);
    },
  }),
  'audit:removeRule': mutation({
    describe: ({ id }, ctx) => `删除审核规则“${ruleName(requireSession(ctx), `custom:${id}`)}”`,
    run: (_ctx, { id }, scope) => {
      removeRule(scope.session, id);
      return loadRules(scope.session);
    },
  }),
  'audit:setRuleEnabled': mutation({
    describe: ({ key, enabled }, ctx) => `${enabled ? '启用' : '停用'}审核规则“${ruleName(requireSession(ctx), key)}”`,
    run: (_ctx, { key, enabled }, scope) => {
      setRuleEnabled(scope.session, key, enabled);
      return loadRules(scope.session);
    },
  }),
  /** 未录入 / 暂存 / 已审核 / 已上报 / 退回, whether the month is locked, and its 上报/撤回 log. */
  'period:status': (ctx, { unitId, formId, period }) => periodStatus(requireSession(ctx), unitId, formId, period),
  /** 上报: refused while 强制 findings or unexplained 提示 findings stand; locks the month. */
  'period:submit': mutation({
    describe: ({ unitId, period }, ctx) => `上报 ${unitName(ctx, unitId)} ${periodWords(period)}`,
    source: () => 'submit',
    run: (_ctx, { unitId, formId, period }, scope) => submitPeriod(scope, unitId, formId, period),
  }),
  /** 撤回上报 with a reason (logged); the month becomes 退回 and editable. */
  'period:unlock': mutation({
    describe: ({ unitId, period }, ctx) => `撤回上报 ${unitName(ctx, unitId)} ${periodWords(period)}`,
    source: () => 'unlock',
    run: (_ctx, { unitId, formId, period, reason }, scope) => unlockPeriod(scope, unitId, formId, period, reason),
  }),
  /** 复制上期 into empty cells only; one undo step; refused on a submitted month. */
  'period:copyPrevious': mutation({
    describe: ({ period }) => `复制上期（${periodWords(period)}）`,
    source: () => 'copy',
    run: (_ctx, { unitId, formId, period, mode }, scope) => copyPreviousPeriod(scope, unitId, formId, period, mode),
  }),
} satisfies HandlerMap<'audit:' | 'period:'>;
