-- A member hub names each city it vouches for in its signed attestation,
-- so that this hub lists a network's cities by name. The name is kept
-- with the hub's word for the key and replaced with it; attestations
-- made before hubs sent names leave it empty, and the city is shown by
-- its id until its hub attests it again (a hub that attested without
-- names does so for every approved city when it next starts).
ALTER TABLE attested_keys ADD COLUMN city_name TEXT NOT NULL DEFAULT '';
