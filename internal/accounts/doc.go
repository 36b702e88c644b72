// Package accounts owns the named accounts people sign in with: their
// roles, their password hashes (argon2id), their sessions and the limits on
// failed sign-ins. Everything lives in the daemon's own SQLite database, so
// a restart signs nobody out and forgets no failed attempt. The tables are
// created by the daemon's migrations (Schema is their text), so a node and
// a hub each carry them in their own numbered migration.
package accounts
