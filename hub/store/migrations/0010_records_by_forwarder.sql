-- A regional hub lists each member network's cities with the records the
-- network forwarded for each: the hop before this hub in a record's path.
-- Reading every path of a city's records costs about a tenth of a second
-- per 20,000 records; this index answers the count and the newest
-- arrival from the index alone. The expression must stay as written in
-- Store.ForwardedBy, or SQLite will not use the index; json_valid keeps
-- a malformed path (the store writes none) from failing a write.
CREATE INDEX records_by_forwarder ON records (
    country, city_id,
    (CASE WHEN json_valid(path) THEN json_extract(path, '$[#-2].at') END),
    arrive_time
);
