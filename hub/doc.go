// Package hub is a network's hub: it admits member cities, ingests the
// signed records they share from its JetStream stream into a SQLite read
// model, and answers search, statistics and partner-finder queries over
// them. A hub never asks a node for anything; nodes push what they share.
//
// Its parts are packages of their own (the read model in store, ingest,
// members, search, feed, web, the embedded NATS server in natsserver, and
// what the hub does towards its parent in upstream); Open builds them,
// each with the parts it needs, and runs them together.
package hub
