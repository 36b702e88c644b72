// Package grpcmetrics holds the Prometheus metrics of every gRPC server
// the process runs: calls started and handled by code, stream messages,
// and handling-time histograms per method (search latency is
// grpc_server_handling_seconds{grpc_method="Search"}).
//
// The metrics are process-wide because node and hub build their gRPC
// servers inside node.Open and hub.Open, through rpcserver.New: one
// collector that rpcserver always installs needs no option threaded
// through those packages and no mutable global. A daemon runs one server
// per process, so process-wide is per-daemon. It is its own package,
// below rpcserver, so that package metrics (which reads node and hub) does
// not form an import cycle with them.
package grpcmetrics

import (
	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
)

// Buckets of the handling-time histograms, in seconds: unary reads answer
// in a millisecond or two, a ranked search over a large hub in up to
// seconds, an import stream in tens of seconds.
var Buckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// Server counts the calls of every gRPC server in the process. Register it
// in a registry to export it; rpcserver installs its interceptors.
var Server = grpcprom.NewServerMetrics(
	grpcprom.WithServerHandlingTimeHistogram(grpcprom.WithHistogramBuckets(Buckets)),
)
