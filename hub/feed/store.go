package feed

import (
	"context"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Store is what the feeds read of the hub's read model, and what tells
// them it changed.
type Store interface {
	Notifier

	// ChangeHead returns the number of the last change applied. Changes
	// are numbered in commit order by one writer.
	ChangeHead(ctx context.Context) (int64, error)
	// SelectChanges returns the changes f selects. A filter without
	// kinds selects every kind of shared record. An invalid filter is
	// errs.Invalid with a violation per field, under "filter".
	SelectChanges(f *hcnetv1.SearchFilter) (Changes, error)
	// LatestPublic returns the newest limit public records f selects, newest
	// change first. A filter without kinds selects every kind of shared
	// record. An invalid filter is errs.Invalid with a violation per
	// field, under "filter".
	LatestPublic(ctx context.Context, f *hcnetv1.SearchFilter, limit int) ([]Entry, error)
	// Setting returns the value of a hub setting, "" when unset.
	Setting(ctx context.Context, key string) (string, error)
	// SetSettings sets hub settings, in one transaction.
	SetSettings(ctx context.Context, kv map[string]string) error
}

// Notifier tells the feeds that the read model applied a change.
type Notifier interface {
	// NextChange returns a channel the next change closes. A reader
	// takes it before it reads, so that a change committed between its
	// read and its wait still wakes it. Once stopping, the channel is
	// closed.
	NextChange() <-chan struct{}
	// Stopping says whether the hub is shutting down: a Watch then ends
	// with Unavailable.
	Stopping() bool
}

// Changes reads the changes of one filter.
type Changes interface {
	// Read returns up to limit changes numbered in (after, upto], in
	// change order: the public records that match the filter, at their
	// latest change, and as withdrawals (Deleted set, no record) the
	// tombstones and no longer public records of the filter's countries,
	// cities and kinds. What one read returns is a prefix of the changes
	// in the range, so paging on Seq misses none.
	Read(ctx context.Context, after, upto int64, limit int) ([]Change, error)
}

// Change is one change as a Watch message.
type Change struct {
	// Seq numbers the change.
	Seq     int64
	Message *hcnetv1.WatchResponse
	// Envelope is the record's envelope as the origin signed it, for the
	// public NATS feed; nil for a withdrawal.
	Envelope []byte
}

// Entry is one public record as the Atom feed shows it.
type Entry struct {
	Country, City, Kind, ID string
	Title, Summary          string
	// CityName is the title of the city's own record, else its
	// member's name, else its id.
	CityName string
	// Signed is when the origin signed the version; Arrived, when it
	// reached this hub.
	Signed, Arrived time.Time
	// Seq numbers the change that made the record what it is, as
	// ChangeHead and Changes number them.
	Seq int64
	// Terms are the record's index terms, by facet and then value
	// (numbers by their value).
	Terms []record.Term
	// Record is the record as its city shared it, from which the feed
	// shows the title and summary in a reader's language; nil when it
	// cannot be read, and Title and Summary stand.
	Record *hcnetv1.SharedRecord
}
