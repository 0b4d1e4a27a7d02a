-- 0008: every save wrote a page of change_log_by_batch, one more page to sync than it needs (issue 7,
-- single-cell save p99). Nothing searches the log by batch any more: an undo step keeps the id range
-- of its change_log rows, and the last batch id at open is read from the end of the log.
DROP INDEX IF EXISTS change_log_by_batch;
