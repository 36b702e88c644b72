package metrics_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/metrics"
	"github.com/nats-io/nats.go/jetstream"
)

// fakeHub is a HubSource with fixed answers; a part with an error set
// fails as a busy database or a reconnecting NATS would.
type fakeHub struct {
	ingest              metrics.IngestCounts
	storage             metrics.StorageState
	records             map[string]int64
	recordsErr          error
	members             map[string]int
	stream, consumerErr error
}

func (f fakeHub) IngestCounts() metrics.IngestCounts                   { return f.ingest }
func (f fakeHub) StorageState() metrics.StorageState                   { return f.storage }
func (f fakeHub) MemberCounts(context.Context) (map[string]int, error) { return f.members, nil }
func (f fakeHub) RecordCounts(context.Context) (map[string]int64, error) {
	return f.records, f.recordsErr
}
func (f fakeHub) StreamInfo(context.Context) (*jetstream.StreamInfo, error) {
	if f.stream != nil {
		return nil, f.stream
	}
	return &jetstream.StreamInfo{State: jetstream.StreamState{Msgs: 7, Bytes: 700}}, nil
}
func (f fakeHub) ConsumerInfo(context.Context) (*jetstream.ConsumerInfo, error) {
	if f.consumerErr != nil {
		return nil, f.consumerErr
	}
	return &jetstream.ConsumerInfo{NumPending: 2, NumAckPending: 1}, nil
}

// The collector reads everything through HubSource: figures come out
// under their names, every status and kind shows (zeros included), and a
// part that cannot be read leaves out its own metrics only.
func TestHubCollectorReadsItsSource(t *testing.T) {
	src := fakeHub{
		ingest:     metrics.IngestCounts{Batches: 4, Upserted: 9, Deferred: 2, OverQuota: 3, LastBatch: time.Unix(1700000000, 0)},
		storage:    metrics.StorageState{Stream: errors.New("store full"), StreamFailures: 5, StreamRestarts: 1},
		recordsErr: errors.New("database busy"),
		members:    map[string]int{"approved": 2},
		stream:     errors.New("NATS reconnecting"),
	}
	fams := scrape(t, serve(t, metrics.NewHubCollector(src)))
	checkAll(t, fams, []check{
		{title: "batches", name: "hcnet_hub_ingest_batches_total", ok: eq(4)},
		{title: "upserted", name: "hcnet_hub_ingest_records_total", labels: []string{"result", "upserted"}, ok: eq(9)},
		{title: "deferred", name: "hcnet_hub_ingest_records_total", labels: []string{"result", "deferred"}, ok: eq(2)},
		{title: "over quota", name: "hcnet_hub_ingest_over_quota_total", ok: eq(3)},
		{title: "last batch", name: "hcnet_hub_ingest_last_batch_timestamp_seconds", ok: eq(1700000000)},
		{title: "stream failing", name: "hcnet_hub_storage_failing", labels: []string{"store", "stream"}, ok: eq(1)},
		{title: "database writable", name: "hcnet_hub_storage_failing", labels: []string{"store", "database"}, ok: eq(0)},
		{title: "stream failures", name: "hcnet_hub_storage_errors_total", labels: []string{"store", "stream"}, ok: eq(5)},
		{title: "restarts", name: "hcnet_hub_stream_restarts_total", ok: eq(1)},
		{title: "approved", name: "hcnet_hub_members", labels: []string{"status", "approved"}, ok: eq(2)},
		{title: "pending shown as zero", name: "hcnet_hub_members", labels: []string{"status", "pending"}, ok: eq(0)},
		{title: "consumer lag", name: "hcnet_hub_ingest_pending_messages", ok: eq(2)},
		{title: "unacknowledged", name: "hcnet_hub_ingest_ack_pending_messages", ok: eq(1)},
	})
	for _, name := range []string{"hcnet_hub_records", "hcnet_hub_stream_messages"} {
		if _, ok := value(fams, name); ok {
			t.Errorf("%s served although its part could not be read", name)
		}
	}
}
