-- 0009: 汇总 subtotals kept up to date by SQLite itself (issue 12).
-- A county's 汇总 summed every typed figure of its units for the months it covers (600k rows for
-- 200 units × 500 indicators × 1-6月) on every view: about 350 ms, of which SQLite's own GROUP BY
-- was 280. Now each unit above others holds, per period, indicator and field, the running totals
-- of the units with nothing under them, changed by triggers on every write: edits, pastes,
-- imports, undo, the demo builder and any other program writing the file alike, in the writing
-- transaction. A 汇总 reads its node's rows and corrects them only for units not in use that month.

-- What a figure adds to a total (notes are not figures). `wide` marks a value with more than 6
-- decimals or 9 integer digits, which an integer of millionths cannot hold exactly: a total it is
-- part of is summed exactly, unit by unit, instead (shared/figures/consolidate.ts). The length
-- test first: a value of at most 7 characters cannot be wide, and most are that short.
CREATE VIEW consolidation_rows AS
SELECT unit_id, indicator_id, period, field,
       (unit_id * 2654435761) % 4294967291 AS unit_hash,
       CASE WHEN wide THEN 0 ELSE CAST(round(value * 1000000) AS INTEGER) END AS micros,
       wide
FROM (
  SELECT unit_id, indicator_id, period, field, value,
         CASE WHEN length(value) <= 7 THEN 0
              WHEN instr(value, '.') = 0 THEN length(ltrim(value, '-')) > 9
              ELSE length(value) - instr(value, '.') > 6 OR instr(ltrim(value, '-'), '.') > 10 END AS wide
  FROM cell_values
  WHERE field <> 'note'
);

-- Every unit with no units under it, and each unit above it (its 汇总 nodes).
CREATE TABLE unit_rollup_paths (
  unit_id     INTEGER NOT NULL,
  ancestor_id INTEGER NOT NULL,
  PRIMARY KEY (unit_id, ancestor_id)
) STRICT, WITHOUT ROWID;

-- Per 汇总 node, period, indicator and field: how many units' figures, Σ unit id and Σ of a hash
-- of the unit id (which units they were), Σ value in millionths and how many were too wide for it.
-- A row whose n fell back to 0 stands for no figures.
CREATE TABLE consolidation_sums (
  node_id      INTEGER NOT NULL,
  period       TEXT NOT NULL,
  indicator_id INTEGER NOT NULL,
  field        TEXT NOT NULL,
  n            INTEGER NOT NULL,
  unit_sum     INTEGER NOT NULL,
  unit_hash    INTEGER NOT NULL,
  micros       INTEGER NOT NULL,
  wide         INTEGER NOT NULL,
  PRIMARY KEY (node_id, period, indicator_id, field)
) STRICT, WITHOUT ROWID;

-- Inserting a row here rebuilds the paths and the totals from scratch: written once, used when a
-- unit moves, or gets its first unit under it, or loses its last one.
CREATE TABLE consolidation_rebuild_requests (
  id INTEGER PRIMARY KEY
) STRICT;

CREATE TRIGGER consolidation_rebuild AFTER INSERT ON consolidation_rebuild_requests BEGIN
  DELETE FROM unit_rollup_paths;
  INSERT INTO unit_rollup_paths (unit_id, ancestor_id)
  SELECT unit_id, ancestor_id FROM (
    WITH RECURSIVE up(unit_id, ancestor_id, depth) AS (
      SELECT u.id, u.parent_id, 1 FROM reporting_units u
      WHERE u.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reporting_units c WHERE c.parent_id = u.id)
      UNION ALL
      -- The depth bound only guards against a cycle the unit editor would have refused.
      SELECT up.unit_id, p.parent_id, up.depth + 1 FROM up JOIN reporting_units p ON p.id = up.ancestor_id
      WHERE p.parent_id IS NOT NULL AND up.depth < 32
    )
    SELECT DISTINCT unit_id, ancestor_id FROM up
  );
  DELETE FROM consolidation_sums;
  INSERT INTO consolidation_sums (node_id, period, indicator_id, field, n, unit_sum, unit_hash, micros, wide)
  SELECT p.ancestor_id, r.period, r.indicator_id, r.field, count(*), sum(r.unit_id), sum(r.unit_hash), sum(r.micros), sum(r.wide)
  FROM consolidation_rows r JOIN unit_rollup_paths p ON p.unit_id = r.unit_id
  GROUP BY p.ancestor_id, r.period, r.indicator_id, r.field;
  DELETE FROM consolidation_rebuild_requests;
END;

-- A figure typed, changed or removed: its totals above move with it (a unit with nothing above it has
-- none, and its writes cost one index probe).
CREATE TRIGGER consolidation_sums_insert AFTER INSERT ON cell_values
WHEN new.field <> 'note' AND EXISTS (SELECT 1 FROM unit_rollup_paths WHERE unit_id = new.unit_id)
BEGIN
  INSERT INTO consolidation_sums (node_id, period, indicator_id, field, n, unit_sum, unit_hash, micros, wide)
  SELECT p.ancestor_id, r.period, r.indicator_id, r.field, 1, r.unit_id, r.unit_hash, r.micros, r.wide
  FROM consolidation_rows r JOIN unit_rollup_paths p ON p.unit_id = r.unit_id
  WHERE r.unit_id = new.unit_id AND r.indicator_id = new.indicator_id AND r.period = new.period AND r.field = new.field
  ON CONFLICT DO UPDATE SET n = n + excluded.n, unit_sum = unit_sum + excluded.unit_sum, unit_hash = unit_hash + excluded.unit_hash,
    micros = micros + excluded.micros, wide = wide + excluded.wide;
END;

CREATE TRIGGER consolidation_sums_delete BEFORE DELETE ON cell_values
WHEN old.field <> 'note' AND EXISTS (SELECT 1 FROM unit_rollup_paths WHERE unit_id = old.unit_id)
BEGIN
  INSERT INTO consolidation_sums (node_id, period, indicator_id, field, n, unit_sum, unit_hash, micros, wide)
  SELECT p.ancestor_id, r.period, r.indicator_id, r.field, -1, -r.unit_id, -r.unit_hash, -r.micros, -r.wide
  FROM consolidation_rows r JOIN unit_rollup_paths p ON p.unit_id = r.unit_id
  WHERE r.unit_id = old.unit_id AND r.indicator_id = old.indicator_id AND r.period = old.period AND r.field = old.field
  ON CONFLICT DO UPDATE SET n = n + excluded.n, unit_sum = unit_sum + excluded.unit_sum, unit_hash = unit_hash + excluded.unit_hash,
    micros = micros + excluded.micros, wide = wide + excluded.wide;
END;

-- An update is the old row taken out before and the new one added after.
CREATE TRIGGER consolidation_sums_update_old BEFORE UPDATE ON cell_values
WHEN old.field <> 'note' AND (old.value IS NOT new.value OR old.unit_id <> new.unit_id OR old.indicator_id <> new.indicator_id OR old.period <> new.period OR old.field <> new.field)
  AND EXISTS (SELECT 1 FROM unit_rollup_paths WHERE unit_id = old.unit_id)
BEGIN
  INSERT INTO consolidation_sums (node_id, period, indicator_id, field, n, unit_sum, unit_hash, micros, wide)
  SELECT p.ancestor_id, r.period, r.indicator_id, r.field, -1, -r.unit_id, -r.unit_hash, -r.micros, -r.wide
  FROM consolidation_rows r JOIN unit_rollup_paths p ON p.unit_id = r.unit_id
  WHERE r.unit_id = old.unit_id AND r.indicator_id = old.indicator_id AND r.period = old.period AND r.field = old.field
  ON CONFLICT DO UPDATE SET n = n + excluded.n, unit_sum = unit_sum + excluded.unit_sum, unit_hash = unit_hash + excluded.unit_hash,
    micros = micros + excluded.micros, wide = wide + excluded.wide;
END;

CREATE TRIGGER consolidation_sums_update_new AFTER UPDATE ON cell_values
WHEN new.field <> 'note' AND (old.value IS NOT new.value OR old.unit_id <> new.unit_id OR old.indicator_id <> new.indicator_id OR old.period <> new.period OR old.field <> new.field)
  AND EXISTS (SELECT 1 FROM unit_rollup_paths WHERE unit_id = new.unit_id)
BEGIN
  INSERT INTO consolidation_sums (node_id, period, indicator_id, field, n, unit_sum, unit_hash, micros, wide)
  SELECT p.ancestor_id, r.period, r.indicator_id, r.field, 1, r.unit_id, r.unit_hash, r.micros, r.wide
  FROM consolidation_rows r JOIN unit_rollup_paths p ON p.unit_id = r.unit_id
  WHERE r.unit_id = new.unit_id AND r.indicator_id = new.indicator_id AND r.period = new.period AND r.field = new.field
  ON CONFLICT DO UPDATE SET n = n + excluded.n, unit_sum = unit_sum + excluded.unit_sum, unit_hash = unit_hash + excluded.unit_hash,
    micros = micros + excluded.micros, wide = wide + excluded.wide;
END;

-- A new unit has no figures yet. Under a unit that already had units under it, it only gains its
-- paths; under one that had none, that unit's own figures stop counting above it: rebuild.
CREATE TRIGGER consolidation_unit_added AFTER INSERT ON reporting_units WHEN new.parent_id IS NOT NULL BEGIN
  INSERT INTO unit_rollup_paths (unit_id, ancestor_id)
  SELECT new.id, ancestor_id FROM (
    WITH RECURSIVE up(ancestor_id, depth) AS (
      SELECT new.parent_id, 1
      UNION ALL
      SELECT p.parent_id, up.depth + 1 FROM up JOIN reporting_units p ON p.id = up.ancestor_id WHERE p.parent_id IS NOT NULL AND up.depth < 32
    )
    SELECT DISTINCT ancestor_id FROM up
  )
  WHERE (SELECT count(*) FROM reporting_units WHERE parent_id = new.parent_id) > 1;
  INSERT INTO consolidation_rebuild_requests (id)
  SELECT NULL WHERE (SELECT count(*) FROM reporting_units WHERE parent_id = new.parent_id) = 1;
END;

-- A unit removed (its figures went with it, taken out of the totals by the trigger above while its
-- paths were still there). If its parent has nothing under it any more, the parent's own figures
-- count again: rebuild.
CREATE TRIGGER consolidation_unit_removed AFTER DELETE ON reporting_units BEGIN
  DELETE FROM unit_rollup_paths WHERE unit_id = old.id;
  INSERT INTO consolidation_rebuild_requests (id)
  SELECT NULL WHERE old.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reporting_units WHERE parent_id = old.parent_id);
END;

CREATE TRIGGER consolidation_unit_moved AFTER UPDATE OF parent_id ON reporting_units WHEN old.parent_id IS NOT new.parent_id BEGIN
  INSERT INTO consolidation_rebuild_requests (id) VALUES (NULL);
END;

INSERT INTO consolidation_rebuild_requests (id) VALUES (NULL);
