// Package owner hands the files that an administrator's command made as
// root in a daemon's data folder (a restored database, a recovered one)
// to the folder's owner, the user the daemon runs as, so that the daemon
// can open them when it starts again.
package owner
