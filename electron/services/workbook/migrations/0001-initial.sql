-- 0001: catalog, forms, reporting units, stored figures and the change log.
-- Amounts are TEXT decimal strings in the indicator's unit: exact, never binary floats.

CREATE TABLE app_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE reporting_units (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  parent_id  INTEGER REFERENCES reporting_units(id) ON DELETE RESTRICT,
  sort_order INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE forms (
  id                 INTEGER PRIMARY KEY,
  code               TEXT NOT NULL UNIQUE,
  name               TEXT NOT NULL,
  first_return_month INTEGER NOT NULL DEFAULT 1 CHECK (first_return_month IN (1, 2))
) STRICT;

CREATE TABLE indicators (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  unit         TEXT NOT NULL DEFAULT '',
  decimals     INTEGER NOT NULL DEFAULT 2 CHECK (decimals BETWEEN 0 AND 6),
  kind         TEXT NOT NULL CHECK (kind IN ('flow', 'stock', 'ratio')),
  entry_basis  TEXT NOT NULL CHECK (entry_basis IN ('month', 'cumulative')),
  parent_id    INTEGER REFERENCES indicators(id) ON DELETE RESTRICT,
  growth_basis TEXT NOT NULL DEFAULT 'nominal' CHECK (growth_basis IN ('nominal', 'comparable'))
) STRICT;

-- The paper order of a form: section titles and indicators.
CREATE TABLE form_items (
  id            INTEGER PRIMARY KEY,
  form_id       INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  indicator_id  INTEGER REFERENCES indicators(id) ON DELETE CASCADE,
  section_title TEXT,
  CHECK ((indicator_id IS NULL) <> (section_title IS NULL))
) STRICT;
CREATE INDEX form_items_by_form ON form_items (form_id, position);

-- What the clerk typed. period is YYYY-MM, or YYYY for the annual target.
CREATE TABLE cell_values (
  unit_id      INTEGER NOT NULL REFERENCES reporting_units(id) ON DELETE CASCADE,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  period       TEXT NOT NULL,
  field        TEXT NOT NULL CHECK (field IN ('month', 'cumulative', 'prior_cumulative', 'target', 'note')),
  value        TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (unit_id, indicator_id, period, field),
  CHECK ((field = 'target' AND length(period) = 4) OR (field <> 'target' AND length(period) = 7))
) STRICT, WITHOUT ROWID;
CREATE INDEX cell_values_by_unit_period ON cell_values (unit_id, period);

-- Every change of a stored figure: who/when/old → new/source. batch_id groups one undo step.
CREATE TABLE change_log (
  id           INTEGER PRIMARY KEY,
  batch_id     INTEGER NOT NULL,
  at           TEXT NOT NULL,
  unit_id      INTEGER NOT NULL,
  indicator_id INTEGER NOT NULL,
  period       TEXT NOT NULL,
  field        TEXT NOT NULL,
  old_value    TEXT,
  new_value    TEXT,
  source       TEXT NOT NULL
) STRICT;
CREATE INDEX change_log_by_cell ON change_log (unit_id, indicator_id, period, field);
