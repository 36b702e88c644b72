package sqlitedb

import (
	"errors"
	"fmt"
	"sync"
	"syscall"

	"github.com/hcnet/hcnet/internal/errs"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// IsFull tells a write that failed for want of room: SQLITE_FULL (the
// file system is full, or the database reached max_page_count) or
// ENOSPC from a file write.
func IsFull(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_FULL {
		return true
	}
	return errors.Is(err, syscall.ENOSPC)
}

// classify gives a full-disk error the kind errs.Full, so a caller is
// told "disk full" (ResourceExhausted) instead of an internal error, and
// passes other errors unchanged.
func classify(err error) error {
	if err == nil || errs.Is(err, errs.Full) || !IsFull(err) {
		return err
	}
	return errs.Wrap("", errs.Full, fmt.Errorf("disk full: %w", err))
}

// fullState remembers whether the last write transaction found the disk
// full, and how many did, so a daemon's health and metrics can say so
// without a write of their own.
type fullState struct {
	mu    sync.Mutex
	err   error
	count int64
}

// note takes the outcome of a write transaction: a full disk is recorded
// and counted, a commit clears it (there was room for that one), any
// other failure leaves it as it was.
func (f *fullState) note(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case err == nil:
		f.err = nil
	case errs.Is(err, errs.Full):
		f.err = err
		f.count++
	}
}

// Full is the error of the last write transaction when it found the disk
// full, nil once a later one commits.
func (db *DB) Full() error {
	db.full.mu.Lock()
	defer db.full.mu.Unlock()
	return db.full.err
}

// FullCount is how many write transactions found the disk full since the
// database was opened.
func (db *DB) FullCount() int64 {
	db.full.mu.Lock()
	defer db.full.mu.Unlock()
	return db.full.count
}
