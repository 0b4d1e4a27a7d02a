import { type AuditRule } from './audit-rules.js';

/** A built-in rule before the workbook's on/off switch is applied. */
export type BuiltinRule = Omit<AuditRule, 'enabled' | 'builtin'>;

/**
 * The audit rules of domain.md, written in the rule language itself (so they read as a clerk's
 * own rules would) and on by default; a workbook can switch each off. Each applies to every row
 * of its kind — one rule, not a copy per row.
 */
export const BUILTIN_RULES: readonly BuiltinRule[] = [
  {
    key: 'builtin:part-le-total',
    name: '其中项不大于合计',
    expression: '本项.累计 <= 上级.累计',
    scope: { type: 'rows', of: 'children', kinds: ['flow', 'stock'] },
    severity: 'hard',
    trigger: 'violated',
    missing: 'skip',
    message: '{指标} {左} 大于“{上级}” {右}：其中项不能超过合计，请核对。',
  },
  {
    key: 'builtin:parts-sum-le-total',
    name: '各其中项之和不大于合计',
    expression: '其中合计(本项.累计) <= 本项.累计',
    scope: { type: 'rows', of: 'parents', kinds: ['flow', 'stock'] },
    severity: 'hard',
    trigger: 'violated',
    missing: 'skip',
    message: '{指标}的各其中项之和 {左} 大于{指标} {右}，请核对。',
  },
  {
    key: 'builtin:flow-identity',
    name: '累计 = 上月止累计 + 本月',
    expression: '本项.累计 = 本项.上月累计 + 本项.本月',
    scope: { type: 'rows', of: 'all', kinds: ['flow'] },
    severity: 'hard',
    trigger: 'violated',
    missing: 'skip',
    message: '{指标}：上月止累计 + 本月 = {右}，与填报的累计 {左} 不一致，请核对本月或累计。',
  },
  {
    key: 'builtin:cumulative-non-decreasing',
    name: '流量累计不小于上月累计',
    expression: '首期 或 本项.累计 >= 本项.上月累计',
    scope: { type: 'rows', of: 'all', kinds: ['flow'] },
    severity: 'soft',
    trigger: 'violated',
    missing: 'skip',
    message: '{指标}累计 {左} 小于上月止累计 {右}（本月为负数），请核实。',
  },
  {
    key: 'builtin:ratio-range',
    name: '比率在 0～100 之间',
    expression: '本项.累计 >= 0 且 本项.累计 <= 100',
    scope: { type: 'rows', of: 'all', kinds: ['ratio'] },
    severity: 'soft',
    trigger: 'violated',
    missing: 'skip',
    message: '{指标} {值} 不在 0～100 之间，请核实。',
  },
  {
    key: 'builtin:count-integer',
    name: '个数为非负整数',
    expression: '本项.本月 >= 0 且 整数(本项.本月)',
    scope: { type: 'rows', of: 'all', kinds: ['count'] },
    severity: 'hard',
    trigger: 'violated',
    missing: 'skip',
    message: '{指标}本月 {值}：个数应为非负整数。',
  },
  {
    key: 'builtin:required',
    name: '必填',
    expression: '非空(本项.本月) 或 非空(本项.累计)',
    scope: { type: 'rows', of: 'all', kinds: [] },
    severity: 'soft',
    trigger: 'violated',
    missing: 'skip',
    message: '{指标}本期未填报；如确无数据请填 0，或说明原因。',
  },
  {
    key: 'builtin:volatility',
    name: '同比波动超过 30% 或正负反转',
    expression: '变号(本项) 或 abs(同比(本项)) > 30',
    scope: { type: 'rows', of: 'all', kinds: ['flow', 'stock'] },
    severity: 'soft',
    trigger: 'matched',
    missing: 'skip',
    message: '{指标}同比{同比}，波动较大，请核实并说明原因。',
  },
  {
    key: 'builtin:unit-slip',
    name: '疑似元与万元混用',
    expression: 'abs(量级(本项.累计, 本项.累计[-1])) >= 3 或 abs(量级(本项.累计, 本项.累计[-12])) >= 3',
    scope: { type: 'rows', of: 'all', kinds: ['flow', 'stock'] },
    severity: 'soft',
    trigger: 'matched',
    missing: 'skip',
    message: '{指标} {值} 与上月或上年同期相差千倍以上，可能把元、万元等单位混用了，请核实。',
  },
  {
    key: 'builtin:outlier',
    name: '偏离历年同月水平（修正 z 分数 > 3.5）',
    expression: 'abs(偏离度(本项.本月)) > 3.5',
    scope: { type: 'rows', of: 'all', kinds: ['flow', 'stock'] },
    severity: 'soft',
    trigger: 'matched',
    missing: 'skip',
    message: '{指标}本月 {值} 明显偏离历年同月的水平（修正 z 分数 {左}），请核实。',
  },
];
