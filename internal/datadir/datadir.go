package datadir

// The files both roles keep.
const (
	// Identity is the daemon's ed25519 identity key as a NATS nkey seed
	// (0600).
	Identity = "identity.nk"
	// Token is the admin token every admin call needs (0600).
	Token = "admin.token"
)

// The files of a node's data folder.
const (
	// NodeDB is the city's records (SQLite, WAL).
	NodeDB = "hcnode.db"
	// NodeAddr holds the address hcnode run listens on, while it runs.
	NodeAddr = "node.addr"
)

// The files of a hub's data folder.
const (
	// HubDB is the hub's read model (SQLite).
	HubDB = "hub.db"
	// HubAddr holds the gRPC address hchub run listens on, while it runs.
	HubAddr = "hub.addr"
	// NATSDir is the embedded JetStream store.
	NATSDir = "nats"
)
