-- 0004: one figure model.
-- * cell_values: 本月 and 累计 are both typeable (whichever is not typed is derived when shown),
--   plus the comparable base 可比口径 (comparable_base) beside the published 上年同期, and a 同比
--   supplied by the bureau (growth) for indicators whose growth basis is 可比价.
--   SQLite cannot alter a CHECK constraint, so the table is rebuilt (same rows, same keys).
-- * indicators: a ratio can be defined by a numerator and a denominator indicator (recomputed,
--   never averaged); the 预计全年 method; an indicator-level first return (1-2月).
-- * forms: display options (analysis columns, display unit, 舍位平衡) as JSON, saved with the form.

CREATE TABLE cell_values_new (
  unit_id      INTEGER NOT NULL REFERENCES reporting_units(id) ON DELETE CASCADE,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  period       TEXT NOT NULL,
  field        TEXT NOT NULL CHECK (field IN ('month', 'cumulative', 'prior_cumulative', 'comparable_base', 'growth', 'target', 'note')),
  value        TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (unit_id, indicator_id, period, field),
  CHECK ((field = 'target' AND length(period) = 4) OR (field <> 'target' AND length(period) = 7))
) STRICT, WITHOUT ROWID;
INSERT INTO cell_values_new SELECT unit_id, indicator_id, period, field, value, updated_at FROM cell_values;
DROP TABLE cell_values;
ALTER TABLE cell_values_new RENAME TO cell_values;
CREATE INDEX cell_values_by_unit_period ON cell_values (unit_id, period);
CREATE INDEX cell_values_by_period ON cell_values (period, field, indicator_id);

ALTER TABLE indicators ADD COLUMN numerator_id INTEGER REFERENCES indicators(id) ON DELETE SET NULL;
ALTER TABLE indicators ADD COLUMN denominator_id INTEGER REFERENCES indicators(id) ON DELETE SET NULL;
ALTER TABLE indicators ADD COLUMN projection_method TEXT NOT NULL DEFAULT 'linear'
  CHECK (projection_method IN ('linear', 'seasonal', 'target'));
-- NULL: the indicator follows its form's first return.
ALTER TABLE indicators ADD COLUMN first_return_month INTEGER CHECK (first_return_month IS NULL OR first_return_month IN (1, 2));

ALTER TABLE forms ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
