-- What records say about other records, so that endorsements of a
-- success and adoptions of a practice are found by index:
--   partner:      a success names a partner city (target_id is '');
--   endorses:     an endorsement points at a success;
--   adopted_from: a practice was adopted from another practice.
-- Filled when a record is applied; records held before this table
-- existed are linked once when the hub opens (setting links_built).
CREATE TABLE record_links (
    rel            TEXT NOT NULL,
    target_country TEXT NOT NULL,
    target_city    TEXT NOT NULL,
    target_id      TEXT NOT NULL,
    record         INTEGER NOT NULL REFERENCES records (rowid) ON DELETE CASCADE,
    PRIMARY KEY (rel, target_country, target_city, target_id, record)
) WITHOUT ROWID;

CREATE INDEX record_links_by_record ON record_links (record, rel);
