-- 0006: audit (审核) rules and explanations, the period workflow (上报/锁定).
-- Built-in rules live in code (shared/audit/builtin-rules.ts); a workbook stores only their
-- on/off switch. Workbook rules are stored whole. rule_key is 'builtin:<name>' or 'custom:<id>'.

CREATE TABLE audit_rules (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  expression   TEXT NOT NULL,
  -- JSON of RuleScope (shared/audit/audit-rules.ts)
  scope        TEXT NOT NULL,
  severity     TEXT NOT NULL CHECK (severity IN ('hard', 'soft')),
  trigger_mode TEXT NOT NULL CHECK (trigger_mode IN ('violated', 'matched')),
  missing      TEXT NOT NULL CHECK (missing IN ('skip', 'zero')),
  message      TEXT NOT NULL,
  enabled      INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1))
) STRICT;

CREATE TABLE audit_builtin_switches (
  rule_key TEXT PRIMARY KEY,
  enabled  INTEGER NOT NULL CHECK (enabled IN (0, 1))
) STRICT;

-- The clerk's explanation (填写说明) of a finding: one per unit, month, rule and indicator.
CREATE TABLE audit_explanations (
  unit_id      INTEGER NOT NULL REFERENCES reporting_units(id) ON DELETE CASCADE,
  period       TEXT NOT NULL,
  rule_key     TEXT NOT NULL,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  text         TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  user         TEXT,
  PRIMARY KEY (unit_id, period, rule_key, indicator_id)
) STRICT, WITHOUT ROWID;

-- Workflow status of a unit's form for a month. No row: 未录入 or 暂存/已审核, derived from the
-- figures and the audit. 'submitted' (已上报) locks the month's cells; 'returned' (退回) is a
-- submission unlocked again, with the reason in period_status_log.
CREATE TABLE period_status (
  unit_id    INTEGER NOT NULL REFERENCES reporting_units(id) ON DELETE CASCADE,
  form_id    INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
  period     TEXT NOT NULL CHECK (length(period) = 7),
  status     TEXT NOT NULL CHECK (status IN ('submitted', 'returned')),
  updated_at TEXT NOT NULL,
  user       TEXT,
  PRIMARY KEY (unit_id, form_id, period)
) STRICT, WITHOUT ROWID;
CREATE INDEX period_status_by_period ON period_status (period, status);

-- Every 上报 and 撤回/解锁, with the reason: not undoable, never deleted.
CREATE TABLE period_status_log (
  id         INTEGER PRIMARY KEY,
  unit_id    INTEGER NOT NULL,
  form_id    INTEGER NOT NULL,
  period     TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('submit', 'unlock')),
  reason     TEXT,
  at         TEXT NOT NULL,
  user       TEXT
) STRICT;
CREATE INDEX period_status_log_by_cell ON period_status_log (unit_id, form_id, period);
