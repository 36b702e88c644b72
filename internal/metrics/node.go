package metrics

import (
	"context"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/prometheus/client_golang/prometheus"
)

// NodeStatus is what the node collector reads: node.Sharing satisfies it.
type NodeStatus interface {
	Status(ctx context.Context) (*hcnetv1.GetStatusResponse, error)
}

// NodeCollector exports a node's sharing: the outbox (how much waits and
// for how long, the figure to alert on when a hub is unreachable), the
// deliveries, the membership and the connection to the hub. Records
// wait in the outbox from the node's first start, before it has a hub
// to deliver to, so the outbox age alone does not tell an outage; the
// membership gauge lets an alert wait for the hub's approval. It reads
// the node's status once per scrape, so every figure in one scrape
// comes from one moment.
type NodeCollector struct {
	src NodeStatus
	now func() time.Time

	outboxDepth, outboxAge, delivered, lastDelivery, joined, connected *prometheus.Desc
}

// NewNodeCollector reads src at every scrape.
func NewNodeCollector(src NodeStatus) *NodeCollector {
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc(prometheus.BuildFQName(namespace, "node", name), help, nil, nil)
	}
	return &NodeCollector{
		src:          src,
		now:          time.Now,
		outboxDepth:  d("outbox_depth", "Shared records waiting in the outbox for delivery to the hub."),
		outboxAge:    d("outbox_oldest_age_seconds", "Age of the oldest record waiting in the outbox; 0 when the outbox is empty."),
		delivered:    d("delivered_records_total", "Records the hub acknowledged since the node started."),
		lastDelivery: d("last_delivery_timestamp_seconds", "When the hub last acknowledged a record (Unix time); 0 if never."),
		joined:       d("hub_joined", "1 while a hub has approved the node as a member, so the outbox is delivered to it; 0 before a join, while the application is pending, and after a refusal or revocation."),
		connected:    d("hub_connected", "1 while the node is connected to its hub's NATS, else 0."),
	}
}

// Describe implements prometheus.Collector.
func (c *NodeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.outboxDepth, c.outboxAge, c.delivered, c.lastDelivery, c.joined, c.connected} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *NodeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	st, err := c.src.Status(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.outboxDepth, err)
		return
	}
	age := 0.0
	if t := st.GetOldestUndeliveredTime(); t != nil {
		age = max(c.now().Sub(t.AsTime()).Seconds(), 0)
	}
	last := 0.0
	if t := st.GetLastDeliveryTime(); t != nil {
		last = float64(t.AsTime().UnixNano()) / 1e9
	}
	ch <- prometheus.MustNewConstMetric(c.outboxDepth, prometheus.GaugeValue, float64(st.GetOutboxDepth()))
	ch <- prometheus.MustNewConstMetric(c.outboxAge, prometheus.GaugeValue, age)
	ch <- prometheus.MustNewConstMetric(c.delivered, prometheus.CounterValue, float64(st.GetDelivered()))
	ch <- prometheus.MustNewConstMetric(c.lastDelivery, prometheus.GaugeValue, last)
	joined := st.GetHub().GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED
	ch <- prometheus.MustNewConstMetric(c.joined, prometheus.GaugeValue, boolValue(joined))
	ch <- prometheus.MustNewConstMetric(c.connected, prometheus.GaugeValue, boolValue(st.GetConnected()))
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
