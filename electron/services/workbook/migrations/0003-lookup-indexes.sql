-- 0003: indexes the benchmarks showed missing (tests/perf).
-- Each save asks for the next undo batch id: without this index that is a scan of the whole log.
CREATE INDEX change_log_by_batch ON change_log (batch_id);
-- Reports across units for one month (汇总) read by period first.
CREATE INDEX cell_values_by_period ON cell_values (period, field, indicator_id);
