package hub

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/outbox"
	"github.com/hcnet/hcnet/internal/reconcile"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// SyncInterval is how often a hub with a parent compares, city by city,
// the public records it holds with the parent's.
const SyncInterval = 10 * time.Minute

// syncCallLimit is the deadline of one reconcile request to the parent.
const syncCallLimit = 30 * time.Second

// SyncSummary counts what a comparison with the parent did.
type SyncSummary struct {
	// Cities compared.
	Cities int
	// Records the hub holds publicly, compared, and held by the parent at
	// the same version.
	Total, Compared, AlreadyPresent int64
	// Envelopes queued again for the parent (missing or stale there), and
	// withdrawals of records the parent holds that are no longer public
	// here.
	Repaired, Withdrawn int64
}

// SyncParent compares, for every city the hub holds or forwarded public
// records of, the hub's public set with what the parent holds, and queues
// what repairs the difference: the stored envelopes (the city's own
// signature) with their path, and signed withdrawals. The relay delivers
// them. Returns Unavailable when the hub has no parent or is not yet an
// approved member of it.
func (h *Hub) SyncParent(ctx context.Context) (SyncSummary, error) {
	const op = "hub.SyncParent"
	var sum SyncSummary
	if h.Relay == nil || h.Forwarder == nil {
		return sum, errs.E(op, errs.Unavailable, "the hub has no parent")
	}
	link, err := h.Relay.Link(ctx)
	if err != nil {
		return sum, err
	}
	if link == nil || link.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
		return sum, errs.E(op, errs.Unavailable, "the hub is not an approved member of its parent %s yet", link.GetHubAddr())
	}
	conn, err := h.Relay.Dial(link.GetHubAddr())
	if err != nil {
		return sum, errs.Wrap(op, errs.Unavailable, fmt.Errorf("parent address %q: %w", link.GetHubAddr(), err))
	}
	defer conn.Close()
	parent := hcnetv1.NewHubServiceClient(conn)
	cities, err := h.Store.forwardedCities(ctx)
	if err != nil {
		return sum, err
	}
	for _, c := range cities {
		local, err := h.Store.publicPairs(ctx, c)
		if err != nil {
			return sum, err
		}
		ask := func(ctx context.Context, ranges []*hcnetv1.DigestRange) ([]*hcnetv1.RangeResult, error) {
			req, err := envelope.SignReconcile(h.Forwarder.key, &hcnetv1.ReconcileQuery{Country: c.country, CityId: c.city, Ranges: ranges}, time.Now())
			if err != nil {
				return nil, err
			}
			ctx, cancel := context.WithTimeout(ctx, syncCallLimit)
			defer cancel()
			resp, err := parent.Reconcile(ctx, req)
			if err != nil {
				return nil, errs.Wrap(op, errs.Unavailable, fmt.Errorf("parent refused or did not answer the comparison of %s/%s: %w", c.country, c.city, err))
			}
			return resp.GetRanges(), nil
		}
		res, err := reconcile.Compare(ctx, local, ask, nil)
		if err != nil {
			return sum, err
		}
		sum.Cities++
		sum.Total += res.Total
		sum.Compared += res.Compared
		sum.AlreadyPresent += res.Present
		repaired, withdrawn, err := h.Forwarder.repair(ctx, c, res.Send, res.Extra)
		if err != nil {
			return sum, err
		}
		sum.Repaired += repaired
		sum.Withdrawn += withdrawn
	}
	if sum.Repaired+sum.Withdrawn > 0 {
		h.Relay.Wake()
	}
	return sum, nil
}

// forwardedCities are the cities of the hub's country it holds public
// records of or ever forwarded a record of.
func (s *Store) forwardedCities(ctx context.Context) ([]cityKey, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT country, city_id FROM records WHERE visibility = 'public' AND (? = '' OR country = ?)
		UNION SELECT country, city_id FROM forwarded WHERE (? = '' OR country = ?)
		ORDER BY 1, 2`, s.country, s.country, s.country, s.country)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cityKey
	for rows.Next() {
		var c cityKey
		if err := rows.Scan(&c.country, &c.city); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// publicPairs is a city's public set at this hub, in id order.
func (s *Store) publicPairs(ctx context.Context, c cityKey) ([]reconcile.Pair, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, version FROM records WHERE country = ? AND city_id = ? AND visibility = 'public' ORDER BY id`,
		c.country, c.city)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reconcile.Pair
	for rows.Next() {
		var p reconcile.Pair
		if err := rows.Scan(&p.ID, &p.Version); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// repair queues, in one transaction, the stored envelope of each record
// in send and a signed withdrawal of each record in extra (pairs at the
// parent's version). Like a node's repairs, they carry Nats-Msg-Ids of
// their own so the parent's dedup window cannot drop them; a record whose
// row still waits in the outbox is left to that row.
func (f *Forwarder) repair(ctx context.Context, c cityKey, send, extra []reconcile.Pair) (repaired, withdrawn int64, err error) {
	if len(send) == 0 && len(extra) == 0 {
		return 0, 0, nil
	}
	suffix := outbox.RepairSuffix(time.Now())
	err = f.store.db.Tx(ctx, func(tx *sql.Tx) error {
		pending := func(subj string) (bool, error) {
			var n int
			err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE subject = ?`, subj).Scan(&n)
			return n > 0, err
		}
		for _, p := range send {
			var kind, vis, path string
			var version int64
			var env []byte
			err := tx.QueryRowContext(ctx, `SELECT kind, version, visibility, envelope, path FROM records WHERE country = ? AND city_id = ? AND id = ?`,
				c.country, c.city, p.ID).Scan(&kind, &version, &vis, &env, &path)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if version != p.Version || vis != "public" {
				continue // changed since compared: the forwarder handles it
			}
			subj := subject.Record(c.country, c.city, kind, p.ID)
			busy, err := pending(subj)
			if err != nil {
				return err
			}
			if busy {
				continue
			}
			h := &hcnetv1.EnvelopeHeader{OriginCountry: c.country, OriginCity: c.city, Id: p.ID, Version: version}
			if err := enqueue(ctx, tx, relay.Row{Subject: subj, MsgID: envelope.MsgID(h) + suffix, Envelope: env, Path: path}); err != nil {
				return err
			}
			if err := markForwarded(ctx, tx, c, p.ID, version); err != nil {
				return err
			}
			repaired++
		}
		for _, p := range extra {
			kind, version, ok, err := withdrawnAt(ctx, tx, c, p.ID)
			if err != nil {
				return err
			}
			if !ok || version <= p.Version {
				continue // unknown here, or the parent is ahead
			}
			subj := subject.Record(c.country, c.city, kind, p.ID)
			busy, err := pending(subj)
			if err != nil {
				return err
			}
			if busy {
				continue
			}
			st, err := envelope.SignStatement(f.key, &hcnetv1.Statement{Statement: &hcnetv1.Statement_Withdrawal{Withdrawal: &hcnetv1.Withdrawal{
				HubId: f.hubID, Country: c.country, CityId: c.city, Kind: kind, Id: p.ID, Version: version, Time: timestamppb.Now(),
			}}})
			if err != nil {
				return err
			}
			b, err := proto.Marshal(st)
			if err != nil {
				return err
			}
			msgID := fmt.Sprintf("withdraw/%s.%s/%s/%d%s", c.country, c.city, p.ID, version, suffix)
			if err := enqueue(ctx, tx, relay.Row{Subject: subj, MsgID: msgID, Envelope: b, Statement: "withdrawal"}); err != nil {
				return err
			}
			if err := markForwarded(ctx, tx, c, p.ID, version); err != nil {
				return err
			}
			withdrawn++
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return repaired, withdrawn, nil
}

// withdrawnAt is the version and kind a withdrawal of id must carry: the
// current version of a record no longer public here, or the version of
// its tombstone. ok is false when the record is public here or unknown.
func withdrawnAt(ctx context.Context, tx *sql.Tx, c cityKey, id string) (string, int64, bool, error) {
	var kind, vis string
	var version int64
	err := tx.QueryRowContext(ctx, `SELECT kind, version, visibility FROM records WHERE country = ? AND city_id = ? AND id = ?`,
		c.country, c.city, id).Scan(&kind, &version, &vis)
	switch {
	case err == nil:
		return kind, version, vis != record.ShortName(hcnetv1.Visibility_VISIBILITY_PUBLIC), nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", 0, false, err
	}
	err = tx.QueryRowContext(ctx, `SELECT kind, version FROM tombstones WHERE country = ? AND city_id = ? AND id = ? AND version > 0`,
		c.country, c.city, id).Scan(&kind, &version)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && kind == "") {
		return "", 0, false, nil // a tombstone from before kinds were kept names no subject
	}
	return kind, version, err == nil, err
}

func markForwarded(ctx context.Context, tx *sql.Tx, c cityKey, id string, version int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO forwarded (country, city_id, id, version) VALUES (?, ?, ?, ?)
		ON CONFLICT (country, city_id, id) DO UPDATE SET version = max(version, excluded.version)`, c.country, c.city, id, version)
	return err
}

// syncParentEvery compares with the parent every interval while the hub
// is connected to it, until ctx ends.
func (h *Hub) syncParentEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		st, err := h.Relay.Status(ctx)
		if err != nil || !st.GetConnected() {
			continue
		}
		sum, err := h.SyncParent(ctx)
		if err != nil {
			h.log.Warn("sync with parent", "err", err, "cities", sum.Cities, "repaired", sum.Repaired)
			continue
		}
		h.log.Debug("synced with parent", "cities", sum.Cities, "total", sum.Total, "repaired", sum.Repaired, "withdrawn", sum.Withdrawn)
	}
}
