package hub

import (
	"context"

	"github.com/hcnet/hcnet/internal/metrics"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/nats-io/nats.go/jetstream"
)

// What the hub's metrics read (metrics.HubSource). Each call asks NATS or
// SQLite afresh, so a scrape sees the state of the moment; none of them
// changes anything.

var _ metrics.HubSource = (*Hub)(nil)

// IngestCounts are ingest's totals since the hub started.
func (h *Hub) IngestCounts() metrics.IngestCounts {
	s := h.Ingest.Stats()
	return metrics.IngestCounts{
		Batches: s.Batches, Upserted: s.Upserted, Deleted: s.Deleted, Stale: s.Stale,
		Quarantined: s.Quarantined, Dropped: s.Dropped, Deferred: s.Deferred,
		OverQuota: h.Ingest.OverQuota(), LastBatch: s.LastBatch,
	}
}

// StorageState is Storage in the metrics' terms.
func (h *Hub) StorageState() metrics.StorageState {
	s := h.Storage()
	return metrics.StorageState{
		Database: s.Database, Stream: s.Stream,
		DatabaseFull: s.DatabaseFull, StreamFailures: s.StreamFailures, StreamRestarts: s.StreamRestarts,
	}
}

// RecordCounts counts the records the hub holds, by kind ("practice").
func (h *Hub) RecordCounts(ctx context.Context) (map[string]int64, error) {
	return h.Store.RecordCounts(ctx)
}

// MemberCounts counts the hub's members by status ("approved").
func (h *Hub) MemberCounts(ctx context.Context) (map[string]int, error) {
	ms, err := h.Members.List(ctx, 0)
	if err != nil {
		return nil, err
	}
	by := map[string]int{}
	for _, m := range ms {
		by[record.ShortName(m.GetStatus())]++
	}
	return by, nil
}

// StreamInfo is the record stream's state: messages and bytes held.
func (h *Hub) StreamInfo(ctx context.Context) (*jetstream.StreamInfo, error) {
	return h.stream.Info(ctx)
}

// ConsumerInfo is the ingest consumer's state: NumPending is how many
// stream messages ingest has not fetched yet, NumAckPending how many it
// fetched and has not acknowledged (not yet committed).
func (h *Hub) ConsumerInfo(ctx context.Context) (*jetstream.ConsumerInfo, error) {
	c, err := h.stream.Consumer(ctx, h.ingestConsumer)
	if err != nil {
		return nil, err
	}
	return c.Info(ctx)
}
