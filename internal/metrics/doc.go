// Package metrics exports what a city IT team or a network's operators
// watch on a running hcnode or hchub, in the Prometheus text format on its
// own HTTP listener (--metrics ADDR), apart from the gRPC port so it can
// be opened to a scraper without opening the API.
//
// The daemon-specific collectors read the node's and hub's state at
// scrape time (outbox, ingest counters, stream and consumer lag, records
// and members) instead of being updated on the hot path, so node and hub
// need no metrics code of their own. gRPC server metrics, including the
// handling-time histograms that give search latency, come from package
// grpcmetrics, which every rpcserver installs.
//
// The package also holds the health watcher that turns a daemon's
// readiness check (database, NATS) into its gRPC health status.
package metrics
