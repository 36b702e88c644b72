package metrics

import (
	"github.com/hcnet/hcnet/internal/metrics/grpcmetrics"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// namespace prefixes every hcnet metric.
const namespace = "hcnet"

// NewRegistry is a registry with the Go runtime, the process, the gRPC
// servers and the given collectors. Each daemon gets its own rather than
// the global default registry, so tests can run several in one process.
func NewRegistry(cs ...prometheus.Collector) (*prometheus.Registry, error) {
	reg := prometheus.NewRegistry()
	all := append([]prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		grpcmetrics.Server,
	}, cs...)
	for _, c := range all {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return reg, nil
}
