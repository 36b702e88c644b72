-- The outbox holds signed envelopes of shared records until the hub has
-- acknowledged them. Rows are written in the same transaction as the
-- record, so a record is never shared without being stored nor stored
-- without being shared; the relay deletes a row only after the PubAck.
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    tombstone    INTEGER NOT NULL DEFAULT 0,
    subject      TEXT NOT NULL,
    msg_id       TEXT NOT NULL,
    envelope     BLOB NOT NULL,
    enqueue_time TEXT NOT NULL
);

CREATE INDEX outbox_by_record ON outbox (record_id, version);

-- Node-wide settings and state: one row per key.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
