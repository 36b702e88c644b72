package node

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/outbox"
	"github.com/hcnet/hcnet/internal/reconcile"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// SyncInterval is how often a node that is an approved, connected member
// compares its shared records with its hub. When everything matches, a
// comparison is one request of reconcile.InitialRanges digests.
const SyncInterval = 10 * time.Minute

// syncCallLimit is the deadline of one reconcile request to the hub.
const syncCallLimit = 30 * time.Second

// SyncProgress counts what a sync has done so far.
type SyncProgress struct {
	// Total is how many records the node shares.
	Total int64
	// Compared counts records whose comparison is settled.
	Compared int64
	// AlreadyPresent counts records the hub holds at the node's version.
	AlreadyPresent int64
	// Repaired counts envelopes queued again: records the hub lacks or
	// holds at an older version, and tombstones of records it should no
	// longer hold.
	Repaired int64
}

// HubReconciler asks a hub to compare; a HubServiceClient's Reconcile,
// or a fake in tests.
type HubReconciler func(ctx context.Context, req *hcnetv1.ReconcileRequest) (*hcnetv1.ReconcileResponse, error)

// Sync compares the node's shared set with what the hub holds and queues,
// in one write transaction, what repairs the difference: the current
// shared form of records the hub lacks or holds at an older version, and
// tombstones of records the hub holds that the node deleted or made
// private. The relay then delivers them. progress, when set, sees the
// counts after every request.
func (s *Store) Sync(ctx context.Context, hub HubReconciler, progress func(SyncProgress)) (SyncProgress, error) {
	const op = "node.Sync"
	if s.identity == nil {
		return SyncProgress{}, errs.E(op, errs.Unavailable, "the node has no identity key yet")
	}
	since, restored, err := s.restoredAt(ctx)
	if err != nil {
		return SyncProgress{}, errs.Op(op, err)
	}
	local, err := s.sharedPairs(ctx, since, restored)
	if err != nil {
		return SyncProgress{}, errs.Op(op, err)
	}
	id := s.identity
	ask := func(ctx context.Context, ranges []*hcnetv1.DigestRange) ([]*hcnetv1.RangeResult, error) {
		req, err := envelope.SignReconcile(id.Key, &hcnetv1.ReconcileQuery{Country: id.Country, CityId: id.City, Ranges: ranges}, s.now())
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(ctx, syncCallLimit)
		defer cancel()
		resp, err := hub(ctx, req)
		if err != nil {
			// The hub's refusal (it no longer knows the city's key, the
			// query is malformed) keeps its kind and words.
			kind, refusal := errs.Refusal(err)
			return nil, errs.Wrap(op, kind, fmt.Errorf("hub refused or did not answer the comparison: %w", refusal))
		}
		return resp.GetRanges(), nil
	}
	report := func(r reconcile.Result) SyncProgress {
		return SyncProgress{Total: r.Total, Compared: r.Compared, AlreadyPresent: r.Present}
	}
	res, err := reconcile.Compare(ctx, local, ask, func(r reconcile.Result) {
		if progress != nil {
			progress(report(r))
		}
	})
	if err != nil {
		return report(res), err
	}
	out := report(res)
	var settled bool
	out.Repaired, settled, err = s.repair(ctx, res)
	if err != nil {
		return out, errs.Op(op, err)
	}
	if restored && settled {
		// Every record is now at a version above what the hub has
		// seen, and later writes go on from there.
		if err := s.SetSettings(ctx, map[string]string{RestoredSetting: ""}); err != nil {
			return out, errs.Op(op, err)
		}
	}
	return out, nil
}

// sharedPairs is the node's shared set: (id, version) of every record of
// a shared kind with network or public visibility, in id order. When the
// database was restored from a backup (restored), a record written at
// or after since is suspect: its version may be one the hub holds with
// the content of a write the restore lost.
func (s *Store) sharedPairs(ctx context.Context, since time.Time, restored bool) ([]reconcile.Pair, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, kind, version, update_time FROM records WHERE visibility IN ('network', 'public') ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reconcile.Pair
	for rows.Next() {
		var p reconcile.Pair
		var kind record.Kind
		var updated string
		if err := rows.Scan(&p.ID, &kind, &p.Version, &updated); err != nil {
			return nil, err
		}
		if restored {
			t, err := time.Parse(time.RFC3339Nano, updated)
			p.Suspect = err != nil || !t.Before(since)
		}
		if sharedKinds[kind] {
			out = append(out, p)
		}
	}
	return out, rows.Err()
}

// repair queues, in one write transaction, the current shared form of
// each record the hub lacks or holds at an older version (res.Send), and
// a tombstone for each record the hub holds that the node does not share
// (res.Extra). A record that changed since it was compared, or whose
// envelope still waits in the outbox, is left alone: the write that
// changed it queued what the hub needs. Returns how many it queued.
//
// The node is its records' single writer, so where the hub is ahead of
// it (res.Newer: a later version, or a tombstone at the node's version
// or later; res.Extra of a record the node deleted or made private at a
// version the hub has seen, or never had) the node's database is older
// than what it once shared: it was restored from a backup. The node's
// state wins: it moves the record to the version after the hub's and
// sends that, its current form or a tombstone, so the hub takes it and
// the node's later writes never reuse a version the network has seen.
//
// A repair goes out under a Nats-Msg-Id of its own (outbox.RepairSuffix
// says why).
//
// settled is false when a record the hub is ahead of changed while it
// was compared: the next sync looks at it again.
func (s *Store) repair(ctx context.Context, res reconcile.Result) (n int64, settled bool, err error) {
	send, extra := res.Send, res.Extra
	settled = true
	if len(send) == 0 && len(extra) == 0 && len(res.Newer) == 0 {
		return 0, settled, nil
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		suffix := outbox.RepairSuffix(s.now())
		queue := func(id string, version int64, enqueue func() error) error {
			var pending int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE record_id = ? AND version >= ?`, id, version).Scan(&pending); err != nil {
				return err
			}
			if pending > 0 {
				return nil
			}
			if err := enqueue(); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `UPDATE outbox SET msg_id = msg_id || ? WHERE seq = (SELECT max(seq) FROM outbox WHERE record_id = ? AND version = ?)`,
				suffix, id, version)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n += k
			return nil
		}
		for _, p := range send {
			var kind record.Kind
			var version int64
			var vis string
			var data []byte
			err := tx.QueryRowContext(ctx, `SELECT kind, version, visibility, data FROM records WHERE id = ?`, p.ID).Scan(&kind, &version, &vis, &data)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if version != p.Version || (vis != "network" && vis != "public") {
				continue
			}
			m, err := decode(kind, data)
			if err != nil {
				return err
			}
			if err := queue(p.ID, version, func() error {
				return s.share(ctx, tx, kind, p.ID, version, hcnetv1.Visibility_VISIBILITY_PRIVATE, m)
			}); err != nil {
				return err
			}
		}
		for i, p := range res.Newer {
			ahead := res.Ahead[i]
			var kind record.Kind
			var version int64
			err := tx.QueryRowContext(ctx, `SELECT kind, version FROM records WHERE id = ?`, p.ID).Scan(&kind, &version)
			if errors.Is(err, sql.ErrNoRows) {
				settled = false // deleted since it was compared
				continue
			}
			if err != nil {
				return err
			}
			if version != p.Version || version > ahead.Version {
				settled = false // written since it was compared
				continue
			}
			if err := queue(p.ID, ahead.Version+1, func() error {
				return s.shareAbove(ctx, tx, kind, p.ID, ahead.Version)
			}); err != nil {
				return err
			}
		}
		for _, p := range extra {
			kind, version, ok, err := tombstoneOf(ctx, tx, p.ID)
			if err != nil {
				return err
			}
			if !ok {
				var adopted bool
				if kind, adopted, err = s.adoptWithdrawn(ctx, tx, p); err != nil {
					return err
				}
				if !adopted {
					continue
				}
				version = p.Version
			}
			if !sharedKinds[kind] {
				continue
			}
			if version <= p.Version {
				// The hub has seen this version or a later one: the
				// tombstone goes above it, and so does the node's count.
				version = p.Version + 1
				if err := setVersion(ctx, tx, p.ID, version); err != nil {
					return err
				}
			}
			// Network visibility: the hub withdraws it from its parent only
			// if it forwarded it there.
			if err := queue(p.ID, version, func() error {
				return s.share(ctx, tx, kind, p.ID, version, hcnetv1.Visibility_VISIBILITY_NETWORK, nil)
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return n, settled, s.wrote(err)
}

// shareAbove stores a record, unchanged, as the version after floor (the
// hub's) and queues its shared form, or a tombstone if it is private.
func (s *Store) shareAbove(ctx context.Context, tx *sql.Tx, kind record.Kind, id string, floor int64) error {
	if err := setVersion(ctx, tx, id, floor+1); err != nil {
		return err
	}
	m, err := getRecord(ctx, tx, kind, id)
	if err != nil {
		return err
	}
	if !isShared(record.GetMeta(m).Visibility) {
		m = nil
	}
	return s.share(ctx, tx, kind, id, floor+1, hcnetv1.Visibility_VISIBILITY_NETWORK, m)
}

// setVersion moves a record the node holds, or the trace of one it
// deleted, to version, its content unchanged.
func setVersion(ctx context.Context, tx *sql.Tx, id string, version int64) error {
	var kind record.Kind
	err := tx.QueryRowContext(ctx, `SELECT kind FROM records WHERE id = ?`, id).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.ExecContext(ctx, `UPDATE deleted_records SET version = ? WHERE id = ?`, version, id)
		return err
	}
	if err != nil {
		return err
	}
	m, err := getRecord(ctx, tx, kind, id)
	if err != nil {
		return err
	}
	meta := record.GetMeta(m)
	meta.Version = version
	record.SetMeta(m, meta)
	data, doc, err := encodeRecord(m)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE records SET version = ?, data = ?, data_json = ? WHERE id = ?`, version, data, doc, id)
	return err
}

// adoptWithdrawn handles a record the hub holds that the node has no
// trace of: one shared after the backup the node was restored from. In
// the restored state it does not exist, so the node withdraws it and
// remembers it as deleted at the hub's version (setVersion then moves it
// above). adopted is false for a kind the node does not share, which it
// leaves alone, and for a record it shares by now (written since it was
// compared).
func (s *Store) adoptWithdrawn(ctx context.Context, tx *sql.Tx, p reconcile.Pair) (kind record.Kind, adopted bool, err error) {
	kind = record.Kind(p.Kind)
	var held int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM records WHERE id = ?`, p.ID).Scan(&held); err != nil || held > 0 || !sharedKinds[kind] {
		return kind, false, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO deleted_records (id, kind, version, delete_time) VALUES (?, ?, ?, ?)`,
		p.ID, kind, p.Version, formatTime(s.now()))
	return kind, err == nil, err
}

// tombstoneOf is the version a tombstone of id must carry: the deleted
// record's last version, or the current version of a record made
// private. ok is false when the node shares the record, or never had it.
func tombstoneOf(ctx context.Context, tx *sql.Tx, id string) (record.Kind, int64, bool, error) {
	var kind record.Kind
	var version int64
	var vis string
	err := tx.QueryRowContext(ctx, `SELECT kind, version, visibility FROM records WHERE id = ?`, id).Scan(&kind, &version, &vis)
	switch {
	case err == nil:
		return kind, version, vis == "private", nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", 0, false, err
	}
	err = tx.QueryRowContext(ctx, `SELECT kind, version FROM deleted_records WHERE id = ?`, id).Scan(&kind, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, false, nil
	}
	return kind, version, err == nil, err
}

// syncWithHub runs Sync against the hub the node is an approved member of.
func syncWithHub(ctx context.Context, store *Store, sharing Sharing, progress func(SyncProgress)) (SyncProgress, error) {
	const op = "node.Sync"
	link, err := sharing.Link(ctx)
	if err != nil {
		return SyncProgress{}, errs.Op(op, err)
	}
	switch {
	case link == nil:
		return SyncProgress{}, errs.E(op, errs.Unavailable, "the node has not joined a hub; run `hcctl hub join --hub HUBADDR` first")
	case link.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED:
		return SyncProgress{}, errs.E(op, errs.Unavailable, "the node's membership of hub %s is %s, not approved", link.GetHubAddr(), record.ShortName(link.GetStatus()))
	}
	conn, err := sharing.Dial(link.GetHubAddr())
	if err != nil {
		return SyncProgress{}, errs.Wrap(op, errs.Unavailable, fmt.Errorf("hub address %q: %w", link.GetHubAddr(), err))
	}
	defer conn.Close()
	hub := hcnetv1.NewHubServiceClient(conn)
	return store.Sync(ctx, func(ctx context.Context, req *hcnetv1.ReconcileRequest) (*hcnetv1.ReconcileResponse, error) {
		return hub.Reconcile(ctx, req)
	}, progress)
}

// syncEvery compares with the hub every interval while the node is an
// approved member connected to its hub, until ctx ends.
func (n *Node) syncEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		st, err := n.Sharing.Status(ctx)
		if err != nil || !st.GetConnected() || st.GetHub().GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
			continue
		}
		res, err := syncWithHub(ctx, n.Store, n.Sharing, nil)
		level := slog.LevelDebug
		if res.Repaired > 0 {
			level = slog.LevelInfo
		}
		if err != nil {
			n.log.Warn("sync with hub", "err", err, "compared", res.Compared, "repaired", res.Repaired)
			continue
		}
		n.log.Log(ctx, level, "synced with hub", "total", res.Total, "already_present", res.AlreadyPresent, "repaired", res.Repaired)
	}
}
