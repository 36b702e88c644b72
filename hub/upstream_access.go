package hub

import (
	"context"
	"log/slog"

	"github.com/hcnet/hcnet/hub/ingest"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/hub/upstream"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
)

// What upstream reads of the hub's stream and of ingest.

// upstreamStream reads the hub's record stream for the forwarder
// (upstream.Stream) with ingest's batching.
type upstreamStream struct {
	jetstream.Stream
	log *slog.Logger
}

// Consume reads the durable consumer cfg until ctx ends, starting it
// again a second after it fails.
func (s upstreamStream) Consume(ctx context.Context, cfg jetstream.ConsumerConfig, process func(context.Context, []jetstream.Msg) error) {
	cfg.MaxAckPending = 5 * ingest.ConsumeBatch // the prefetch and the batches in hand
	untilDone(ctx, s.log, "forwarder", func() error { return ingest.Consume(ctx, s.Stream, cfg, s.log, process) })
}

// upstreamVerifier verifies what the forwarder acts on as ingest does
// (upstream.Verifier).
type upstreamVerifier struct{ in *ingest.Ingest }

// VerifyAll checks msgs on all cores.
func (v upstreamVerifier) VerifyAll(msgs []jetstream.Msg) ([]upstream.Verified, error) {
	checked := v.in.CheckAll(msgs)
	out := make([]upstream.Verified, len(checked))
	for i, in := range checked {
		out[i] = upstream.Verified{Subject: in.Subject, Envelope: in.Envelope, Header: in.Header}
		if in.Header.GetVisibility() != hcnetv1.Visibility_VISIBILITY_PUBLIC {
			continue // forwarded without its path, if at all
		}
		path, err := store.EncodePath(in.Path)
		if err != nil {
			return nil, err
		}
		out[i].Path = path
	}
	return out, nil
}
