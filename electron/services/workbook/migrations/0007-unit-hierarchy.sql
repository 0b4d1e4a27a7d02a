-- 0007: the unit hierarchy over time (issue 12).
-- A unit may join mid-year (joined_period: the first YYYY-MM it reports; NULL = always there) and
-- be retired (retired_period: the first YYYY-MM it no longer appears in; NULL = active). A retired
-- unit keeps every figure it ever had: its history stays readable and undoable, it only stops
-- appearing in periods from retired_period on (entry, 汇总, comparison).
ALTER TABLE reporting_units ADD COLUMN joined_period TEXT
  CHECK (joined_period IS NULL OR (length(joined_period) = 7 AND joined_period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'));
ALTER TABLE reporting_units ADD COLUMN retired_period TEXT
  CHECK (retired_period IS NULL OR (length(retired_period) = 7 AND retired_period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'));

-- 企业名录 (enterprise roster): one row per enterprise, identified by its 统一社会信用代码
-- (GB 32100-2015, validated with its check character before it is stored), belonging to a
-- reporting unit; 规上 (above designated size) or not.
CREATE TABLE enterprises (
  id            INTEGER PRIMARY KEY,
  credit_code   TEXT NOT NULL UNIQUE CHECK (length(credit_code) = 18),
  name          TEXT NOT NULL,
  unit_id       INTEGER NOT NULL REFERENCES reporting_units(id) ON DELETE RESTRICT,
  industry_code TEXT NOT NULL DEFAULT '',
  above_scale   INTEGER NOT NULL DEFAULT 0 CHECK (above_scale IN (0, 1))
) STRICT;
CREATE INDEX enterprises_by_unit ON enterprises (unit_id);

-- Designations held over a span of months (高新技术企业 2023-01 至 2025-12): start_period is the
-- first YYYY-MM it holds, end_period the last (NULL: still held). Counts for a month take the
-- designations whose span contains it.
CREATE TABLE enterprise_designations (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  designation   TEXT NOT NULL,
  start_period  TEXT NOT NULL CHECK (length(start_period) = 7),
  end_period    TEXT CHECK (end_period IS NULL OR (length(end_period) = 7 AND end_period >= start_period)),
  UNIQUE (enterprise_id, designation, start_period)
) STRICT;

-- Indicators counted from the roster rather than typed (国家高新技术企业数 = enterprises holding
-- 高新技术企业 at month end): source is 'all', 'above_scale' or a designation name.
CREATE TABLE indicator_roster_sources (
  indicator_id INTEGER PRIMARY KEY REFERENCES indicators(id) ON DELETE CASCADE,
  source       TEXT NOT NULL
) STRICT;

-- 项目台账 (project ledger): amounts in 万元 as exact decimal text.
CREATE TABLE projects (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,
  unit_id          INTEGER NOT NULL REFERENCES reporting_units(id) ON DELETE RESTRICT,
  category         TEXT NOT NULL DEFAULT '',
  total_investment TEXT NOT NULL DEFAULT '0',
  planned_start    TEXT CHECK (planned_start IS NULL OR length(planned_start) = 7),
  planned_end      TEXT CHECK (planned_end IS NULL OR length(planned_end) = 7),
  progress_text    TEXT NOT NULL DEFAULT '',
  leader           TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX projects_by_unit ON projects (unit_id);

-- Each change of a project's 状态 and the month it happened: the history the counts are read from.
CREATE TABLE project_status_log (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  status     TEXT NOT NULL CHECK (status IN ('在谈', '签约', '开工', '在建', '竣工投产', '终止')),
  period     TEXT NOT NULL CHECK (length(period) = 7),
  UNIQUE (project_id, period, status)
) STRICT;

-- 年度计划投资 per year and 本月完成投资 per month (period YYYY for a plan, YYYY-MM for a month).
CREATE TABLE project_amounts (
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  period     TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (project_id, period)
) STRICT, WITHOUT ROWID;

-- Indicators read from the project ledger (see electron/services/projects/project-feed.ts).
CREATE TABLE indicator_project_sources (
  indicator_id INTEGER PRIMARY KEY REFERENCES indicators(id) ON DELETE CASCADE,
  source       TEXT NOT NULL
) STRICT;
