// Package fedtest holds the tests that run a federation in one process:
// real city nodes and hubs, with embedded NATS and gRPC on loopback.
package fedtest
