-- Every record of every kind lives in one table: the record itself as
-- protobuf bytes (the form it is signed and shared in), plus the columns
-- lists filter and sort on. Kind-specific tables would repeat the same
-- versioning, paging and search code eight times.
CREATE TABLE records (
    id          TEXT PRIMARY KEY,          -- ULID; the city's own id for its profile
    kind        TEXT NOT NULL,             -- record.Kind
    version     INTEGER NOT NULL CHECK (version > 0),
    visibility  TEXT NOT NULL CHECK (visibility IN ('private', 'network', 'public')),
    status      TEXT NOT NULL DEFAULT '',  -- short enum name, '' when the kind has none
    level       TEXT NOT NULL DEFAULT '',
    create_time TEXT NOT NULL,             -- RFC 3339, UTC
    update_time TEXT NOT NULL,
    search_text TEXT NOT NULL DEFAULT '',  -- what free-text search sees (no contacts)
    data        BLOB NOT NULL              -- the hcnet.v1 message, binary protobuf
);

CREATE INDEX records_by_kind ON records (kind, id);

-- Multi-valued facets (sectors, settings, mechanisms, SDGs, 6 Ps).
CREATE TABLE record_terms (
    facet     TEXT NOT NULL,
    value     TEXT NOT NULL,
    record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    PRIMARY KEY (facet, value, record_id)
) WITHOUT ROWID;

CREATE INDEX record_terms_by_record ON record_terms (record_id);

-- References between records. RESTRICT makes the database itself refuse
-- to delete a partner a partnership still names.
CREATE TABLE record_refs (
    from_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    to_id   TEXT NOT NULL REFERENCES records (id) ON DELETE RESTRICT,
    PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;

CREATE INDEX record_refs_to ON record_refs (to_id);

-- Full-text index over search_text; diacritics folded so "Malmo" finds
-- "Malmö".
CREATE VIRTUAL TABLE records_fts USING fts5 (
    search_text,
    content = 'records',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER records_fts_insert AFTER INSERT ON records BEGIN
    INSERT INTO records_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

CREATE TRIGGER records_fts_delete AFTER DELETE ON records BEGIN
    INSERT INTO records_fts (records_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;

CREATE TRIGGER records_fts_update AFTER UPDATE OF search_text ON records BEGIN
    INSERT INTO records_fts (records_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO records_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

-- A deleted record leaves its last version behind, so that a record
-- re-created under the same id (an import) continues its version count
-- and a later tombstone outranks every copy that was shared.
CREATE TABLE deleted_records (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    delete_time TEXT NOT NULL
);
