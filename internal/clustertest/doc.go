// Package clustertest runs hcnet's distributed engine inside one test
// process: a NATS JetStream cluster of in-process servers, routed to each
// other on loopback, with replicated streams, and hub replicas reading
// it. Its test kills the stream's leader mid-ingest and checks that every
// acknowledged record reaches every replica, and nothing else does.
package clustertest
