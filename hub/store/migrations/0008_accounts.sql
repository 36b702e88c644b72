-- The coordinators' and readers' accounts (internal/accounts), their
-- signed-in browser sessions and the buckets of failed sign-ins per
-- account and per address. Kept here, not in memory, so a restart of the
-- hub signs nobody out and forgets no failed attempt. The same text as
-- accounts.Schema when this migration was written.
CREATE TABLE accounts (
	name         TEXT PRIMARY KEY,
	role         TEXT NOT NULL,
	password     TEXT NOT NULL,
	created      INTEGER NOT NULL,
	last_sign_in INTEGER
);
CREATE TABLE account_sessions (
	id_hash  BLOB PRIMARY KEY,
	account  TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE,
	csrf     TEXT NOT NULL,
	created  INTEGER NOT NULL,
	expires  INTEGER NOT NULL
);
CREATE INDEX account_sessions_account ON account_sessions(account);
CREATE TABLE signin_limits (
	key    TEXT PRIMARY KEY,
	tokens REAL NOT NULL,
	at     INTEGER NOT NULL
);
