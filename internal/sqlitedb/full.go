package sqlitedb

import (
	"errors"
	"fmt"
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
