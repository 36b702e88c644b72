package upstream

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/outbox"
	"github.com/hcnet/hcnet/internal/reconcile"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
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
func (u *Upstream) SyncParent(ctx context.Context) (SyncSummary, error) {
	const op = "hub.SyncParent"
	var sum SyncSummary
	u.mu.Lock()
	r, f := u.relay, u.forwarder
	u.mu.Unlock()
	if r == nil || f == nil {
		return sum, errs.E(op, errs.Unavailable, "the hub has no parent")
	}
	return u.syncParent(ctx, r, f)
}

// syncParent is SyncParent through the relay r and the forwarder f.
func (u *Upstream) syncParent(ctx context.Context, r *relay.Relay, f *forwarder) (SyncSummary, error) {
	const op = "hub.SyncParent"
	var sum SyncSummary
	link, err := r.Link(ctx)
	if err != nil {
		return sum, err
	}
	if link == nil || link.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
		return sum, errs.E(op, errs.Unavailable, "the hub is not an approved member of its parent %s yet", link.GetHubAddr())
	}
	conn, err := r.Dial(link.GetHubAddr())
	if err != nil {
		return sum, errs.Wrap(op, errs.Unavailable, fmt.Errorf("parent address %q: %w", link.GetHubAddr(), err))
	}
	defer conn.Close()
	parent := hcnetv1.NewHubServiceClient(conn)
	cities, err := u.forwardedCities(ctx)
	if err != nil {
		return sum, err
	}
	for _, c := range cities {
		local, err := u.store.PublicPairs(ctx, c)
		if err != nil {
			return sum, err
		}
		ask := func(ctx context.Context, ranges []*hcnetv1.DigestRange) ([]*hcnetv1.RangeResult, error) {
			req, err := envelope.SignReconcile(u.key, &hcnetv1.ReconcileQuery{Country: c.Country, CityId: c.City, Ranges: ranges}, time.Now())
			if err != nil {
				return nil, err
			}
			ctx, cancel := context.WithTimeout(ctx, syncCallLimit)
			defer cancel()
			resp, err := parent.Reconcile(ctx, req)
			if err != nil {
				// The parent's refusal keeps its kind and words.
				kind, refusal := errs.Refusal(err)
				return nil, errs.Wrap(op, kind, fmt.Errorf("parent refused or did not answer the comparison of %s/%s: %w", c.Country, c.City, refusal))
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
		repaired, withdrawn, err := f.repair(ctx, c, res.Send, res.Extra)
		if err != nil {
			return sum, err
		}
		sum.Repaired += repaired
		sum.Withdrawn += withdrawn
	}
	if sum.Repaired+sum.Withdrawn > 0 {
		r.Wake()
	}
	return sum, nil
}

// forwardedCities are the cities of the hub's country it holds public
// records of or ever forwarded a record of, in order.
func (u *Upstream) forwardedCities(ctx context.Context) ([]City, error) {
	public, err := u.store.PublicCities(ctx, u.country)
	if err != nil {
		return nil, err
	}
	rows, err := u.store.DB().Read.QueryContext(ctx, `SELECT DISTINCT country, city_id FROM forwarded WHERE (? = '' OR country = ?)`, u.country, u.country)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[City]bool{}
	out := []City{}
	for _, c := range public {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for rows.Next() {
		var c City
		if err := rows.Scan(&c.Country, &c.City); err != nil {
			return nil, err
		}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b City) int {
		return cmp.Or(strings.Compare(a.Country, b.Country), strings.Compare(a.City, b.City))
	})
	return out, nil
}

// repair queues, in one transaction, the stored envelope of each record
// in send and a signed withdrawal of each record in extra (pairs at the
// parent's version). Like a node's repairs, they carry Nats-Msg-Ids of
// their own so the parent's dedup window cannot drop them; a record whose
// row still waits in the outbox is left to that row.
func (f *forwarder) repair(ctx context.Context, c City, send, extra []reconcile.Pair) (repaired, withdrawn int64, err error) {
	if len(send) == 0 && len(extra) == 0 {
		return 0, 0, nil
	}
	suffix := outbox.RepairSuffix(time.Now())
	err = f.store.DB().Tx(ctx, func(tx *sql.Tx) error {
		pending := func(subj string) (bool, error) {
			var n int
			err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE subject = ?`, subj).Scan(&n)
			return n > 0, err
		}
		for _, p := range send {
			r, ok, err := f.store.Stored(ctx, tx, c, p.ID)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if r.Version != p.Version || !r.Public {
				continue // changed since compared: the forwarder handles it
			}
			subj := subject.Record(c.Country, c.City, r.Kind, p.ID)
			busy, err := pending(subj)
			if err != nil {
				return err
			}
			if busy {
				continue
			}
			h := &hcnetv1.EnvelopeHeader{OriginCountry: c.Country, OriginCity: c.City, Id: p.ID, Version: r.Version}
			if err := enqueue(ctx, tx, relay.Row{Subject: subj, MsgID: envelope.MsgID(h) + suffix, Envelope: r.Envelope, Path: r.Path}); err != nil {
				return err
			}
			if err := markForwarded(ctx, tx, c, p.ID, r.Version); err != nil {
				return err
			}
			repaired++
		}
		for _, p := range extra {
			kind, version, ok, err := f.store.WithdrawnAt(ctx, tx, c, p.ID)
			if err != nil {
				return err
			}
			if !ok || version <= p.Version {
				continue // unknown here, or the parent is ahead
			}
			busy, err := pending(subject.Record(c.Country, c.City, kind, p.ID))
			if err != nil {
				return err
			}
			if busy {
				continue
			}
			w, err := withdrawal(f.key, &hcnetv1.Withdrawal{
				HubId: f.hubID, Country: c.Country, CityId: c.City, Kind: kind, Id: p.ID, Version: version, Time: timestamppb.Now(),
			}, suffix)
			if err != nil {
				return err
			}
			if err := enqueue(ctx, tx, w); err != nil {
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

func markForwarded(ctx context.Context, tx *sql.Tx, c City, id string, version int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO forwarded (country, city_id, id, version) VALUES (?, ?, ?, ?)
		ON CONFLICT (country, city_id, id) DO UPDATE SET version = max(version, excluded.version)`, c.Country, c.City, id, version)
	return err
}

// syncParentEvery compares with the parent through r and f every
// interval while the hub is connected to it, until ctx ends.
func (u *Upstream) syncParentEvery(ctx context.Context, r *relay.Relay, f *forwarder, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		st, err := r.Status(ctx)
		if err != nil || !st.GetConnected() {
			continue
		}
		sum, err := u.syncParent(ctx, r, f)
		if err != nil {
			u.log.Warn("sync with parent", "err", err, "cities", sum.Cities, "repaired", sum.Repaired)
			continue
		}
		u.log.Debug("synced with parent", "cities", sum.Cities, "total", sum.Total, "repaired", sum.Repaired, "withdrawn", sum.Withdrawn)
	}
}
