package upstream

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
)

// SetParent makes a running hub join the parent hub at addr, as `hchub
// init --parent` does at the first start: it applies to the parent,
// records it once the parent has answered, and starts forwarding. The
// forwarder reads the hub's stream from its start, so every public record
// the hub already holds goes up once the parent's coordinator approves
// the hub, not only new ones. A hub joins a parent only with a country
// (a parent accepts a hub's word for the cities of its country alone),
// only as the primary (replicas never forward), and only when it has no
// parent yet: moving to another parent is refused with Exists.
func (u *Upstream) SetParent(ctx context.Context, addr string) error {
	const op = "hub.SetParent"
	var vs record.Violations
	c := record.NewChecker("", &vs)
	c.Text("parent", addr, record.MaxShort, true)
	if u.country == "" {
		c.Add("country", "a hub joins a parent only for the cities of one country, and this hub has none: "+
			"national hubs are initialised with --country")
	}
	if err := errs.InvalidFields(op, vs); err != nil {
		return err
	}
	if u.replica != "" {
		return errs.E(op, errs.Invalid, "replica %s does not forward; set the parent on the primary hub", u.replica)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.relay != nil {
		cur, err := u.store.Setting(ctx, "upstream_addr")
		if err != nil {
			return err
		}
		if cur == addr {
			_, err := u.relay.Join(ctx, addr) // ask again: the answer may have changed
			if err == nil && u.stop == nil {
				// A join that failed after recording the parent: finish it.
				if err = u.link(ctx); err == nil {
					u.start()
				}
			}
			return err
		}
		return errs.E(op, errs.Exists, "the hub already forwards to its parent %s", cur)
	}
	r := u.newRelay()
	if err := u.notSelf(ctx, r, addr); err != nil {
		return err
	}
	// Join records the parent only once it has answered, so a mistyped
	// or unreachable address leaves the hub as it was.
	if _, err := r.Join(ctx, addr); err != nil {
		return err
	}
	u.relay = r
	if err := u.link(ctx); err != nil {
		// Not linked: a retry with the same address finishes the join.
		return err
	}
	u.start()
	u.log.Info("joined a parent hub", "parent", addr)
	return nil
}

// ParentLink says how the hub stands with its parent; nil without one.
func (u *Upstream) ParentLink(ctx context.Context) (*hcnetv1.ParentLink, error) {
	u.mu.Lock()
	r := u.relay
	u.mu.Unlock()
	if r == nil {
		return nil, nil
	}
	st, err := r.Status(ctx)
	if err != nil || st.GetHub() == nil {
		return nil, err
	}
	l := st.GetHub()
	return &hcnetv1.ParentLink{
		Addr: l.GetHubAddr(), HubId: l.GetHubId(), HubName: l.GetHubName(), Status: l.GetStatus(),
		Connected: st.GetConnected(), OutboxDepth: st.GetOutboxDepth(), LastError: st.GetLastError(),
	}, nil
}

// Status is the relay's word on the parent and on the outbox;
// NotFound when the hub has no parent.
func (u *Upstream) Status(ctx context.Context) (*hcnetv1.GetStatusResponse, error) {
	u.mu.Lock()
	r := u.relay
	u.mu.Unlock()
	if r == nil {
		return nil, errs.E("hub.ParentStatus", errs.NotFound, "the hub has no parent")
	}
	return r.Status(ctx)
}

// LeaveParent stops forwarding to the parent and forgets it: the relay,
// the forwarder and the comparisons stop, the envelopes still waiting
// for the parent are dropped, and the record of what was forwarded and
// the forwarder's position in the stream are reset, so that joining a
// parent later forwards every public record again. The parent keeps the
// copies it holds; its coordinator revokes the hub to stop trusting its
// word. NotFound when the hub has no parent.
func (u *Upstream) LeaveParent(ctx context.Context) error {
	const op = "hub.LeaveParent"
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.relay == nil {
		return errs.E(op, errs.NotFound, "the hub has no parent")
	}
	if u.replica != "" {
		return errs.E(op, errs.Invalid, "replica %s does not forward; leave the parent on the primary hub", u.replica)
	}
	u.attester.on.Store(false)
	if u.stop != nil {
		u.stop()
	}
	u.running.Wait()
	err := u.store.DB().Tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM settings WHERE key LIKE 'upstream\_%' ESCAPE '\' OR key IN ('relay_last_delivery', 'attestations_seeded')`,
			`DELETE FROM outbox`,
			`DELETE FROM forwarded`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := u.stream.DeleteConsumer(ctx, subject.ForwardConsumer); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return err
	}
	u.relay, u.forwarder, u.stop = nil, nil, nil
	u.log.Info("left the parent hub")
	return nil
}

// notSelf refuses addr when it is this hub's own address: the hub would
// apply to itself and forward its records in a circle.
func (u *Upstream) notSelf(ctx context.Context, r *relay.Relay, addr string) error {
	const op = "hub.SetParent"
	conn, err := r.Dial(addr)
	if err != nil {
		return errs.InvalidFields(op, record.Violations{{Field: "parent", Description: fmt.Sprintf("%q is not a hub address: %v", addr, err)}})
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	info, err := hcnetv1.NewHubServiceClient(conn).GetHub(ctx, &hcnetv1.GetHubRequest{})
	if err != nil {
		return errs.Wrap(op, errs.Unavailable, fmt.Errorf("reach the parent hub at %s: %w", addr, err))
	}
	if info.GetId() == u.hubID {
		return errs.InvalidFields(op, record.Violations{{Field: "parent", Description: fmt.Sprintf("%s is this hub (%s) itself", addr, info.GetId())}})
	}
	return nil
}
