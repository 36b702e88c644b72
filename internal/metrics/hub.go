package metrics

import (
	"context"
	"fmt"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
)

// HubSource is what the hub collector reads at every scrape; *hub.Hub
// satisfies it. Each call asks the hub afresh and changes nothing. It
// is an interface so that metrics, below the hub, need not import it.
type HubSource interface {
	// IngestCounts are ingest's totals since the hub started.
	IngestCounts() IngestCounts
	// StorageState says whether the hub's stores can write now.
	StorageState() StorageState
	// RecordCounts counts the records the hub holds, by kind
	// ("practice"); a kind it holds none of may be missing.
	RecordCounts(ctx context.Context) (map[string]int64, error)
	// MemberCounts counts the hub's members by the short name of their
	// status ("approved"); a status no member has may be missing.
	MemberCounts(ctx context.Context) (map[string]int, error)
	// StreamInfo is the record stream's state: messages and bytes held.
	StreamInfo(ctx context.Context) (*jetstream.StreamInfo, error)
	// ConsumerInfo is the ingest consumer's state: its lag behind the
	// stream and what it has not acknowledged yet.
	ConsumerInfo(ctx context.Context) (*jetstream.ConsumerInfo, error)
}

// IngestCounts are what a hub's ingest did with the records it took in
// since the hub started.
type IngestCounts struct {
	Batches, Upserted, Deleted, Stale, Quarantined int64
	// Dropped counts messages no member could have published.
	Dropped int64
	// Deferred counts records handed back to come again later, their
	// member being over its rate.
	Deferred int64
	// OverQuota counts records refused because their member held its
	// quota of bytes.
	OverQuota int64
	// LastBatch is when ingest last committed a batch; zero if never.
	LastBatch time.Time
}

// StorageState says whether a hub can write its database and its
// JetStream store.
type StorageState struct {
	// Database and Stream are why each cannot write; nil when it can.
	Database, Stream error
	// DatabaseFull counts database writes that found the disk full,
	// StreamFailures the times the store was found failing and
	// StreamRestarts the JetStream restarts to make it write again.
	DatabaseFull, StreamFailures, StreamRestarts int64
}

// HubCollector exports a hub's ingest (what it did with the records it
// took in), how far ingest trails the record stream, the records it holds
// and its members. Counters come from ingest's own totals; the rest is
// read from the database and JetStream at every scrape.
//
// There is no batch-size histogram: ingest keeps totals only, and a
// histogram would need a hook inside its loop. The mean batch size is
// rate(hcnet_hub_ingest_records_total[5m]) / rate(hcnet_hub_ingest_batches_total[5m]).
type HubCollector struct {
	h HubSource

	batches, ingested, lastBatch     *prometheus.Desc
	records, members                 *prometheus.Desc
	streamMsgs, streamBytes          *prometheus.Desc
	pending, ackPending, redelivered *prometheus.Desc
	storeFail, storeErrs             *prometheus.Desc
	jsRestarts, overQuota            *prometheus.Desc
}

// NewHubCollector reads h at every scrape.
func NewHubCollector(h HubSource) *HubCollector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc(prometheus.BuildFQName(namespace, "hub", name), help, labels, nil)
	}
	return &HubCollector{
		h:           h,
		batches:     d("ingest_batches_total", "Batches ingest committed since the hub started."),
		ingested:    d("ingest_records_total", "Records ingest handled since the hub started, by result: upserted, deleted (tombstones applied), stale (older than the version held), quarantined (refused), dropped (on the record stream, but no member could have published it: a subject no member has, or delivered by a consumer of the public feed) or deferred (over its member's --member-rate, handed back to come again).", "result"),
		lastBatch:   d("ingest_last_batch_timestamp_seconds", "When ingest last committed a batch (Unix time); 0 if never."),
		records:     d("records", "Shared records the hub holds, by kind.", "kind"),
		members:     d("members", "Cities known to the hub, by membership status.", "status"),
		streamMsgs:  d("stream_messages", "Messages in the record stream (the latest version of every shared record)."),
		streamBytes: d("stream_bytes", "Bytes in the record stream."),
		pending:     d("ingest_pending_messages", "Stream messages ingest has not fetched yet: its lag behind the stream."),
		ackPending:  d("ingest_ack_pending_messages", "Messages ingest fetched and has not acknowledged yet (not yet committed)."),
		redelivered: d("ingest_redelivered_messages", "Messages the stream is delivering again because ingest did not acknowledge them in time."),
		storeFail:   d("storage_failing", "1 while the hub cannot write a store for want of room: database (hub.db: the last write found the disk full) or stream (the embedded JetStream store refuses writes); the hub is NOT_SERVING meanwhile.", "store"),
		storeErrs:   d("storage_errors_total", "Times a store was found unable to write since the hub started: database writes that found the disk full, stream failures of the embedded JetStream store.", "store"),
		overQuota:   d("ingest_over_quota_total", "Records refused since the hub started because their member city held its --member-quota of bytes (also counted as quarantined); the hub's log names the member."),
		jsRestarts:  d("stream_restarts_total", "Restarts of the embedded JetStream to make its store write again, once a full disk had room again (a restart that does not help is tried again later, less and less often)."),
	}
}

// Describe implements prometheus.Collector.
func (c *HubCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.batches, c.ingested, c.lastBatch, c.records, c.members, c.streamMsgs, c.streamBytes, c.pending, c.ackPending, c.redelivered, c.storeFail, c.storeErrs, c.jsRestarts, c.overQuota} {
		ch <- d
	}
}

// Collect implements prometheus.Collector. A part that cannot be read
// (NATS reconnecting, the database busy) is reported as an error for its
// metrics alone.
func (c *HubCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}

	s := c.h.IngestCounts()
	ch <- prometheus.MustNewConstMetric(c.batches, prometheus.CounterValue, float64(s.Batches))
	for _, r := range []struct {
		result string
		n      int64
	}{{"upserted", s.Upserted}, {"deleted", s.Deleted}, {"stale", s.Stale}, {"quarantined", s.Quarantined}, {"dropped", s.Dropped}, {"deferred", s.Deferred}} {
		ch <- prometheus.MustNewConstMetric(c.ingested, prometheus.CounterValue, float64(r.n), r.result)
	}
	last := 0.0
	if !s.LastBatch.IsZero() {
		last = float64(s.LastBatch.UnixNano()) / 1e9
	}
	gauge(c.lastBatch, last)

	st := c.h.StorageState()
	for _, s := range []struct {
		store   string
		failing error
		errors  int64
	}{{"database", st.Database, st.DatabaseFull}, {"stream", st.Stream, st.StreamFailures}} {
		failing := 0.0
		if s.failing != nil {
			failing = 1
		}
		gauge(c.storeFail, failing, s.store)
		ch <- prometheus.MustNewConstMetric(c.storeErrs, prometheus.CounterValue, float64(s.errors), s.store)
	}
	ch <- prometheus.MustNewConstMetric(c.jsRestarts, prometheus.CounterValue, float64(st.StreamRestarts))
	ch <- prometheus.MustNewConstMetric(c.overQuota, prometheus.CounterValue, float64(s.OverQuota))

	if counts, err := c.h.RecordCounts(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(c.records, fmt.Errorf("counting records: %w", err))
	} else {
		// Every kind, zeros included, so a dashboard need not tell
		// "none yet" from "not scraped".
		for _, k := range record.Kinds {
			gauge(c.records, float64(counts[string(k)]), string(k))
		}
	}

	if by, err := c.h.MemberCounts(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(c.members, fmt.Errorf("listing members: %w", err))
	} else {
		for _, st := range record.ShortNames(hcnetv1.MemberStatus(0).Descriptor()) {
			gauge(c.members, float64(by[st]), st)
		}
	}

	if si, err := c.h.StreamInfo(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(c.streamMsgs, fmt.Errorf("record stream: %w", err))
	} else {
		gauge(c.streamMsgs, float64(si.State.Msgs))
		gauge(c.streamBytes, float64(si.State.Bytes))
	}

	if ci, err := c.h.ConsumerInfo(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(c.pending, fmt.Errorf("ingest consumer: %w", err))
	} else {
		gauge(c.pending, float64(ci.NumPending))
		gauge(c.ackPending, float64(ci.NumAckPending))
		gauge(c.redelivered, float64(ci.NumRedelivered))
	}
}
