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
	db      *sqlitedb.DB
	now     func() time.Time
	country string // a national hub's country, read by info
	// signal wakes watchers after Apply commits a change (notify.go).
	signal changeSignal
}

// OpenStore opens the hub database at path, creating and migrating it.
// Synchronous FULL: the batch commit is what lets ingest ack a message,
// and group commit keeps the fsyncs few.
func OpenStore(ctx context.Context, path string) (*Store, error) {
	db, err := sqlitedb.Open(ctx, path, sqlitedb.SyncFull, Migrations())
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, now: func() time.Time { return time.Now().UTC() }}
	if err := s.buildLinks(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("link records: %w", err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB is the database, for the read queries of this package.
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
	Reason      string // why it is quarantined
}

// ApplyResult counts what a batch did.
type ApplyResult struct {
	Upserted, Deleted, Stale, Quarantined, Attested int
}

// Apply writes a batch in one transaction: verified records are upserted
// when newer than what the hub holds, tombstones delete, refusals go to
// the quarantine. Only after it returns may the batch's messages be acked.
func (s *Store) Apply(ctx context.Context, batch []Incoming) (ApplyResult, error) {
	var res ApplyResult
	now := formatTime(s.now())
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, in := range batch {
			if in.Attestation != nil {
				if err := applyAttestation(ctx, tx, in.Attestation); err != nil {
					return err
				}
				res.Attested++
				continue
			}
			if in.Withdrawal != nil {
				w := in.Withdrawal
				applied, err := applyTombstone(ctx, tx, w.GetCountry(), w.GetCityId(), w.GetKind(), w.GetId(), w.GetVersion())
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
	if res.Upserted+res.Deleted > 0 {
		s.signal.Broadcast()
	}
	return res, nil
}

// heldVersion is the highest version the hub knows of a record: held or
// withdrawn; 0 when it knows none.
func heldVersion(ctx context.Context, tx *sql.Tx, country, city, id string) (int64, error) {
	var v sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT max(v) FROM (
			SELECT version AS v FROM records WHERE country = ? AND city_id = ? AND id = ?
			UNION ALL SELECT version FROM tombstones WHERE country = ? AND city_id = ? AND id = ?)`,
		country, city, id, country, city, id).Scan(&v)
	return v.Int64, err
}

// nextChange numbers a change for Watch.
func nextChange(ctx context.Context, tx *sql.Tx) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, `UPDATE change_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq`).Scan(&seq)
	return seq, err
}

// applyTombstone withdraws a record at version, unless the hub already
// knows that version or a later one.
func applyTombstone(ctx context.Context, tx *sql.Tx, country, city, kind, id string, version int64) (bool, error) {
	have, err := heldVersion(ctx, tx, country, city, id)
	if err != nil || version <= have {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM records WHERE country = ? AND city_id = ? AND id = ?`, country, city, id); err != nil {
		return false, err
	}
	seq, err := nextChange(ctx, tx)
	if err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO tombstones (country, city_id, id, version, kind, change_seq) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (country, city_id, id) DO UPDATE SET version = excluded.version, kind = excluded.kind, change_seq = excluded.change_seq`,
		country, city, id, version, kind, seq)
	return err == nil, err
}

// applyOne keeps the highest version: a copy at or below what the hub
// holds (or below a tombstone) changes nothing, which makes redelivery
// and replays harmless.
func applyOne(ctx context.Context, tx *sql.Tx, in Incoming, now string) (bool, error) {
	h := in.Header
	if in.Record == nil {
		return applyTombstone(ctx, tx, h.GetOriginCountry(), h.GetOriginCity(), h.GetKind(), h.GetId(), h.GetVersion())
	}
	have, err := heldVersion(ctx, tx, h.GetOriginCountry(), h.GetOriginCity(), h.GetId())
	if err != nil || h.GetVersion() <= have {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM records WHERE country = ? AND city_id = ? AND id = ?`,
		h.GetOriginCountry(), h.GetOriginCity(), h.GetId()); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM tombstones WHERE country = ? AND city_id = ? AND id = ?`,
		h.GetOriginCountry(), h.GetOriginCity(), h.GetId()); err != nil {
		return false, err
	}
	seq, err := nextChange(ctx, tx)
	if err != nil {
		return false, err
	}
	path, err := encodePath(in.Path)
	if err != nil {
		return false, err
	}
	d := Describe(in.Record)
	res, err := tx.ExecContext(ctx, `INSERT INTO records (country, city_id, kind, id, version, visibility, status, level, sign_time, arrive_time,
			title, summary, languages, body, envelope, change_seq, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.GetOriginCountry(), h.GetOriginCity(), h.GetKind(), h.GetId(), h.GetVersion(), record.ShortName(h.GetVisibility()),
		d.Index.Status, d.Index.Level, formatTime(h.GetSignTime().AsTime()), now,
		d.Title, d.Summary, strings.Join(d.Languages, " "), d.Index.Text, in.Envelope, seq, path)
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
	if err := insertLinks(ctx, tx, rowid, in.Record); err != nil {
		return false, err
	}
	return true, nil
}

// applyAttestation records (or withdraws) a member hub's word for a
// city's key. The newest attestation wins.
func applyAttestation(ctx context.Context, tx *sql.Tx, a *hcnetv1.Attestation) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO attested_keys (country, city_id, public_key, hub_id, revoked, attest_time) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (country, city_id) DO UPDATE SET public_key = excluded.public_key, hub_id = excluded.hub_id,
			revoked = excluded.revoked, attest_time = excluded.attest_time
		WHERE excluded.attest_time >= attested_keys.attest_time`,
		a.GetCountry(), a.GetCityId(), a.GetPublicKey(), a.GetHubId(), a.GetRevoked(), formatTime(a.GetTime().AsTime()))
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

// timeForm has a fixed width, so stored times compare as text.
const timeForm = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeForm) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

var errNoRows = sql.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }
