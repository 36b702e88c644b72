// Package outbox owns the outbox table a node and a hub each keep in
// SQLite: the signed envelopes waiting for the hub above. It reads them
// in write order for the relay, deletes what the hub acknowledged,
// counts what waits, and names the repairs a comparison with the hub
// queues again. What the two roles' tables add to a row (a hub's route
// and statement header) is a parameter; what they key a row by (a
// node's record and version) stays with the role that writes it.
package outbox
