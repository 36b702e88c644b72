// Package feed serves a hub's public records to those who follow them:
// the gRPC Watch stream (a state feed with resume tokens), the public
// NATS stream peers subscribe to (with the guard that keeps its
// consumers pull-only and expiring), and an Atom feed for feed readers.
// It reads the hub's read model through Store and never writes records.
package feed
