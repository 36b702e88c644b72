package upstream

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// forwarder reads the hub's stream through its own durable consumer and
// puts what the parent hub should have into the outbox: members' public
// records with their original signatures, their tombstones, and a signed
// withdrawal when a forwarded record stops being public. Network records
// stop here. The relay then delivers the outbox as a node's relay does.
type forwarder struct {
	store  Store
	verify Verifier
	key    nkeys.KeyPair
	hubID  string
	log    *slog.Logger
	// bell wakes the relay after each batch put into the outbox.
	bell relay.Bell
}

// newForwarder forwards as hub hubID, signing withdrawals with key and
// ringing bell when the outbox has something new.
func newForwarder(store Store, verify Verifier, key nkeys.KeyPair, hubID string, log *slog.Logger, bell relay.Bell) *forwarder {
	return &forwarder{store: store, verify: verify, key: key, hubID: hubID, log: log, bell: bell}
}

// consumerConfig is the durable consumer the forwarder reads; the stream
// sets its MaxAckPending (Stream.Consume).
func consumerConfig() jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       subject.ForwardConsumer,
		FilterSubject: subject.Records,
		AckPolicy:     jetstream.AckExplicitPolicy,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckWait:       15 * time.Second,
		MaxDeliver:    -1,
	}
}

// run forwards until ctx ends.
func (f *forwarder) run(ctx context.Context, stream Stream) {
	stream.Consume(ctx, consumerConfig(), f.process)
}

func (f *forwarder) process(ctx context.Context, msgs []jetstream.Msg) error {
	// Verify what may be forwarded: a record that says it is public. A
	// record that says otherwise matters only if its record was forwarded
	// before (then the parent is told to withdraw it), so it is verified
	// in the transaction, when that turns out to be so; most are network
	// records never forwarded, and ingest verifies them already.
	var public []jetstream.Msg
	var others []unverified
	for _, m := range msgs {
		if m.Headers().Get(subject.StatementHeader) != "" {
			continue // a member hub's statement: it stays at this hub
		}
		h, ok := peekRecord(m.Data())
		if !ok || h.GetVisibility() == hcnetv1.Visibility_VISIBILITY_PUBLIC {
			public = append(public, m)
		} else {
			others = append(others, unverified{msg: m, header: h})
		}
	}
	checked, err := f.verify.VerifyAll(public)
	if err != nil {
		return err
	}
	err = f.store.DB().Tx(ctx, func(tx *sql.Tx) error {
		for _, in := range checked {
			if err := f.forward(ctx, tx, in); err != nil {
				return err
			}
		}
		for _, u := range others {
			sent, err := forwardedVersion(ctx, tx, u.header)
			if err != nil {
				return err
			}
			if sent == 0 {
				continue // never forwarded: nothing to withdraw
			}
			in, err := f.verify.VerifyAll([]jetstream.Msg{u.msg})
			if err != nil {
				return err
			}
			if err := f.forward(ctx, tx, in[0]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, m := range msgs {
		m.Ack()
	}
	f.bell.Ring()
	return nil
}

// forward decides what one verified message means for the parent.
func (f *forwarder) forward(ctx context.Context, tx *sql.Tx, in Verified) error {
	h := in.Header
	if h == nil {
		return nil // refused by ingest, or a statement from below: stays here
	}
	sent, err := forwardedVersion(ctx, tx, h)
	if err != nil {
		return err
	}
	if h.GetVersion() <= sent {
		return nil // already forwarded this version or a later one
	}
	if h.GetVisibility() == hcnetv1.Visibility_VISIBILITY_PUBLIC {
		if err := enqueue(ctx, tx, relay.Row{Subject: in.Subject, MsgID: envelope.MsgID(h), Envelope: in.Envelope, Path: in.Path}); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO forwarded (country, city_id, id, version) VALUES (?, ?, ?, ?)
			ON CONFLICT (country, city_id, id) DO UPDATE SET version = excluded.version`,
			h.GetOriginCountry(), h.GetOriginCity(), h.GetId(), h.GetVersion())
		return err
	}
	if sent == 0 {
		return nil // network-only and never forwarded: nothing to undo
	}
	w, err := withdrawal(f.key, &hcnetv1.Withdrawal{
		HubId: f.hubID, Country: h.GetOriginCountry(), CityId: h.GetOriginCity(), Kind: h.GetKind(), Id: h.GetId(),
		Version: h.GetVersion(), Time: timestamppb.Now(),
	}, "")
	if err != nil {
		return err
	}
	if err := enqueue(ctx, tx, w); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE forwarded SET version = ? WHERE country = ? AND city_id = ? AND id = ?`,
		h.GetVersion(), h.GetOriginCountry(), h.GetOriginCity(), h.GetId())
	return err
}

// unverified is a record message whose header, not yet verified, says
// it is not public.
type unverified struct {
	msg    jetstream.Msg
	header *hcnetv1.EnvelopeHeader
}

// peekRecord reads an envelope's header without verifying it, to decide
// whether verifying is needed at all.
func peekRecord(data []byte) (*hcnetv1.EnvelopeHeader, bool) {
	env := &hcnetv1.Envelope{}
	if err := proto.Unmarshal(data, env); err != nil {
		return nil, false
	}
	h, err := envelope.PeekHeader(env)
	return h, err == nil
}

// forwardedVersion is the latest version of h's record put into the
// outbox for the parent, 0 for none.
func forwardedVersion(ctx context.Context, tx *sql.Tx, h *hcnetv1.EnvelopeHeader) (int64, error) {
	var sent int64
	err := tx.QueryRowContext(ctx, `SELECT version FROM forwarded WHERE country = ? AND city_id = ? AND id = ?`,
		h.GetOriginCountry(), h.GetOriginCity(), h.GetId()).Scan(&sent)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return sent, err
}
