-- 0002: county templates (报表模板) and their cell mappings.
-- content is the file exactly as registered; for .xls/.et, fill_content is the .xlsx that
-- LibreOffice made of it at registration (NULL when LibreOffice was not available), because
-- filled exports patch .xlsx package XML and cannot write BIFF.

CREATE TABLE templates (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  file_name     TEXT NOT NULL,
  format        TEXT NOT NULL CHECK (format IN ('xlsx', 'xls', 'et')),
  content       BLOB NOT NULL,
  fill_content  BLOB,
  -- JSON array of the sheet names, so listing templates never re-reads the workbook bytes.
  sheet_names   TEXT NOT NULL,
  registered_at TEXT NOT NULL
) STRICT;

-- One mapped cell: the figure of an indicator, in a unit, for the exported period shifted by
-- period_offset months (0 = same month, -12 = same month last year).
CREATE TABLE template_bindings (
  template_id   INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
  sheet         TEXT NOT NULL,
  cell          TEXT NOT NULL,
  indicator_id  INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  figure        TEXT NOT NULL CHECK (figure IN ('month', 'cumulative', 'prior_cumulative', 'growth', 'target', 'completion', 'note')),
  unit          TEXT,
  period_offset INTEGER NOT NULL DEFAULT 0 CHECK (period_offset BETWEEN -36 AND 0),
  UNIQUE (template_id, sheet, cell)
) STRICT;
CREATE INDEX template_bindings_by_indicator ON template_bindings (indicator_id);
