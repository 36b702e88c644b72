// Package upstream is what a hub does towards its parent hub: it joins
// the parent (SetParent, LeaveParent), fills the outbox for it with the
// forwarder (the members' public records with their own signatures, and
// signed withdrawals of records that stop being public), attests the
// keys of the member cities the coordinator approves or revokes,
// compares city by city with the parent and repairs the difference
// (SyncParent), and runs the relay that delivers the outbox, as a city's
// node delivers its own: a hub is a node to its parent.
//
// It keeps its tables (outbox, forwarded) and settings (upstream_*) in
// the hub's database, reads the read model through Store, reads the
// record stream through Stream and verifies what it forwards through
// Verifier; package hub builds it and hands it those collaborators.
package upstream
