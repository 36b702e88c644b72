-- How many records of each kind hold each value of each facet a search
-- counts (sdg, mechanism, sector, setting, and the records' own country,
-- city and kind): a search over every record of a kind reads its exact
-- total and facet counts here instead of counting a million rows. Store
-- adds a batch's records at the batch's end, a row once per batch
-- (facetDeltas); a trigger takes a record away as it is deleted. Records
-- are replaced (deleted and inserted), never updated in place, and their
-- terms go only with them (ON DELETE CASCADE), so a delete trigger on
-- records, which runs before the cascade, sees every term it takes away.
CREATE TABLE facet_counts (
    kind  TEXT NOT NULL,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (kind, facet, value)
) WITHOUT ROWID;

INSERT INTO facet_counts (kind, facet, value, n)
    SELECT kind, 'kind', kind, count(*) FROM records GROUP BY kind
    UNION ALL SELECT kind, 'country', country, count(*) FROM records GROUP BY kind, country
    UNION ALL SELECT kind, 'city', city_id, count(*) FROM records GROUP BY kind, city_id
    UNION ALL SELECT r.kind, t.facet, t.value, count(*) FROM record_terms t JOIN records r ON r.rowid = t.record
        WHERE t.facet IN ('sdg', 'mechanism', 'sector', 'setting') GROUP BY r.kind, t.facet, t.value;

-- Counts that reach zero stay as rows of zero (readers skip them):
-- deleting them would cost a scan of the kind's counts per record.
CREATE TRIGGER facet_counts_record_delete BEFORE DELETE ON records BEGIN
    UPDATE facet_counts SET n = n - 1 WHERE kind = old.kind AND facet = 'kind' AND value = old.kind;
    UPDATE facet_counts SET n = n - 1 WHERE kind = old.kind AND facet = 'country' AND value = old.country;
    UPDATE facet_counts SET n = n - 1 WHERE kind = old.kind AND facet = 'city' AND value = old.city_id;
    UPDATE facet_counts SET n = n - 1
        FROM (SELECT facet AS f, value AS v FROM record_terms WHERE record = old.rowid AND facet IN ('sdg', 'mechanism', 'sector', 'setting')) AS t
        WHERE facet_counts.kind = old.kind AND facet_counts.facet = t.f AND facet_counts.value = t.v;
END;
