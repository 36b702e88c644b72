package upstream

import (
	"context"
	"database/sql"

	"github.com/hcnet/hcnet/internal/reconcile"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/sqlitedb"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
)

// City names a city of a country whose records the hub holds or
// forwarded.
type City struct{ Country, City string }

// Store is what upstream needs of the hub's database: the database
// itself, where its own tables are, the hub's settings (where the relay
// remembers the parent), and the read model's records.
type Store interface {
	relay.Settings
	// DB is the hub's database.
	DB() *sqlitedb.DB
	// PublicCities are the cities of country ("" for every country) the
	// read model holds public records of, in order.
	PublicCities(ctx context.Context, country string) ([]City, error)
	// PublicPairs is c's public set in the read model, in id order.
	PublicPairs(ctx context.Context, c City) ([]reconcile.Pair, error)
	// Stored reads, inside tx, what the read model holds of c's record
	// id; ok is false when it holds none.
	Stored(ctx context.Context, tx *sql.Tx, c City, id string) (r Stored, ok bool, err error)
	// WithdrawnAt reads, inside tx, the kind and version a withdrawal of
	// c's record id must carry: the current version of a record no
	// longer public, or the version of its tombstone. ok is false when
	// the record is public or unknown, or its tombstone names no kind.
	WithdrawnAt(ctx context.Context, tx *sql.Tx, c City, id string) (kind string, version int64, ok bool, err error)
}

// Stored is a record as the read model holds it.
type Stored struct {
	Kind    string
	Version int64
	Public  bool
	// Envelope is the city's envelope as received; Path the way it came
	// (relay.PathHeader).
	Envelope []byte
	Path     string
}

// Stream is the hub's record stream as the forwarder reads it.
type Stream interface {
	// Consume reads the durable consumer cfg in batches and hands each
	// to process, which acks what it handled, until ctx ends; a
	// consumer that fails (JetStream not answering while a cluster
	// elects a leader) is started again. Consume sets cfg's
	// MaxAckPending, which follows how much it reads ahead.
	Consume(ctx context.Context, cfg jetstream.ConsumerConfig, process func(context.Context, []jetstream.Msg) error)
	// DeleteConsumer removes a durable consumer;
	// jetstream.ErrConsumerNotFound when there is none.
	DeleteConsumer(ctx context.Context, name string) error
}

// Verifier checks messages of the stream as ingest does, so that the
// forwarder acts only on what ingest accepts.
type Verifier interface {
	// VerifyAll checks msgs; out[i] is msgs[i]'s. An error means a
	// verified public record's path could not be written down.
	VerifyAll(msgs []jetstream.Msg) ([]Verified, error)
}

// Verified is a message of the stream after verifying.
type Verified struct {
	Subject  string
	Envelope []byte
	// Header is the verified envelope's header; nil when the message
	// was refused, or is a statement of a member hub, which stays at
	// this hub.
	Header *hcnetv1.EnvelopeHeader
	// Path is the way a public record came, this hub included, as the
	// relay carries it (relay.PathHeader); the forwarder forwards no
	// other record with its path.
	Path string
}

// Members are the hub's members, whose keys the hub attests to the
// parent.
type Members interface {
	// List returns the members of a status (0: every status).
	List(ctx context.Context, status hcnetv1.MemberStatus) ([]*hcnetv1.Member, error)
}
