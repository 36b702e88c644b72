package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/hub/search"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/sqlitedb"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations are the hub's schema steps.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err)
	}
	return sub
}

// Store is the hub's read model of what its members shared.
type Store struct {
	db      *sqlitedb.DB
	now     func() time.Time
	country string // a national hub's country, read by info
	// signal wakes the feeds after Apply commits a change.
	signal feed.Signal
	// apply holds Apply's statements, prepared once.
	apply *applyStmts
	// quarantined wakes the quarantine's pruner (quarantine.go).
	quarantined chan struct{}
	// after is time.After, for the pruner's pause between prunes; a test
	// ends the pause when it chooses.
	after func(time.Duration) <-chan time.Time
	// search answers searches over the records (package search).
	search Searcher
}

// writeCache is the page cache of the write connection, in KiB. Ingest
// inserts into several indexes keyed at random (city, kind, terms) and
// into FTS5 segments; SQLite's default 2 MiB makes every batch read back
// pages it has just written.
const writeCache = 64 << 10

// checkpointEvery is how often the hub copies its WAL into the database
// file, on a goroutine of its own rather than in the ingest commit: run
// by the writer after a commit, as SQLite does, checkpoints cost hcbench's
// ingest a third of Store.Apply's CPU (the copy, and the pages the writer
// read back afterwards).
const checkpointEvery = time.Second

// mapReads is how much of the hub's database its readers map into
// memory: all of it, up to SQLite's cap. A search at a million records
// reads index pages scattered over gigabytes.
const mapReads = 1 << 40

// Open opens the hub database at path, creating and migrating it.
// Synchronous FULL: the batch commit is what lets ingest ack a message,
// and group commit keeps the fsyncs few.
func Open(ctx context.Context, path string) (*Store, error) {
	db, err := sqlitedb.Open(ctx, path, sqlitedb.SyncFull, Migrations(), sqlitedb.CheckpointInBackground(checkpointEvery),
		sqlitedb.MapReads(mapReads))
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, now: func() time.Time { return time.Now().UTC() }, quarantined: make(chan struct{}, 1), after: time.After,
		search: search.New(db.Read, search.Limits{})}
	if err := s.buildLinks(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("link records: %w", err)
	}
	if err := s.reindex(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("index records for search: %w", err)
	}
	// The write pool holds one connection for the life of the store, so
	// the pragma stays; a reopened connection would only be slower.
	if _, err := db.Write.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", writeCache)); err != nil {
		db.Close()
		return nil, err
	}
	if s.apply, err = prepareApply(ctx, db.Write); err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare ingest statements: %w", err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	return errors.Join(s.apply.close(), s.db.Close())
}

// DB is the hub's database, for the parts of the hub that keep tables of
// their own in it (membership, the outbox to the parent).
func (s *Store) DB() *sqlitedb.DB { return s.db }

// Incoming is one message of an ingest batch after verification: either a
// verified record (Header set) or a refusal (Reason set).
type Incoming struct {
	Subject  string
	Envelope []byte // the hcnet.v1.Envelope (or SignedStatement) as received
	Header   *hcnetv1.EnvelopeHeader
	Record   *hcnetv1.SharedRecord // nil for a tombstone
	// Path is the way the record came, this hub's arrival included.
	Path []*hcnetv1.Hop
	// A verified statement of a member hub, instead of a record.
	Attestation *hcnetv1.Attestation
	Withdrawal  *hcnetv1.Withdrawal
	Reason      string // why it is quarantined, or dropped
	// Foreign: no member could have published it (ingest drops what no
	// member could have published); it is dropped, not quarantined.
	Foreign bool

	// derived is what Apply stores of a record besides its envelope,
	// worked out by Prepare: on ingest's verifying goroutines, so the one
	// writer only writes.
	derived *derived
}

type derived struct {
	desc Description
	path string
	text indexText
}

// Prepare works out what Apply derives from a verified record. Apply
// prepares what is not prepared yet; ingest prepares on the goroutines
// that verify, so that the one writer only writes.
func (in *Incoming) Prepare() error {
	if in.derived != nil || in.Header == nil || in.Record == nil {
		return nil
	}
	path, err := EncodePath(in.Path)
	if err != nil {
		return err
	}
	d := &derived{desc: Describe(in.Record), path: path}
	d.text = indexTextOf(&d.desc)
	in.derived = d
	return nil
}

// Refuse turns a verified record into a refusal for the quarantine,
// for the reason given: what was verified of it, and what Prepare
// derived, is forgotten. The envelope stays as it is.
func (in *Incoming) Refuse(reason string) {
	in.Reason = reason
	in.Header, in.Record, in.Path, in.derived = nil, nil, nil, nil
}

// ApplyResult counts what a batch did.
type ApplyResult struct {
	Upserted, Deleted, Stale, Quarantined, Attested, Dropped int
}

// applier is one Apply transaction: its statements, and the change
// numbers it hands out, counted here and written back once at the end.
// There is one writer, so nobody else numbers changes meanwhile.
type applier struct {
	ctx     context.Context
	st      *applyStmts
	seq     int64
	changed bool
	now     string
	counts  facetDeltas // added to facet_counts before a delete and at the end
	pairs   pairDeltas  // added to facet_pairs with counts
}

func (a *applier) nextChange() int64 {
	a.seq++
	a.changed = true
	return a.seq
}

// Apply writes a batch in one transaction: verified records are upserted
// when newer than what the hub holds, tombstones delete, refusals go to
// the quarantine. Only after it returns may the batch's messages be acked.
func (s *Store) Apply(ctx context.Context, batch []Incoming) (ApplyResult, error) {
	var res ApplyResult
	for i := range batch {
		if err := batch[i].Prepare(); err != nil {
			return ApplyResult{}, fmt.Errorf("apply %s: %w", batch[i].Subject, err)
		}
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		a := &applier{ctx: ctx, st: s.apply.in(ctx, tx), now: FormatTime(s.now())}
		if err := a.st.changeHead.QueryRowContext(ctx).Scan(&a.seq); err != nil {
			return err
		}
		for i := range batch {
			in := &batch[i]
			if in.Attestation != nil {
				if err := a.attestation(in.Attestation); err != nil {
					return err
				}
				res.Attested++
				continue
			}
			if in.Withdrawal != nil {
				w := in.Withdrawal
				applied, err := a.tombstone(w.GetCountry(), w.GetCityId(), w.GetKind(), w.GetId(), w.GetVersion())
				if err != nil {
					return err
				}
				if applied {
					res.Deleted++
				} else {
					res.Stale++
				}
				continue
			}
			if in.Foreign {
				res.Dropped++
				continue
			}
			if in.Header == nil {
				if _, err := a.st.insertQuarantine.ExecContext(ctx, in.Subject, quarantineOrigin(in.Subject), in.Reason, a.now,
					len(in.Envelope), in.Envelope); err != nil {
					return err
				}
				res.Quarantined++
				continue
			}
			applied, err := a.one(in)
			if err != nil {
				return fmt.Errorf("apply %s: %w", in.Subject, err)
			}
			switch {
			case !applied:
				res.Stale++
			case in.Record == nil:
				res.Deleted++
			default:
				res.Upserted++
			}
		}
		if a.changed {
			if _, err := a.st.setChangeHead.ExecContext(ctx, a.seq); err != nil {
				return err
			}
		}
		return a.flushCounts()
	})
	if err != nil {
		return ApplyResult{}, err
	}
	if res.Upserted+res.Deleted > 0 {
		s.signal.Broadcast()
	}
	if res.Quarantined > 0 {
		s.wakeQuarantinePruner()
	}
	return res, nil
}

// held is the version of a record the hub holds and the version at
// which it was withdrawn; 0 for none. withdrawn says whether there is a
// tombstone, which may be at version 0 (Store.DropVouched).
func (a *applier) held(country, city, id string) (record, tombstone int64, withdrawn bool, err error) {
	var r, t sql.NullInt64
	err = a.st.held.QueryRowContext(a.ctx, country, city, id).Scan(&r, &t)
	return r.Int64, t.Int64, t.Valid, err
}

// tombstone withdraws a record at version, unless the hub already knows
// that version or a later one.
func (a *applier) tombstone(country, city, kind, id string, version int64) (bool, error) {
	rec, tomb, _, err := a.held(country, city, id)
	if err != nil || version <= max(rec, tomb) {
		return false, err
	}
	if rec > 0 {
		if err := a.deleteRecord(country, city, id); err != nil {
			return false, err
		}
	}
	_, err = a.st.upsertTombstone.ExecContext(a.ctx, country, city, id, version, kind, a.nextChange())
	return err == nil, err
}

// one keeps the highest version: a copy at or below what the hub holds
// (or below a tombstone) changes nothing, which makes redelivery and
// replays harmless.
func (a *applier) one(in *Incoming) (bool, error) {
	h := in.Header
	country, city, id := h.GetOriginCountry(), h.GetOriginCity(), h.GetId()
	if in.Record == nil {
		return a.tombstone(country, city, h.GetKind(), id, h.GetVersion())
	}
	rec, tomb, withdrawn, err := a.held(country, city, id)
	if err != nil || h.GetVersion() <= max(rec, tomb) {
		return false, err
	}
	// A new version replaces the row (its terms and links go with it by
	// cascade); most records arrive at version 1 and delete nothing.
	if rec > 0 {
		if err := a.deleteRecord(country, city, id); err != nil {
			return false, err
		}
	}
	if withdrawn {
		if _, err := a.st.deleteTombstone.ExecContext(a.ctx, country, city, id); err != nil {
			return false, err
		}
	}
	d := &in.derived.desc
	res, err := a.st.insertRecord.ExecContext(a.ctx, country, city, h.GetKind(), id, h.GetVersion(), record.ShortName(h.GetVisibility()),
		d.Index.Status, d.Index.Level, FormatTime(h.GetSignTime().AsTime()), a.now,
		d.Title, d.Summary, strings.Join(d.Languages, " "), d.Index.Text, in.Envelope, a.nextChange(), in.derived.path)
	if err != nil {
		return false, err
	}
	rowid, err := res.LastInsertId()
	if err != nil {
		return false, err
	}
	// The full-text entry: stems, not the texts (migration 0009), written
	// by a statement of its own (migration 0005 says why).
	if err := a.indexText(rowid, &in.derived.text); err != nil {
		return false, err
	}
	for _, t := range d.Index.Terms {
		if _, err := a.st.insertTerm.ExecContext(a.ctx, t.Facet, t.Value, rowid); err != nil {
			return false, err
		}
		a.counts.add(h.GetKind(), string(t.Facet), t.Value)
	}
	a.counts.add(h.GetKind(), "kind", h.GetKind())
	a.counts.add(h.GetKind(), "country", country)
	a.counts.add(h.GetKind(), "city", city)
	a.pairs.add(h.GetKind(), country, city, d.Index.Terms)
	for _, l := range linksOf(in.Record) {
		if _, err := a.st.insertLink.ExecContext(a.ctx, l.rel, l.country, l.city, l.id, rowid); err != nil {
			return false, err
		}
	}
	return true, nil
}

// indexText writes a record's full-text entry and notes its languages.
func (a *applier) indexText(rowid int64, t *indexText) error {
	if _, err := a.st.insertFTS.ExecContext(a.ctx, rowid, t.title, t.summary, t.body, t.written); err != nil {
		return err
	}
	for _, l := range t.langs {
		if _, err := a.st.insertLanguage.ExecContext(a.ctx, l); err != nil {
			return err
		}
	}
	return nil
}

// attestation records (or withdraws) a member hub's word for a city's
// key, and the city's name. Each hub's newest attestation replaces its
// earlier ones; other hubs' words stay beside it.
func (a *applier) attestation(att *hcnetv1.Attestation) error {
	_, err := a.st.attest.ExecContext(a.ctx, att.GetCountry(), att.GetCityId(), att.GetPublicKey(), att.GetHubId(), att.GetRevoked(),
		FormatTime(att.GetTime().AsTime()), att.GetCityName())
	return err
}

// Description is what search shows and filters of a shared record.
type Description struct {
	Title, Summary string
	Languages      []string
	Index          record.Index
}

// Describe derives a record's title, summary, languages and index.
func Describe(rec *hcnetv1.SharedRecord) Description {
	var d Description
	if in, m := record.Unwrap(rec); in != nil {
		t := in.Text(m, "")
		d.Title, d.Summary, d.Languages = t.Title, t.Summary, t.Languages
		d.Index = record.IndexShared(rec)
	}
	return d
}

// timeForm has a fixed width, so stored times compare as text.
const timeForm = "2006-01-02T15:04:05.000000000Z"

// FormatTime is t as the hub's tables store times.
func FormatTime(t time.Time) string { return t.UTC().Format(timeForm) }

// ParseTime reads a stored time; a malformed one is the zero time.
func ParseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
