-- How many records of each kind hold two facet values together: two
-- terms a search counts (sdg, mechanism, sector, setting), the first the
-- lesser by (facet, value), or a term and the record's country or city
-- (always second). A filter of two such conditions is otherwise known
-- only by walking the records of one and testing the other: a million
-- practices hold 57,000 on islands, and finding that none of them is of
-- SDG 11, or that more than a search counts are, walks them all. Store
-- adds a batch's pairs at its end (facetDeltas); a trigger takes a
-- record's away as it is deleted, before its terms go (ON DELETE
-- CASCADE), as facet_counts does (migration 0011).
CREATE TABLE facet_pairs (
    kind   TEXT NOT NULL,
    facet  TEXT NOT NULL,
    value  TEXT NOT NULL,
    facet2 TEXT NOT NULL,
    value2 TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (kind, facet, value, facet2, value2)
) WITHOUT ROWID;

INSERT INTO facet_pairs (kind, facet, value, facet2, value2, n)
    SELECT r.kind, a.facet, a.value, b.facet, b.value, count(*)
        FROM record_terms a JOIN record_terms b ON b.record = a.record AND (a.facet, a.value) < (b.facet, b.value)
        JOIN records r ON r.rowid = a.record
        WHERE a.facet IN ('sdg', 'mechanism', 'sector', 'setting') AND b.facet IN ('sdg', 'mechanism', 'sector', 'setting')
        GROUP BY r.kind, a.facet, a.value, b.facet, b.value
    UNION ALL SELECT r.kind, t.facet, t.value, 'country', r.country, count(*)
        FROM record_terms t JOIN records r ON r.rowid = t.record
        WHERE t.facet IN ('sdg', 'mechanism', 'sector', 'setting') GROUP BY r.kind, t.facet, t.value, r.country
    UNION ALL SELECT r.kind, t.facet, t.value, 'city', r.city_id, count(*)
        FROM record_terms t JOIN records r ON r.rowid = t.record
        WHERE t.facet IN ('sdg', 'mechanism', 'sector', 'setting') GROUP BY r.kind, t.facet, t.value, r.city_id;

-- Pairs that reach zero stay as rows of zero, as in facet_counts.
CREATE TRIGGER facet_pairs_record_delete BEFORE DELETE ON records BEGIN
    UPDATE facet_pairs SET n = n - 1
        FROM (SELECT a.facet AS f, a.value AS v, b.facet AS f2, b.value AS v2
                FROM record_terms a JOIN record_terms b ON b.record = a.record AND (a.facet, a.value) < (b.facet, b.value)
                WHERE a.record = old.rowid AND a.facet IN ('sdg', 'mechanism', 'sector', 'setting')
                    AND b.facet IN ('sdg', 'mechanism', 'sector', 'setting')
            UNION ALL SELECT facet, value, 'country', old.country FROM record_terms
                WHERE record = old.rowid AND facet IN ('sdg', 'mechanism', 'sector', 'setting')
            UNION ALL SELECT facet, value, 'city', old.city_id FROM record_terms
                WHERE record = old.rowid AND facet IN ('sdg', 'mechanism', 'sector', 'setting')) AS p
        WHERE facet_pairs.kind = old.kind AND facet_pairs.facet = p.f AND facet_pairs.value = p.v
            AND facet_pairs.facet2 = p.f2 AND facet_pairs.value2 = p.v2;
END;
