package upstream

import (
	"context"
	"crypto/tls"
	"database/sql"
	"log/slog"
	"sync"

	"github.com/hcnet/hcnet/internal/outbox"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/tlsconf"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
)

// Config is what Upstream works with.
type Config struct {
	// Store is the hub's database and read model.
	Store Store
	// Stream is the hub's record stream; Verifier checks its messages
	// as ingest does.
	Stream   Stream
	Verifier Verifier
	// Members are listed when the hub joins a parent, so that every
	// approved city is attested once; Attester attests the decisions
	// made afterwards (membership calls it) and is turned on while the
	// hub has a parent.
	Members  Members
	Attester *Attester
	// Key is the hub's identity, which signs its join request, its
	// statements and its comparisons with the parent.
	Key nkeys.KeyPair
	// HubID, Name and Country say who the hub is to its parent; a hub
	// joins a parent only with a country.
	HubID, Name, Country string
	// Replica names this hub when several read one stream; a replica
	// never forwards, the unnamed primary does.
	Replica string
	// TLS secures the calls to the parent; nil is plaintext.
	TLS *tls.Config
	Log *slog.Logger
}

// Upstream is a hub's link to its parent: the relay that joined it and
// delivers the outbox, the forwarder that fills the outbox, and the
// periodic comparison. One call that changes the link runs at a time
// (mu); what runs stops with the hub's run context.
type Upstream struct {
	store    Store
	stream   Stream
	verify   Verifier
	members  Members
	attester *Attester
	key      nkeys.KeyPair
	hubID    string
	name     string
	country  string
	replica  string
	tls      *tls.Config
	log      *slog.Logger
	outbox   *outbox.Table
	// bell wakes the relay when the forwarder or a repair filled the
	// outbox; one relay at a time rings it.
	bell relay.Bell
	// runCtx is the hub's run context: forwarding started by Start or
	// SetParent runs until it ends.
	runCtx context.Context

	mu sync.Mutex
	// relay and forwarder exist while the hub has a parent.
	relay     *relay.Relay
	forwarder *forwarder
	// stop ends the goroutines start began, and running waits for them,
	// so that LeaveParent forgets the parent only after they stopped
	// and Wait returns only after they did.
	stop    context.CancelFunc
	running sync.WaitGroup
}

// New prepares the hub's link to its parent. ctx is the hub's run
// context: the forwarding Start or SetParent begins runs until it ends.
// When the hub already has a parent (hchub init --parent, or an earlier
// SetParent), New sets up the relay and the forwarder, and attests every
// approved member once; Start then runs them. A replica never forwards.
func New(ctx context.Context, c Config) (*Upstream, error) {
	u := &Upstream{
		store: c.Store, stream: c.Stream, verify: c.Verifier, members: c.Members, attester: c.Attester,
		key: c.Key, hubID: c.HubID, name: c.Name, country: c.Country, replica: c.Replica, tls: c.TLS, log: c.Log,
		outbox: newOutbox(c.Store), bell: relay.NewBell(), runCtx: ctx,
	}
	parent, err := c.Store.Setting(ctx, "upstream_addr")
	if err != nil || parent == "" {
		return u, err
	}
	if c.Replica != "" {
		// Two replicas forwarding would send every record upward twice
		// and keep two outboxes; the primary alone forwards.
		u.log.Info("replica: forwarding to the parent hub is left to the primary", "replica", c.Replica, "parent", parent)
		return u, nil
	}
	u.relay = u.newRelay()
	return u, u.link(ctx)
}

// Start runs the forwarder, the relay and the periodic comparison with
// the parent, when the hub has one, until the run context ends or the
// hub leaves its parent.
func (u *Upstream) Start() {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.relay != nil && u.forwarder != nil && u.stop == nil {
		u.start()
	}
}

// Wait waits until what Start or SetParent began has stopped, once the
// run context ended. A SetParent still running then either started its
// goroutines before Wait took the lock (Wait waits for them) or finds
// the run context ended and starts none.
func (u *Upstream) Wait() {
	u.mu.Lock()
	u.mu.Unlock()
	u.running.Wait()
}

// newRelay is the relay that applies to a parent and delivers the hub's
// outbox to it; the forwarder rings its bell.
func (u *Upstream) newRelay() *relay.Relay {
	who := relay.Applicant{ID: u.hubID, Country: u.country, Name: u.name, Hub: true, Key: u.key}
	return relay.New(u.outbox, u.store, func(context.Context) (relay.Applicant, error) {
		return who, nil
	}, u.log, relay.WithCreds(tlsconf.Creds(u.tls)), relay.WithBell(u.bell))
}

// attestationsSeeded is the value of the setting attestations_seeded
// once every approved member's attestation is queued in its present
// form. A hub that seeded them before attestations named the city ("1")
// attests every approved member once more, so that its parent learns
// their names.
const attestationsSeeded = "2"

// link sets up, around u.relay, the forwarder that fills the outbox and
// the attestations of the members' keys: every approved member's once,
// later decisions' as they are made.
func (u *Upstream) link(ctx context.Context) error {
	u.forwarder = newForwarder(u.store, u.verify, u.key, u.hubID, u.log, u.bell)
	u.attester.on.Store(true)
	seeded, err := u.store.Setting(ctx, "attestations_seeded")
	if err != nil || seeded == attestationsSeeded {
		return err
	}
	approved, err := u.members.List(ctx, hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED)
	if err != nil {
		return err
	}
	return u.store.DB().Tx(ctx, func(tx *sql.Tx) error {
		for _, m := range approved {
			if err := u.attester.attest(ctx, tx, m); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('attestations_seeded', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, attestationsSeeded)
		return err
	})
}

// start runs the forwarder, the relay and the periodic comparison until
// the run context ends or stop is called. The caller holds mu.
func (u *Upstream) start() {
	if u.runCtx.Err() != nil {
		return // the hub is stopping
	}
	ctx, cancel := context.WithCancel(u.runCtx)
	u.stop = cancel
	r, f := u.relay, u.forwarder
	spawn := func(do func()) {
		u.running.Add(1)
		go func() {
			defer u.running.Done()
			do()
		}()
	}
	spawn(func() { f.run(ctx, u.stream) })
	spawn(func() { r.Run(ctx) })
	spawn(func() { u.syncParentEvery(ctx, r, f, SyncInterval) })
}
