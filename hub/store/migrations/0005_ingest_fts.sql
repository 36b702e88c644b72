-- Ingest writes a record's full-text entry itself, right after the row
-- (Store.Apply), instead of through this trigger. A trigger makes every
-- insert into records a statement with a statement journal, and FTS5
-- flushes its pending terms to disk at each such statement: one small
-- segment a record, merged again and again. Written by the statement of
-- its own, the terms of a whole batch are flushed once, at commit.
-- Deleting and updating rows keep their triggers.
DROP TRIGGER records_fts_insert;
