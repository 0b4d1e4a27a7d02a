import { type RuleFields } from '../../../shared/api/audit-api.js';
import { type AuditRule, type RuleScope } from '../../../shared/audit/audit-rules.js';
import { BUILTIN_RULES } from '../../../shared/audit/builtin-rules.js';
import { type WorkbookSession } from '../context.js';
import { UserFacingError } from '../user-facing-error.js';

interface RuleRow {
  id: number;
  name: string;
  expression: string;
  scope: string;
  severity: 'hard' | 'soft';
  trigger_mode: 'violated' | 'matched';
  missing: 'skip' | 'zero';
  message: string;
  enabled: number;
}

const CUSTOM_PREFIX = 'custom:';

/** The key of a workbook rule. */
export const customRuleKey = (id: number): string => `${CUSTOM_PREFIX}${id}`;

function parseScope(text: string): RuleScope {
  try {
    return JSON.parse(text) as RuleScope;
  } catch {
    // A damaged scope applies the rule to nothing rather than to everything.
    return { type: 'indicator', code: '' };
  }
}

/**
 * Every rule of the workbook: the built-in ones (on unless switched off here) followed by the
 * workbook's own, in the order they were added. Cached for the session until a mutation changes
 * the rules or their switches.
 */
export function loadRules(session: WorkbookSession): AuditRule[] {
  return session.caches.get('auditRules', ['audit_rules', 'audit_builtin_switches'], () => {
    const switches = new Map(
      (session.statement('SELECT rule_key, enabled FROM audit_builtin_switches').all() as { rule_key: string; enabled: number }[]).map((r) => [r.rule_key, r.enabled === 1]),
    );
    const builtins = BUILTIN_RULES.map((rule): AuditRule => ({ ...rule, builtin: true, enabled: switches.get(rule.key) ?? true }));
    const custom = (session.statement('SELECT * FROM audit_rules ORDER BY id').all() as RuleRow[]).map(
      (row): AuditRule => ({
        key: customRuleKey(row.id),
        name: row.name,
        expression: row.expression,
        scope: parseScope(row.scope),
        severity: row.severity,
        trigger: row.trigger_mode,
        missing: row.missing,
        message: row.message,
        builtin: false,
        enabled: row.enabled === 1,
      }),
    );
    return [...builtins, ...custom];
  });
}

/** The tables rules are read from: a write drops the cached rules at once, so the handler's answer lists what it wrote. */
const RULE_TABLES: ReadonlySet<string> = new Set(['audit_rules', 'audit_builtin_switches']);
const forgetRules = (session: WorkbookSession): void => session.caches.invalidate(RULE_TABLES);

/** Adds (id null) or replaces a workbook rule; call inside a mutation. */
export function saveRule(session: WorkbookSession, id: number | null, fields: RuleFields): void {
  const values = [fields.name, fields.expression, JSON.stringify(fields.scope), fields.severity, fields.trigger, fields.missing, fields.message];
  if (id === null) {
    session.statement('INSERT INTO audit_rules (name, expression, scope, severity, trigger_mode, missing, message) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...values);
    forgetRules(session);
    return;
  }
  const changed = session.statement('UPDATE audit_rules SET name = ?, expression = ?, scope = ?, severity = ?, trigger_mode = ?, missing = ?, message = ? WHERE id = ?').run(...values, id);
  if (changed.changes === 0) throw new UserFacingError('要修改的审核规则已不存在，请刷新后重试。');
  forgetRules(session);
}

/** Removes a workbook rule and its explanations' rule key stays (explanations are kept as text). */
export function removeRule(session: WorkbookSession, id: number): void {
  const changed = session.statement('DELETE FROM audit_rules WHERE id = ?').run(id);
  if (changed.changes === 0) throw new UserFacingError('要删除的审核规则已不存在，请刷新后重试。');
  forgetRules(session);
}

/** Switches a rule on or off for this workbook; call inside a mutation. */
export function setRuleEnabled(session: WorkbookSession, key: string, enabled: boolean): void {
  if (key.startsWith(CUSTOM_PREFIX)) {
    const changed = session.statement('UPDATE audit_rules SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, Number(key.slice(CUSTOM_PREFIX.length)));
    if (changed.changes === 0) throw new UserFacingError('该审核规则已不存在，请刷新后重试。');
    forgetRules(session);
    return;
  }
  if (!BUILTIN_RULES.some((r) => r.key === key)) throw new UserFacingError('该审核规则已不存在，请刷新后重试。');
  session
    .statement('INSERT INTO audit_builtin_switches (rule_key, enabled) VALUES (?, ?) ON CONFLICT (rule_key) DO UPDATE SET enabled = excluded.enabled')
    .run(key, enabled ? 1 : 0);
  forgetRules(session);
}

/** The name of a rule for messages and undo descriptions. */
export function ruleName(session: WorkbookSession, key: string): string {
  return loadRules(session).find((r) => r.key === key)?.name ?? '审核规则';
}

const explanationKey = (ruleKey: string, indicatorId: number): string => `${ruleKey}|${indicatorId}`;

/** The explanations of a unit's month, by `ruleKey|indicatorId`. */
export function explanations(session: WorkbookSession, unitId: number, period: string): Map<string, string> {
  const rows = session.statement('SELECT rule_key, indicator_id, text FROM audit_explanations WHERE unit_id = ? AND period = ?').all(unitId, period) as {
    rule_key: string;
    indicator_id: number;
    text: string;
  }[];
  return new Map(rows.map((r) => [explanationKey(r.rule_key, r.indicator_id), r.text]));
}

/** The explanation of one finding in a map from {@link explanations}. */
export function explanationOf(map: ReadonlyMap<string, string>, ruleKey: string, indicatorId: number): string | null {
  return map.get(explanationKey(ruleKey, indicatorId)) ?? null;
}

/** Saves (or with null clears) the explanation of findings of a unit's month; call inside a mutation. */
export function writeExplanations(session: WorkbookSession, unitId: number, period: string, findings: readonly { ruleKey: string; indicatorId: number }[], text: string | null, at: string): void {
  const clear = session.statement('DELETE FROM audit_explanations WHERE unit_id = ? AND period = ? AND rule_key = ? AND indicator_id = ?');
  const upsert = session.statement(
    `INSERT INTO audit_explanations (unit_id, period, rule_key, indicator_id, text, updated_at, user) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (unit_id, period, rule_key, indicator_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at, user = excluded.user`,
  );
  for (const finding of findings) {
    if (text === null) clear.run(unitId, period, finding.ruleKey, finding.indicatorId);
    else upsert.run(unitId, period, finding.ruleKey, finding.indicatorId, text, at, session.user);
  }
}
