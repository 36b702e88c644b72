package node

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/sqlitedb"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations are the node's schema steps, for tests and tools.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embedded folder is part of the binary
	}
	return sub
}

// Store keeps a city's records. Every write runs in one immediate
// transaction that checks the version, validates the record and its
// references, and bumps the version.
type Store struct {
	db       *sqlitedb.DB
	now      func() time.Time
	identity *Identity // signs shared records; nil only while init creates the node
	queued   func()    // called after a write that may have queued envelopes
}

// StoreOptions are what a store works with besides its database.
type StoreOptions struct {
	// Key signs what the store shares, under the origin its own city
	// profile names. A node always has one; without it the store shares
	// nothing, as when init writes the city profile (which the first run
	// then shares).
	Key nkeys.KeyPair
	// Queued, when set, is called after every write that may have queued
	// envelopes in the outbox: the relay's bell.
	Queued func()
}

// wrote tells the relay a write committed.
func (s *Store) wrote(err error) error {
	if err == nil && s.queued != nil {
		s.queued()
	}
	return err
}

// OpenStore opens the node database at path, creating and migrating it.
// With o.Key, the database must hold the city's profile, which names the
// origin of what the store shares.
func OpenStore(ctx context.Context, path string, o StoreOptions) (*Store, error) {
	db, err := sqlitedb.Open(ctx, path, sqlitedb.SyncFull, Migrations())
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, now: func() time.Time { return time.Now().UTC() }, queued: o.Queued}
	if err := s.fillRecordJSON(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("fill records.data_json in %s: %w", path, err)
	}
	if o.Key != nil {
		city, err := s.City(ctx)
		if err != nil {
			db.Close()
			return nil, err
		}
		s.identity = &Identity{Key: o.Key, Country: city.GetCountry(), City: city.GetId()}
	}
	return s, nil
}

// Close closes the database, leaving one checkpointed file.
func (s *Store) Close() error { return s.db.Close() }

// DB exposes the database to the rest of the node package.
func (s *Store) DB() *sqlitedb.DB { return s.db }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.Read.PingContext(ctx) }

// Create stores a new record as version 1. A record without an id gets a
// new ULID. Returns Invalid with every bad field.
func (s *Store) Create(ctx context.Context, m proto.Message) error {
	const op = "store.Create"
	return s.wrote(s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := s.create(ctx, tx, m)
		return errs.Op(op, err)
	}))
}

// create inserts m, continuing the version count of a deleted record with
// the same id. It reports false when m replaced nothing (always, here).
func (s *Store) create(ctx context.Context, tx *sql.Tx, m proto.Message) (bool, error) {
	kind, err := record.KindOf(m)
	if err != nil {
		return false, err
	}
	meta := record.GetMeta(m)
	if meta.ID == "" {
		meta.ID = ulid.Make().String()
	}
	var lastVersion int64
	err = tx.QueryRowContext(ctx, `SELECT version FROM deleted_records WHERE id = ?`, meta.ID).Scan(&lastVersion)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	now := s.now()
	meta.Version, meta.CreateTime, meta.UpdateTime = lastVersion+1, now, now
	record.SetMeta(m, meta)
	if err := s.check(ctx, tx, kind, m); err != nil {
		return false, err
	}
	ix := s.indexOf(m)
	data, doc, err := encodeRecord(m)
	if err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO records (id, kind, version, visibility, status, level, create_time, update_time, search_text, data, data_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		meta.ID, kind, meta.Version, record.ShortName(meta.Visibility), ix.Status, ix.Level,
		formatTime(now), formatTime(now), ix.Text, data, doc)
	if isUniqueViolation(err) {
		return false, errs.E("", errs.Exists, "a record with id %s already exists", meta.ID)
	}
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM deleted_records WHERE id = ?`, meta.ID); err != nil {
		return false, err
	}
	if err := writeIndex(ctx, tx, meta.ID, ix); err != nil {
		return false, err
	}
	if err := s.logChange(ctx, tx, kind, meta.ID, meta.Version, ActionCreate); err != nil {
		return false, err
	}
	// A re-created record may have been shared before it was deleted; its
	// tombstone already went out, so "was" is private here.
	return false, s.share(ctx, tx, kind, meta.ID, meta.Version, hcnetv1.Visibility_VISIBILITY_PRIVATE, m)
}

// Get returns the record of the kind with the id, or NotFound.
func (s *Store) Get(ctx context.Context, kind record.Kind, id string) (proto.Message, error) {
	m, err := getRecord(ctx, s.db.Read, kind, id)
	return m, errs.Op("store.Get", err)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getRecord(ctx context.Context, q querier, kind record.Kind, id string) (proto.Message, error) {
	var data []byte
	err := q.QueryRowContext(ctx, `SELECT data FROM records WHERE kind = ? AND id = ?`, kind, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("", errs.NotFound, "no %s with id %q", kind, id)
	}
	if err != nil {
		return nil, err
	}
	return decode(kind, data)
}

func decode(kind record.Kind, data []byte) (proto.Message, error) {
	m, err := record.New(kind)
	if err != nil {
		return nil, err
	}
	if err := proto.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("decode %s: %w", kind, err)
	}
	return m, nil
}

// Update reads the record, checks that version (when non-zero) is the
// stored one, lets mutate change it, then validates and stores it as the
// next version, all in one transaction. Returns the stored record;
// NotFound, Stale or Invalid as they apply.
func (s *Store) Update(ctx context.Context, kind record.Kind, id string, version int64, mutate func(proto.Message) error) (proto.Message, error) {
	const op = "store.Update"
	var out proto.Message
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getRecord(ctx, tx, kind, id)
		if err != nil {
			return err
		}
		meta := record.GetMeta(cur)
		if version != 0 && version != meta.Version {
			return errs.E("", errs.Stale, "%s %s is at version %d, not %d: it changed since it was read", kind, id, meta.Version, version)
		}
		// The record before the change: records carrying some of it go
		// out again if what they may carry changes.
		before := proto.Clone(cur)
		if err := mutate(cur); err != nil {
			return err
		}
		record.SetMeta(cur, meta) // mutate may not touch node-owned fields
		out = cur
		if err := s.replace(ctx, tx, kind, cur, meta); err != nil {
			return err
		}
		return s.reshareReferring(ctx, tx, before, cur)
	})
	return out, errs.Op(op, s.wrote(err))
}

// replace stores m as the version after meta.Version; meta is the stored
// record's, whose visibility decides whether a tombstone must go out.
func (s *Store) replace(ctx context.Context, tx *sql.Tx, kind record.Kind, m proto.Message, meta record.Meta) error {
	was := meta.Visibility
	meta.Version++
	meta.UpdateTime = s.now()
	if !meta.UpdateTime.After(meta.CreateTime) {
		meta.UpdateTime = meta.CreateTime
	}
	record.SetMeta(m, meta)
	if err := s.check(ctx, tx, kind, m); err != nil {
		return err
	}
	ix := s.indexOf(m)
	data, doc, err := encodeRecord(m)
	if err != nil {
		return err
	}
	vis := record.ShortName(record.GetMeta(m).Visibility)
	if _, err := tx.ExecContext(ctx, `UPDATE records SET version = ?, visibility = ?, status = ?, level = ?, update_time = ?, search_text = ?, data = ?, data_json = ?
		WHERE id = ?`, meta.Version, vis, ix.Status, ix.Level, formatTime(meta.UpdateTime), ix.Text, data, doc, meta.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM record_terms WHERE record_id = ?`, meta.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM record_refs WHERE from_id = ?`, meta.ID); err != nil {
		return err
	}
	if err := writeIndex(ctx, tx, meta.ID, ix); err != nil {
		return err
	}
	if err := s.logChange(ctx, tx, kind, meta.ID, meta.Version, ActionUpdate); err != nil {
		return err
	}
	return s.share(ctx, tx, kind, meta.ID, meta.Version, was, m)
}

// sameCarriedContent tells whether what a shared form may carry of a
// record, besides its id, is the same in a and b: a partner's
// organisation, kind and sector (sharedForm); other records travel in
// others only as their id.
func sameCarriedContent(a, b proto.Message) bool {
	pa, ok := a.(*hcnetv1.Partner)
	if !ok {
		return true
	}
	pb := b.(*hcnetv1.Partner)
	return pa.GetOrganisation() == pb.GetOrganisation() && pa.GetKind() == pb.GetKind() && pa.GetSector() == pb.GetSector()
}

// reshareReferring stores the next version of every shared record that
// refers to the record changed from old to cur, when what that record's
// shared form may carry of it changed (record.MayCarry): a hub keeps only
// the highest version of a record, so without a new version it would keep
// a name or an id its record no longer lets travel there, or miss one it
// now does.
func (s *Store) reshareReferring(ctx context.Context, tx *sql.Tx, old, cur proto.Message) error {
	was, is := record.GetMeta(old).Visibility, record.GetMeta(cur).Visibility
	sameContent := sameCarriedContent(old, cur)
	if was == is && sameContent {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.kind, r.visibility FROM record_refs x JOIN records r ON r.id = x.from_id
		WHERE x.to_id = ? AND r.visibility IN ('network', 'public') ORDER BY r.id`, record.GetMeta(cur).ID)
	if err != nil {
		return err
	}
	type referrer struct {
		id   string
		kind record.Kind
	}
	var again []referrer
	for rows.Next() {
		var r referrer
		var vis string
		if err := rows.Scan(&r.id, &r.kind, &vis); err != nil {
			rows.Close()
			return err
		}
		v, err := record.ParseEnum[hcnetv1.Visibility](vis)
		if err != nil {
			rows.Close()
			return err
		}
		before, after := record.MayCarry(v, was), record.MayCarry(v, is)
		if sharedKinds[r.kind] && (before != after || (after && !sameContent)) {
			again = append(again, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range again {
		m, err := getRecord(ctx, tx, r.kind, r.id)
		if err != nil {
			return err
		}
		if err := s.replace(ctx, tx, r.kind, m, record.GetMeta(m)); err != nil {
			return fmt.Errorf("share %s %s again: %w", r.kind, r.id, err)
		}
	}
	return nil
}

// Delete removes a record, leaving its next version as a tombstone. A
// non-zero version must be the stored one. Returns NotFound, Stale, or
// InUse when another record still refers to it.
func (s *Store) Delete(ctx context.Context, kind record.Kind, id string, version int64) error {
	const op = "store.Delete"
	if kind == record.KindCity {
		return errs.E(op, errs.Invalid, "the city profile cannot be deleted")
	}
	return errs.Op(op, s.wrote(s.db.Tx(ctx, func(tx *sql.Tx) error {
		var have int64
		var vis string
		err := tx.QueryRowContext(ctx, `SELECT version, visibility FROM records WHERE kind = ? AND id = ?`, kind, id).Scan(&have, &vis)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.E("", errs.NotFound, "no %s with id %q", kind, id)
		}
		if err != nil {
			return err
		}
		if version != 0 && version != have {
			return errs.E("", errs.Stale, "%s %s is at version %d, not %d: it changed since it was read", kind, id, have, version)
		}
		var users []string
		rows, err := tx.QueryContext(ctx, `SELECT r.kind || ' ' || r.id FROM record_refs x JOIN records r ON r.id = x.from_id WHERE x.to_id = ? ORDER BY r.id LIMIT 5`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return err
			}
			users = append(users, u)
		}
		rows.Close()
		if len(users) > 0 {
			return errs.E("", errs.InUse, "%s %s is still referred to by %v; change those first", kind, id, users)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM records WHERE id = ?`, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO deleted_records (id, kind, version, delete_time) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET version = excluded.version, delete_time = excluded.delete_time`,
			id, kind, have+1, formatTime(s.now()))
		if err != nil {
			return err
		}
		if err := s.logChange(ctx, tx, kind, id, have+1, ActionDelete); err != nil {
			return err
		}
		was, err := record.ParseEnum[hcnetv1.Visibility](vis)
		if err != nil {
			return err
		}
		return s.share(ctx, tx, kind, id, have+1, was, nil)
	})))
}

func writeIndex(ctx context.Context, tx *sql.Tx, id string, ix record.Index) error {
	for _, t := range ix.Terms {
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_terms (facet, value, record_id) VALUES (?, ?, ?)`, t.Facet, t.Value, id); err != nil {
			return err
		}
	}
	for _, r := range ix.Refs {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO record_refs (from_id, to_id) VALUES (?, ?)`, id, r.ID); err != nil {
			return err
		}
	}
	return nil
}

// check validates a record and that everything it refers to exists.
func (s *Store) check(ctx context.Context, tx *sql.Tx, kind record.Kind, m proto.Message) error {
	if plan, ok := m.(*hcnetv1.HealthPlan); ok {
		assignStepIDs(plan)
	}
	// Report bad fields and missing references together: a client learns
	// every problem of a request at once.
	vs := record.Validate("", m)
	fieldOK := len(vs) == 0
	c := record.NewChecker("", &vs)
	for _, ref := range s.indexOf(m).Refs {
		if _, err := ulid.ParseStrict(ref.ID); err != nil {
			continue // already reported as malformed
		}
		var k string
		err := tx.QueryRowContext(ctx, `SELECT kind FROM records WHERE id = ?`, ref.ID).Scan(&k)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			reportNoSuch(c, ref.Field, ref.Kind, ref.ID)
		case err != nil:
			return err
		case record.Kind(k) != ref.Kind:
			c.Report(ref.Field, msgOtherKind, "ID", ref.ID, record.KindArg, k, record.WantArg, ref.Kind)
		}
	}
	if ind, ok := m.(*hcnetv1.Indicator); ok && ind.GetGoalId() != "" && fieldOK && len(vs) == 0 {
		plan, err := getRecord(ctx, tx, record.KindHealthPlan, ind.GetPlanId())
		if err != nil {
			return err
		}
		found := false
		for _, g := range plan.(*hcnetv1.HealthPlan).GetGoals() {
			found = found || g.GetId() == ind.GetGoalId()
		}
		if !found {
			c.Report("goal_id", msgNotPlanGoal, "Goal", strconv.Quote(ind.GetGoalId()), "Plan", ind.GetPlanId())
		}
	}
	if plan, ok := m.(*hcnetv1.HealthPlan); ok && fieldOK && len(vs) == 0 {
		if err := checkGoalsInUse(ctx, tx, plan, c); err != nil {
			return err
		}
	}
	return errs.InvalidFields("", vs)
}

// checkGoalsInUse refuses a plan that drops a goal an indicator still
// measures: the indicator would point at nothing, and its chart would
// silently lose its goal.
func checkGoalsInUse(ctx context.Context, tx *sql.Tx, plan *hcnetv1.HealthPlan, c record.Checker) error {
	goals := make(map[string]bool, len(plan.GetGoals()))
	for _, g := range plan.GetGoals() {
		goals[g.GetId()] = true
	}
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.data FROM record_refs x JOIN records r ON r.id = x.from_id
		WHERE x.to_id = ? AND r.kind = ? ORDER BY r.id`, plan.GetId(), record.KindIndicator)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return err
		}
		ind := &hcnetv1.Indicator{}
		if err := proto.Unmarshal(data, ind); err != nil {
			return fmt.Errorf("decode indicator %s: %w", id, err)
		}
		if g := ind.GetGoalId(); g != "" && !goals[g] {
			c.Report("goals", msgGoalMeasured, "Goal", strconv.Quote(g), "ID", id, "Name", strconv.Quote(ind.GetName()))
		}
	}
	return rows.Err()
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
