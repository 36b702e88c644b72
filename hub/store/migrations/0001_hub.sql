-- Cities that applied to the hub, and how they stand.
CREATE TABLE members (
    country     TEXT NOT NULL,
    city_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'revoked')),
    apply_time  TEXT NOT NULL,
    decide_time TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (country, city_id)
) WITHOUT ROWID;

-- Nonces of join requests seen, so a captured request cannot be replayed.
CREATE TABLE join_nonces (
    nonce     TEXT PRIMARY KEY,
    seen_time TEXT NOT NULL
) WITHOUT ROWID;

-- The latest version of every shared record, as its origin signed it.
CREATE TABLE records (
    rowid       INTEGER PRIMARY KEY,
    country     TEXT NOT NULL,
    city_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    id          TEXT NOT NULL,
    version     INTEGER NOT NULL,
    visibility  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT '',
    level       TEXT NOT NULL DEFAULT '',
    sign_time   TEXT NOT NULL,
    arrive_time TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    languages   TEXT NOT NULL DEFAULT '',  -- space-separated language tags
    body        TEXT NOT NULL DEFAULT '',  -- everything else search sees
    envelope    BLOB NOT NULL,             -- hcnet.v1.Envelope, bytes as received
    UNIQUE (country, city_id, id)
);

CREATE INDEX records_by_kind ON records (kind, country, city_id);
CREATE INDEX records_by_id ON records (id);

-- Facet values of each record: sdg, sdg_target, mechanism, sector,
-- setting, six_p (see record.Facet).
CREATE TABLE record_terms (
    facet    TEXT NOT NULL,
    value    TEXT NOT NULL,
    record   INTEGER NOT NULL REFERENCES records (rowid) ON DELETE CASCADE,
    PRIMARY KEY (facet, value, record)
) WITHOUT ROWID;

CREATE INDEX record_terms_by_record ON record_terms (record);

CREATE VIRTUAL TABLE records_fts USING fts5 (
    title,
    summary,
    body,
    content = 'records',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER records_fts_insert AFTER INSERT ON records BEGIN
    INSERT INTO records_fts (rowid, title, summary, body) VALUES (new.rowid, new.title, new.summary, new.body);
END;

CREATE TRIGGER records_fts_delete AFTER DELETE ON records BEGIN
    INSERT INTO records_fts (records_fts, rowid, title, summary, body) VALUES ('delete', old.rowid, old.title, old.summary, old.body);
END;

CREATE TRIGGER records_fts_update AFTER UPDATE ON records BEGIN
    INSERT INTO records_fts (records_fts, rowid, title, summary, body) VALUES ('delete', old.rowid, old.title, old.summary, old.body);
    INSERT INTO records_fts (rowid, title, summary, body) VALUES (new.rowid, new.title, new.summary, new.body);
END;

-- The version at which a record was withdrawn, so an older copy arriving
-- late (a retry, a replay) cannot bring it back.
CREATE TABLE tombstones (
    country TEXT NOT NULL,
    city_id TEXT NOT NULL,
    id      TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (country, city_id, id)
) WITHOUT ROWID;

-- Messages ingest refused, with the reason, for the coordinator.
CREATE TABLE quarantine (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    subject      TEXT NOT NULL,
    reason       TEXT NOT NULL,
    receive_time TEXT NOT NULL,
    envelope     BLOB NOT NULL
);

-- Hub-wide settings: one row per key.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
