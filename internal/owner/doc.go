// Package owner keeps a daemon's data folder its user's: it hands the
// files that an administrator's command made as root in the folder (a
// restored database, a recovered one) to the folder's owner, the user the
// daemon runs as, and explains a file the daemon cannot open by whose it
// is.
package owner
