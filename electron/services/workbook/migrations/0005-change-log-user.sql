-- 0005: who made each change. The mutation pipeline writes change_log rows from TEMP triggers on
-- cell_values (see electron/services/mutation/undo-log.ts) with the OS user of the session, so
-- an office that shares a workbook file can tell whose edit a figure was. NULL for rows written
-- before this version.
ALTER TABLE change_log ADD COLUMN user TEXT;
