package hub

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
func (h *Hub) SetParent(ctx context.Context, addr string) error {
	const op = "hub.SetParent"
	var vs record.Violations
	c := record.NewChecker("", &vs)
	c.Text("parent", addr, record.MaxShort, true)
	if h.Store.country == "" {
		c.Add("country", "a hub joins a parent only for the cities of one country, and this hub has none: "+
			"national hubs are initialised with --country")
	}
	if err := errs.InvalidFields(op, vs); err != nil {
		return err
	}
	if h.replica != "" {
		return errs.E(op, errs.Invalid, "replica %s does not forward; set the parent on the primary hub", h.replica)
	}
	h.parentMu.Lock()
	defer h.parentMu.Unlock()
	if h.Relay != nil {
		cur, err := h.Store.Setting(ctx, "upstream_addr")
		if err != nil {
			return err
		}
		if cur == addr {
			_, err := h.Relay.Join(ctx, addr) // ask again: the answer may have changed
			if err == nil && h.stopForwarding == nil {
				// A join that failed after recording the parent: finish it.
				if err = h.linkParent(ctx); err == nil {
					h.startForwarding()
				}
			}
			return err
		}
		return errs.E(op, errs.Exists, "the hub already forwards to its parent %s", cur)
	}
	r := h.newParentRelay()
	if err := h.notSelf(ctx, r, addr); err != nil {
		return err
	}
	// Join records the parent only once it has answered, so a mistyped
	// or unreachable address leaves the hub as it was.
	if _, err := r.Join(ctx, addr); err != nil {
		return err
	}
	h.Relay = r
	if err := h.linkParent(ctx); err != nil {
		// Not linked: a retry with the same address finishes the join.
		return err
	}
	h.startForwarding()
	h.log.Info("joined a parent hub", "parent", addr)
	return nil
}

// ParentLink says how the hub stands with its parent; nil without one.
func (h *Hub) ParentLink(ctx context.Context) (*hcnetv1.ParentLink, error) {
	h.parentMu.Lock()
	r := h.Relay
	h.parentMu.Unlock()
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

// LeaveParent stops forwarding to the parent and forgets it: the relay,
// the forwarder and the comparisons stop, the envelopes still waiting
// for the parent are dropped, and the record of what was forwarded and
// the forwarder's position in the stream are reset, so that joining a
// parent later forwards every public record again. The parent keeps the
// copies it holds; its coordinator revokes the hub to stop trusting its
// word. NotFound when the hub has no parent.
func (h *Hub) LeaveParent(ctx context.Context) error {
	const op = "hub.LeaveParent"
	h.parentMu.Lock()
	defer h.parentMu.Unlock()
	if h.Relay == nil {
		return errs.E(op, errs.NotFound, "the hub has no parent")
	}
	if h.replica != "" {
		return errs.E(op, errs.Invalid, "replica %s does not forward; leave the parent on the primary hub", h.replica)
	}
	h.forwarding.Store(false)
	if h.stopForwarding != nil {
		h.stopForwarding()
	}
	h.forwardingDone.Wait()
	err := h.Store.db.Tx(ctx, func(tx *sql.Tx) error {
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
	if err := h.stream.DeleteConsumer(ctx, subject.ForwardConsumer); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return err
	}
	h.Relay, h.Forwarder, h.stopForwarding = nil, nil, nil
	h.log.Info("left the parent hub")
	return nil
}

// notSelf refuses addr when it is this hub's own address: the hub would
// apply to itself and forward its records in a circle.
func (h *Hub) notSelf(ctx context.Context, r *relay.Relay, addr string) error {
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
	if info.GetId() == h.Info.GetId() {
		return errs.InvalidFields(op, record.Violations{{Field: "parent", Description: fmt.Sprintf("%s is this hub (%s) itself", addr, info.GetId())}})
	}
	return nil
}
