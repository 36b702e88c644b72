-- A member may be a hub (a national hub in a regional network).
ALTER TABLE members ADD COLUMN hub INTEGER NOT NULL DEFAULT 0;

-- Every change a hub applies gets the next number: Watch replays and
-- resumes by it, so a client that gives back the last number it saw
-- misses nothing and sees nothing twice.
ALTER TABLE records ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tombstones ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE tombstones ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
UPDATE records SET change_seq = rowid;
CREATE INDEX records_by_change ON records (change_seq);
CREATE INDEX tombstones_by_change ON tombstones (change_seq);
CREATE TABLE change_counter (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO change_counter (id, seq) SELECT 1, coalesce(max(rowid), 0) FROM records;

-- The way a record came: JSON list of hops {"at": ..., "time": ...}.
ALTER TABLE records ADD COLUMN path TEXT NOT NULL DEFAULT '[]';

-- City keys member hubs vouch for: how a parent verifies cities it does
-- not know itself.
CREATE TABLE attested_keys (
    country     TEXT NOT NULL,
    city_id     TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    hub_id      TEXT NOT NULL,
    revoked     INTEGER NOT NULL DEFAULT 0,
    attest_time TEXT NOT NULL,
    PRIMARY KEY (country, city_id)
) WITHOUT ROWID;

-- What this hub sends its parent, waiting for the parent's PubAck: the
-- members' public records as they were signed, attestations, withdrawals.
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    subject      TEXT NOT NULL,
    msg_id       TEXT NOT NULL,
    envelope     BLOB NOT NULL,
    path         TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL DEFAULT '',  -- '' for a record, else the statement header value
    enqueue_time TEXT NOT NULL
);

-- The highest version of each record forwarded to the parent, so that a
-- record which stops being public can be withdrawn there.
CREATE TABLE forwarded (
    country TEXT NOT NULL,
    city_id TEXT NOT NULL,
    id      TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (country, city_id, id)
) WITHOUT ROWID;

-- Read-only feed subscribers the coordinator issued NATS keys to.
CREATE TABLE subscribers (
    name        TEXT PRIMARY KEY,
    public_key  TEXT NOT NULL UNIQUE,
    create_time TEXT NOT NULL,
    revoked     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
