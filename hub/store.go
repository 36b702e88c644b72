package hub

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/sqlitedb"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
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
	db  *sqlitedb.DB
	now func() time.Time
}

// OpenStore opens the hub database at path, creating and migrating it.
// Synchronous FULL: the batch commit is what lets ingest ack a message,
// and group commit keeps the fsyncs few.
func OpenStore(ctx context.Context, path string) (*Store, error) {
	db, err := sqlitedb.Open(ctx, path, sqlitedb.SyncFull, Migrations())
	if err != nil {
		return nil, err
	}
	return &Store{db: db, now: func() time.Time { return time.Now().UTC() }}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB is the database, for the read queries of this package.
func (s *Store) DB() *sqlitedb.DB { return s.db }

// Incoming is one message of an ingest batch after verification: either a
// verified record (Header set) or a refusal (Reason set).
type Incoming struct {
	Subject  string
	Envelope []byte // the hcnet.v1.Envelope as received
	Header   *hcnetv1.EnvelopeHeader
	Record   *hcnetv1.SharedRecord // nil for a tombstone
	Reason   string                // why it is quarantined
}

// ApplyResult counts what a batch did.
type ApplyResult struct {
	Upserted, Deleted, Stale, Quarantined int
}

// Apply writes a batch in one transaction: verified records are upserted
// when newer than what the hub holds, tombstones delete, refusals go to
// the quarantine. Only after it returns may the batch's messages be acked.
func (s *Store) Apply(ctx context.Context, batch []Incoming) (ApplyResult, error) {
	var res ApplyResult
	now := formatTime(s.now())
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, in := range batch {
			if in.Header == nil {
				if _, err := tx.ExecContext(ctx, `INSERT INTO quarantine (subject, reason, receive_time, envelope) VALUES (?, ?, ?, ?)`,
					in.Subject, in.Reason, now, in.Envelope); err != nil {
					return err
				}
				res.Quarantined++
				continue
			}
			applied, err := applyOne(ctx, tx, in, now)
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
		return nil
	})
	if err != nil {
		return ApplyResult{}, err
	}
	return res, nil
}

// applyOne keeps the highest version: a copy at or below what the hub
// holds (or below a tombstone) changes nothing, which makes redelivery
// and replays harmless.
func applyOne(ctx context.Context, tx *sql.Tx, in Incoming, now string) (bool, error) {
	h := in.Header
	var have int64
	err := tx.QueryRowContext(ctx, `SELECT max(v) FROM (
			SELECT version AS v FROM records WHERE country = ? AND city_id = ? AND id = ?
			UNION ALL SELECT version FROM tombstones WHERE country = ? AND city_id = ? AND id = ?)`,
		h.GetOriginCountry(), h.GetOriginCity(), h.GetId(), h.GetOriginCountry(), h.GetOriginCity(), h.GetId()).Scan(new(sql.NullInt64))
	if err != nil {
		return false, err
	}
	var hv sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT max(v) FROM (
			SELECT version AS v FROM records WHERE country = ? AND city_id = ? AND id = ?
			UNION ALL SELECT version FROM tombstones WHERE country = ? AND city_id = ? AND id = ?)`,
		h.GetOriginCountry(), h.GetOriginCity(), h.GetId(), h.GetOriginCountry(), h.GetOriginCity(), h.GetId()).Scan(&hv); err != nil {
		return false, err
	}
	have = hv.Int64
	if h.GetVersion() <= have {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM records WHERE country = ? AND city_id = ? AND id = ?`,
		h.GetOriginCountry(), h.GetOriginCity(), h.GetId()); err != nil {
		return false, err
	}
	if in.Record == nil {
		_, err := tx.ExecContext(ctx, `INSERT INTO tombstones (country, city_id, id, version) VALUES (?, ?, ?, ?)
			ON CONFLICT (country, city_id, id) DO UPDATE SET version = excluded.version`,
			h.GetOriginCountry(), h.GetOriginCity(), h.GetId(), h.GetVersion())
		return err == nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM tombstones WHERE country = ? AND city_id = ? AND id = ?`,
		h.GetOriginCountry(), h.GetOriginCity(), h.GetId()); err != nil {
		return false, err
	}
	d := Describe(in.Record)
	res, err := tx.ExecContext(ctx, `INSERT INTO records (country, city_id, kind, id, version, visibility, status, level, sign_time, arrive_time,
			title, summary, languages, body, envelope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.GetOriginCountry(), h.GetOriginCity(), h.GetKind(), h.GetId(), h.GetVersion(), record.ShortName(h.GetVisibility()),
		d.Index.Status, d.Index.Level, formatTime(h.GetSignTime().AsTime()), now,
		d.Title, d.Summary, strings.Join(d.Languages, " "), d.Index.Text, in.Envelope)
	if err != nil {
		return false, err
	}
	rowid, err := res.LastInsertId()
	if err != nil {
		return false, err
	}
	for _, t := range d.Index.Terms {
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_terms (facet, value, record) VALUES (?, ?, ?)`, t.Facet, t.Value, rowid); err != nil {
			return false, err
		}
	}
	return true, nil
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
	var inner proto.Message
	switch r := rec.GetRecord().(type) {
	case *hcnetv1.SharedRecord_City:
		inner, d.Title, d.Summary = r.City, r.City.GetName(), r.City.GetDescription()
		d.Languages = r.City.GetLanguages()
	case *hcnetv1.SharedRecord_Partnership:
		p := r.Partnership.GetPartnership()
		inner, d.Title, d.Summary = p, p.GetTitle(), p.GetDescription()
	case *hcnetv1.SharedRecord_HealthPlan:
		inner, d.Title, d.Summary = r.HealthPlan, r.HealthPlan.GetTitle(), r.HealthPlan.GetDescription()
	case *hcnetv1.SharedRecord_Indicator:
		inner, d.Title, d.Summary = r.Indicator, r.Indicator.GetName(), r.Indicator.GetDescription()
	case *hcnetv1.SharedRecord_Practice:
		p := r.Practice
		inner = p
		lang := p.GetOriginalLanguage()
		if _, ok := p.GetTexts()[lang]; !ok {
			for l := range p.GetTexts() {
				if lang == "" || l < lang {
					lang = l
				}
			}
		}
		d.Title, d.Summary = p.GetTexts()[lang].GetTitle(), p.GetTexts()[lang].GetSummary()
		for l := range p.GetTexts() {
			d.Languages = append(d.Languages, l)
		}
	case *hcnetv1.SharedRecord_Success:
		inner, d.Title, d.Summary = r.Success, r.Success.GetTitle(), r.Success.GetOutcome()
	case *hcnetv1.SharedRecord_Endorsement:
		inner, d.Summary = r.Endorsement, r.Endorsement.GetStatement()
		d.Title = "Endorsement of " + r.Endorsement.GetSuccess().GetCountry() + "/" + r.Endorsement.GetSuccess().GetCityId()
	}
	if inner != nil {
		d.Index = record.IndexOf(inner)
	}
	if sp, ok := rec.GetRecord().(*hcnetv1.SharedRecord_Partnership); ok {
		for _, p := range sp.Partnership.GetPartners() {
			d.Index.Terms = append(d.Index.Terms, record.Term{Facet: record.FacetSector, Value: record.ShortName(p.GetSector())})
			d.Index.Text += "\n" + p.GetOrganisation()
		}
		d.Index.Terms = dedup(d.Index.Terms)
	}
	sortStrings(d.Languages)
	return d
}

func dedup(ts []record.Term) []record.Term {
	seen := map[record.Term]bool{}
	out := ts[:0]
	for _, t := range ts {
		if !seen[t] && t.Value != "" {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

var errNoRows = sql.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }
