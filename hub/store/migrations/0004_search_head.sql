-- What a search reads of each record it walks: the filter's columns and
-- the facets', in rowid order. A search walks the newest matches of its
-- words (or the newest records) and keeps those its filter selects; read
-- from this index that costs a few bytes a record, where the table row,
-- with the body and the signed envelope, costs a page.
CREATE INDEX records_head ON records (rowid, kind, country, city_id);
