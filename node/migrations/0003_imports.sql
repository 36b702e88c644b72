-- Imports sent with an import key, recorded in the same transaction as
-- their rows. A client whose answer was lost cannot know whether its
-- import committed; sent again with the same key, the import writes
-- nothing and answers what the first one did, so no row is doubled.
CREATE TABLE imports (
    import_key  TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,             -- record.Kind of the rows
    rows_sha256 TEXT NOT NULL,             -- of the rows as received: a key sent with other rows is refused
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    ids         TEXT NOT NULL,             -- the rows' ids in the order sent, space-separated
    commit_time TEXT NOT NULL              -- RFC 3339, UTC
);
