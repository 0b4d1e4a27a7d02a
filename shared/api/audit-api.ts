import { z } from 'zod';
import { type AuditFinding, type AuditRule, type RuleProblem } from '../audit/audit-rules.js';
import { type StoredField } from '../domain/grid.js';
import { channel } from './channel.js';
import { type SaveResult } from './grid-api.js';
import { type ExportResult } from './template-api.js';
import { idSchema, periodSchema, storedFieldSchema } from './schemas.js';

/** A finding as the audit panel shows it: with the clerk's explanation (填写说明), if any. */
export interface AuditFindingView extends AuditFinding {
  /** The explanation saved for this finding, or null. */
  explanation: string | null;
  /** Last month's explanation of the same finding (same rule and indicator), offered when this month has none. */
  previousExplanation: string | null;
}

/** The audit of one unit's form for one month, findings grouped by severity. */
export interface AuditReport {
  unitId: number;
  formId: number;
  /** `YYYY-MM`. */
  period: string;
  /** 强制 findings: block 上报 until fixed. */
  hard: AuditFindingView[];
  /** 提示 findings: allowed once each is explained. */
  soft: AuditFindingView[];
  /** 提示 findings still without an explanation. */
  unexplained: number;
  /** Rules that could not run (syntax error, unknown indicator): shown once each. */
  problems: RuleProblem[];
  /** True when 上报 is allowed: no 强制 finding and every 提示 finding explained. */
  passed: boolean;
}

/** Status of a unit's form for a month: 未录入 / 暂存 / 已审核 / 已上报 / 退回. */
export type PeriodStatus = 'empty' | 'draft' | 'audited' | 'submitted' | 'returned';

/** Chinese names of the statuses. */
export const PERIOD_STATUS_LABELS: Readonly<Record<PeriodStatus, string>> = {
  empty: '未录入',
  draft: '暂存',
  audited: '已审核',
  submitted: '已上报',
  returned: '退回',
};

/** One 上报 or 撤回 of a month, with who, when and (for 撤回) why. */
export interface PeriodLogEntry {
  action: 'submit' | 'unlock';
  reason: string | null;
  /** ISO time. */
  at: string;
  user: string | null;
}

/** The workflow state of a unit's form for one month. */
export interface PeriodStatusView {
  unitId: number;
  formId: number;
  period: string;
  status: PeriodStatus;
  label: string;
  /** True while 已上报: the month's cells refuse edits, pastes, imports and 复制上期. */
  locked: boolean;
  log: PeriodLogEntry[];
}

/** A rule as the rule list shows it: the definition plus whether the workbook has it on. */
export type AuditRuleView = AuditRule;

/** Outcome of checking a formula in the rule editor. */
export type RuleCheck = { ok: true } | { ok: false; message: string; position: number };

/** One change of a cell, newest first in {@link CellHistoryEntry} lists. */
export interface CellHistoryEntry {
  /** ISO time. */
  at: string;
  /** OS user name; null for changes written before user names were recorded. */
  user: string | null;
  field: StoredField;
  /** `YYYY-MM`, or `YYYY` for 年度目标. */
  period: string;
  oldValue: string | null;
  newValue: string | null;
  /** Where the change came from, in Chinese: 编辑, 粘贴, 导入, 复制上期, 撤销 … */
  source: string;
}

/** Outcome of 复制上期. */
export interface CopyPreviousResult extends SaveResult {
  /** Figures copied into empty cells. */
  copied: number;
  /** Figures of last month not copied because the cell already holds a typed figure. */
  kept: number;
  /** `YYYY-MM` the figures came from. */
  from: string;
}

const scopeKindSchema = z.enum(['flow', 'stock', 'ratio', 'count']);
const ruleScopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('indicator'), code: z.string().trim().min(1, '请填写适用的指标代码').max(32) }),
  z.object({ type: z.literal('rows'), of: z.enum(['all', 'children', 'parents']), kinds: z.array(scopeKindSchema).max(4), parentCode: z.string().trim().max(32).nullable().optional() }),
]);

/** The fields of a workbook rule as the rule editor sends them. */
export const ruleFieldsSchema = z.object({
  name: z.string().trim().min(1, '请填写规则名称').max(100),
  expression: z.string().trim().min(1, '请填写审核公式').max(2000),
  scope: ruleScopeSchema,
  severity: z.enum(['hard', 'soft']),
  trigger: z.enum(['violated', 'matched']),
  missing: z.enum(['skip', 'zero']),
  message: z.string().trim().min(1, '请填写提示信息').max(500),
});
export type RuleFields = z.infer<typeof ruleFieldsSchema>;

const target = z.object({ unitId: idSchema, formId: idSchema, period: periodSchema });

/** A finding of the audit of an import preview: on the figures as they would stand after the import. */
export interface ImportPreviewFinding extends AuditFinding {
  unitId: number;
  unitName: string;
  /**
   * The return's cell the finding is about, e.g. "“月报”!B7 一般公共预算收入 本月"; null when the
   * finding is about a figure the import does not write (it arises from one it does).
   */
  cell: string | null;
}

/** The audit of the incoming values of an import preview, before anything is written. */
export interface ImportPreviewAudit {
  /** `YYYY-MM` audited: the preview's month. */
  period: string;
  /** Findings about the figures the import writes (强制 first), each naming the return's cell. */
  findings: ImportPreviewFinding[];
  /** Rules that could not run. */
  problems: RuleProblem[];
}

/** Audit (审核), explanations, rules, the period workflow, 复制上期 and cell history. */
export const auditApi = {
  /** Runs every enabled rule on a unit's form for a month (a read: nothing is written). */
  'audit:run': channel<AuditReport>()(target),
  /** Runs the rules on the values a pending import preview would write, before the commit (a read). */
  'audit:importPreview': channel<ImportPreviewAudit>()(z.object({ previewId: z.string().min(1).max(100), formId: idSchema })),
  /**
   * Saves (or, with null/blank text, clears) the explanation of one or more findings of a unit's
   * month at once; one undo step.
   */
  'audit:explain': channel<AuditReport>()(
    target.extend({
      findings: z.array(z.object({ ruleKey: z.string().min(1).max(64), indicatorId: idSchema })).min(1).max(5000),
      text: z.string().max(500).nullable(),
    }),
  ),
  /** Writes the audit of a unit's month with the explanations (审核说明) as .xlsx ready to print. */
  'audit:export': channel<ExportResult>()(target.extend({ outputPath: z.string().trim().min(1, '请填写文件名').max(1024) })),
  /** Saved phrases the explanation box offers (企业新投产, 口径调整, 季节因素…). */
  'audit:phrases': channel<string[]>()(z.undefined()),
  /** Every rule: the built-in ones (with the workbook's switch) and the workbook's own. */
  'audit:rules': channel<AuditRuleView[]>()(z.undefined()),
  /** Checks a formula for the rule editor: ok, or the Chinese syntax error and its position. */
  'audit:checkRule': channel<RuleCheck>()(z.object({ expression: z.string().max(5000) })),
  /** Adds (no `id`) or changes a workbook rule; refuses a formula with a syntax error. */
  'audit:saveRule': channel<AuditRuleView[]>()(z.object({ id: idSchema.nullable(), fields: ruleFieldsSchema })),
  'audit:removeRule': channel<AuditRuleView[]>()(z.object({ id: idSchema })),
  /** Switches a rule (built-in or the workbook's) on or off for this workbook. */
  'audit:setRuleEnabled': channel<AuditRuleView[]>()(z.object({ key: z.string().min(1).max(64), enabled: z.boolean() })),
  /** The workflow status of a unit's form for a month. */
  'period:status': channel<PeriodStatusView>()(target),
  /** 上报: refused while a 强制 finding or an unexplained 提示 finding stands; locks the month. */
  'period:submit': channel<PeriodStatusView>()(target),
  /** 撤回上报: unlocks a submitted month; the reason is required and logged. */
  'period:unlock': channel<PeriodStatusView>()(target.extend({ reason: z.string().trim().min(2, '请填写撤回原因（至少 2 个字）').max(200) })),
  /**
   * 复制上期: copies last month's typed figures of the unit's form into this month, only into
   * empty cells. `stock`: stock figures and 备注 only; `all`: every typed figure. One undo step.
   */
  'period:copyPrevious': channel<CopyPreviousResult>()(target.extend({ mode: z.enum(['stock', 'all']) })),
  /** Every change of one cell (all its stored fields when `field` is absent), newest first. */
  'history:cell': channel<CellHistoryEntry[]>()(
    z.object({ unitId: idSchema, indicatorId: idSchema, period: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/), field: storedFieldSchema.optional() }),
  ),
};
