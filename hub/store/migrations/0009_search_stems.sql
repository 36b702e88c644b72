-- The full-text index holds each word's stem in its record's language
-- (package stem), so that "meeting place" finds "meeting places": title,
-- summary and body hold the stems in the texts' order, so phrases still
-- match, and written the words whose stems differ from them, as written
-- (folded), once each, so a word is still found as it was written and a
-- prefix still finds the words that begin with it. Store writes these
-- itself; they are not the records' texts, so the index keeps no content
-- of its own and reads none from records: it is contentless, and
-- contentless_delete lets a record's entry go by its rowid alone.
-- Records are replaced (deleted and inserted), never updated in place,
-- so no update trigger is needed.
DROP TRIGGER records_fts_delete;
DROP TRIGGER records_fts_update;
DROP TABLE records_fts;

CREATE VIRTUAL TABLE records_fts USING fts5 (
    title,
    summary,
    body,
    written,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER records_fts_delete AFTER DELETE ON records BEGIN
    DELETE FROM records_fts WHERE rowid = old.rowid;
END;

-- The languages the records are written in: a query is looked for in the
-- stems of each (search.Engine).
CREATE TABLE search_languages (
    lang TEXT PRIMARY KEY
) WITHOUT ROWID;

-- Records held before are indexed again from their envelopes when the
-- store opens (Store.reindex); the value is the last rowid done.
INSERT INTO settings (key, value) VALUES ('search_reindex', '0')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
