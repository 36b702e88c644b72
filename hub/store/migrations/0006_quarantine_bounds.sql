-- The quarantine is bounded (hub/quarantine.go): each row keeps its
-- subject, reason, time and the size of what came, while the envelope
-- itself is dropped (set to empty) after a retention period or when its
-- origin holds more than its share; the oldest rows of an origin with too
-- many go altogether. origin is "<country>/<city>" of the subject, empty
-- for a subject of no city.
ALTER TABLE quarantine ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE quarantine ADD COLUMN size INTEGER NOT NULL DEFAULT 0;

UPDATE quarantine SET size = length(envelope);

-- hcnet.rec.<country>.<city>.<kind>.<id> and hcnet.att.<country>.<city>:
-- rest is what follows the 10 characters of "hcnet.rec." or "hcnet.att.".
UPDATE quarantine SET origin = o.origin FROM (
    SELECT seq, country || '/' || CASE WHEN instr(rest, '.') > 0 THEN substr(rest, 1, instr(rest, '.') - 1) ELSE rest END AS origin
    FROM (
        SELECT seq, substr(s, 1, instr(s, '.') - 1) AS country, substr(s, instr(s, '.') + 1) AS rest
        FROM (SELECT seq, substr(subject, 11) AS s FROM quarantine WHERE substr(subject, 1, 10) IN ('hcnet.rec.', 'hcnet.att.'))
        WHERE instr(s, '.') > 1
    )
    WHERE rest NOT LIKE '.%' AND rest <> ''
) AS o WHERE quarantine.seq = o.seq;

CREATE INDEX quarantine_origin ON quarantine (origin, seq);
