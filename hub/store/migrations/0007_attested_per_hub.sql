-- A member hub's word for a city's key is kept per hub: with one row per
-- city, the newest attestation of any hub overwrote every other hub's,
-- and one dated far ahead kept its hub's key in place for good, even
-- after that hub was revoked. Which word counts is decided on reading
-- (Members.loadAttested): the newest of a hub that is approved now.
CREATE TABLE attested_keys_by_hub (
    country     TEXT NOT NULL,
    city_id     TEXT NOT NULL,
    hub_id      TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    revoked     INTEGER NOT NULL DEFAULT 0,
    attest_time TEXT NOT NULL,
    PRIMARY KEY (country, city_id, hub_id)
) WITHOUT ROWID;

-- An attestation dated more than the allowed clock skew (MaxSignSkew,
-- five minutes) ahead of now is refused from now on; one kept from
-- before would still outrank every honest one, so it goes.
INSERT INTO attested_keys_by_hub (country, city_id, hub_id, public_key, revoked, attest_time)
    SELECT country, city_id, hub_id, public_key, revoked, attest_time FROM attested_keys
    WHERE attest_time <= strftime('%Y-%m-%dT%H:%M:%S', 'now', '+5 minutes') || '.999999999Z';

DROP TABLE attested_keys;
ALTER TABLE attested_keys_by_hub RENAME TO attested_keys;
