-- A record's history: one line per create, update, delete or added
-- measurement, written in the transaction of the change itself, naming
-- who made it (an account, "admin token", or '' for the node's own
-- work). Lines outlive the record, so a deleted record's history stays.
CREATE TABLE changes (
	seq     INTEGER PRIMARY KEY AUTOINCREMENT,
	kind    TEXT NOT NULL,
	id      TEXT NOT NULL,
	version INTEGER NOT NULL,
	actor   TEXT NOT NULL,
	time    TEXT NOT NULL,
	action  TEXT NOT NULL
);
CREATE INDEX changes_record ON changes(id, seq);
