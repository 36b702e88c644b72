package accounts

// Schema creates the tables a Store needs. A daemon copies it into one of
// its own numbered migrations; a migration is frozen once released, so a
// later change to these tables is a new migration, not an edit here.
const Schema = `
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
`
