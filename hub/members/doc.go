// Package members is a hub's membership and its NATS authorisation: the
// applications cities and member hubs send (Join), the coordinator's
// decisions on them, the keys of approved members that ingest verifies
// records with (Verifier), the cities member hubs vouch for, the
// read-only feed subscribers, and the embedded NATS server's users,
// whose permissions follow those decisions (NATSUsers).
//
// It keeps its tables (members, join_nonces, attested_keys, subscribers)
// in the hub's database and needs of the rest of the hub only what Store
// says; package hub builds it and hands it its collaborators.
package members
