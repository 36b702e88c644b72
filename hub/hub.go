package hub

import (
	"github.com/hcnet/hcnet/internal/secret"

	"context"
	"crypto/tls"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/hub/ingest"
	"github.com/hcnet/hcnet/hub/members"
	"github.com/hcnet/hcnet/hub/natsserver"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/hub/upstream"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/rpcserver"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// Config says how a hub runs.
type Config struct {
	Dir string
	// NATSListen is the embedded server's address ("127.0.0.1:4222").
	NATSListen string
	// NATSURL uses an existing NATS deployment instead of the embedded
	// server; NATSCreds authenticates the hub there.
	NATSURL, NATSCreds string
	// NATSAdvertise is the URL members are told to publish to, when it
	// differs from the one the hub itself uses (a listen address of
	// 0.0.0.0, a load balancer, a DNS name).
	NATSAdvertise string
	// Replicas of the record stream and the public feed (3 on a cluster).
	Replicas int
	// Replica names this hub when several read one stream on a NATS
	// cluster: it ingests through a durable consumer of its own
	// (subject.IngestConsumerOf) and leaves forwarding to a parent to the
	// unnamed hub, the primary. Empty for a single hub.
	Replica string
	Log     *slog.Logger
	// TLS is the gRPC server's TLS configuration (ClientAuth set for
	// mutual TLS); nil serves plaintext. ParentTLS is the client's
	// towards the parent hub; nil is plaintext.
	TLS, ParentTLS *tls.Config
	// SearchRate and SearchBurst limit each client's read calls
	// (readMethods): SearchRate calls a second, SearchBurst at once. A
	// SearchRate of 0 is no limit.
	SearchRate  float64
	SearchBurst int
	// MemberRate and MemberBurst bound each member's records at ingest:
	// MemberRate a second, MemberBurst at once. Records over it come
	// again later (ingest.Config). A MemberRate of 0 is no limit.
	MemberRate  float64
	MemberBurst int
	// FeedConsumerIdle is how long a consumer of the public stream (a
	// feed subscriber's) may go unused before the NATS server deletes
	// it; 0 is feed.DefaultConsumerIdle.
	FeedConsumerIdle time.Duration
	// JoinRate and JoinBurst bound new membership applications from one
	// source (a client certificate, else an IP address): JoinRate an
	// hour, JoinBurst at once; MaxPending bounds the applications
	// awaiting the coordinator. 0 turns a limit off.
	JoinRate   float64
	JoinBurst  int
	MaxPending int
	// Quarantine bounds what the quarantine keeps of refused messages.
	Quarantine store.QuarantineLimits
	// MemberQuota is the bytes each member may hold at the hub (the
	// sizes of its records' envelopes); records past it are refused
	// (ingest.Config). 0 is no quota.
	MemberQuota int64
	// StorageCheck is how often the embedded JetStream store is checked
	// (natsserver.Server.WatchStore); 0 is natsserver.StoreCheckInterval.
	StorageCheck time.Duration
	// NATSMaxStore bounds the embedded JetStream store in bytes; 0 leaves
	// nats-server to take 75% of the disk's free space at start.
	NATSMaxStore int64
	// NATSMonitor, when set, serves the embedded server's monitoring
	// endpoint there (natsserver.Config.Monitor).
	NATSMonitor string
}

// Hub is a running hub.
type Hub struct {
	Dir     string
	Store   *store.Store
	Members *members.Members
	// Subscribers follow the public feed over NATS.
	Subscribers *members.Subscribers
	Ingest      *ingest.Ingest
	NATS        *natsserver.Server // nil with an external deployment
	Info        *hcnetv1.GetHubResponse
	// Upstream joins the parent hub and forwards to it.
	Upstream *upstream.Upstream
	// Accounts are the coordinators and readers who sign in to the
	// hub's web pages.
	Accounts *accounts.Store

	log    *slog.Logger
	nc     *nats.Conn
	stream jetstream.Stream
	grpc   *grpc.Server
	health *health.Server
	// local is the in-process listener of the hub's own web pages.
	local *rpcserver.Local
	// cancel ends the run context the background work runs on.
	cancel context.CancelFunc
	wg     sync.WaitGroup

	// ingestConsumer is the durable consumer this hub (replica) reads.
	ingestConsumer string
}

// Open starts a hub; Serve answers calls. It builds the hub's parts in
// order, each with the parts it needs: the read model, the embedded NATS
// server (unless the hub uses a NATS deployment), membership, the record
// stream, ingest, the link to a parent and the gRPC service; then it runs
// their background work until ctx ends or Shutdown.
func Open(ctx context.Context, c Config) (h *Hub, err error) {
	log := c.Log
	if log == nil {
		log = slog.Default()
	}
	token, err := secret.Read(c.Dir, TokenFile)
	if err != nil {
		return nil, fmt.Errorf("%s is not a hub's data folder (run hchub init first): %w", c.Dir, err)
	}
	seed, err := secret.Read(c.Dir, IdentityFile)
	if err != nil {
		return nil, err
	}
	key, err := nkeys.FromSeed([]byte(seed))
	if err != nil {
		return nil, err
	}
	pub, _ := key.PublicKey()
	if err := subject.CheckReplica(c.Replica); err != nil {
		return nil, err
	}
	if c.Replica != "" && c.NATSURL == "" {
		return nil, fmt.Errorf("replica %s: replicas share a stream on a NATS deployment; give its URL (--nats-url)", c.Replica)
	}
	h = &Hub{Dir: c.Dir, log: log, local: rpcserver.NewLocal(), ingestConsumer: subject.IngestConsumerOf(c.Replica)}
	opened := h // an error return sets h to nil before this runs
	defer func() {
		if err != nil {
			opened.close()
		}
	}()
	if err := h.openStore(ctx, pub); err != nil {
		return nil, err
	}
	natsURL := c.NATSURL
	// users are the embedded server's, nil with an external deployment.
	var users *members.NATSUsers
	if natsURL == "" {
		users = members.NewNATSUsers(pub, log.With("component", "nats"))
		if h.NATS, err = natsserver.Start(natsserver.Config{
			StoreDir: filepath.Join(c.Dir, NATSDir), Listen: c.NATSListen, MaxStore: c.NATSMaxStore, Monitor: c.NATSMonitor, StoreCheck: c.StorageCheck,
		}, users, log); err != nil {
			return nil, err
		}
		natsURL = h.NATS.URL()
	}
	// Ingest replays what the stream holds of a member the coordinator
	// approves; membership, built first, tells it through approvals.
	approvals := ingest.NewApprovals()
	attester := upstream.NewAttester(key, h.Info.GetId())
	if err := h.openMembers(ctx, c, users, attester, approvals); err != nil {
		return nil, err
	}
	js, err := h.connect(ctx, c, natsURL, key)
	if err != nil {
		return nil, err
	}
	h.Ingest = ingest.New(ingest.Config{
		Store: h.Store, Members: h.Members, Stream: h.stream, Consumer: h.ingestConsumer, Approved: approvals,
		HubID: h.Info.GetId(), MemberRate: c.MemberRate, MemberBurst: c.MemberBurst, MemberQuota: c.MemberQuota, Log: log,
	})
	// The hub's background work runs until the caller's ctx ends (the
	// process stops) or Shutdown, whichever comes first.
	runCtx, cancel := context.WithCancel(ctx)
	h.cancel = cancel
	h.Upstream, err = upstream.New(runCtx, upstream.Config{
		Store: h.Store, Stream: upstreamStream{Stream: h.stream, log: log}, Verifier: upstreamVerifier{h.Ingest},
		Members: h.Members, Attester: attester, Key: key,
		HubID: h.Info.GetId(), Name: h.Info.GetName(), Country: h.Store.Country(), Replica: c.Replica,
		TLS: c.ParentTLS, Log: log,
	})
	if err != nil {
		return nil, err
	}
	h.newService(c, token)
	h.run(runCtx, c, js)
	return h, nil
}

// openStore opens the read model, the hub's database, and reads the
// hub's settings from it.
func (h *Hub) openStore(ctx context.Context, pub string) (err error) {
	// Opening creates a missing database: check first, so a lost hub.db
	// is reported as lost instead of becoming an empty one.
	if _, err := os.Stat(filepath.Join(h.Dir, DBFile)); errors.Is(err, os.ErrNotExist) {
		return lostDB(h.Dir, "is missing")
	} else if err != nil {
		return err
	}
	if h.Store, err = store.Open(ctx, filepath.Join(h.Dir, DBFile)); err != nil {
		return err
	}
	h.Store.DB().LogMigration(h.log)
	h.Accounts = accounts.New(h.Store.DB(), accounts.Options{Roles: accounts.HubRoles})
	if h.Info, err = h.Store.Info(ctx); errors.Is(err, sql.ErrNoRows) {
		return lostDB(h.Dir, "holds no hub's settings")
	} else if err != nil {
		return err
	}
	h.Info.PublicKey = pub
	h.Info.Country = h.Store.Country()
	h.Info.ParentAddr, err = h.Store.Setting(ctx, "upstream_addr")
	return err
}

// openMembers builds membership and the feed subscribers, and gives the
// embedded NATS server's users (nil with a NATS deployment) the members
// and subscribers. Membership attests approvals and revocations to a
// parent through attester, and tells ingest of approvals.
func (h *Hub) openMembers(ctx context.Context, c Config, users *members.NATSUsers, attester *upstream.Attester, approvals *ingest.Approvals) (err error) {
	var onMember func(context.Context, *hcnetv1.Member) error
	var onSubscriber func(context.Context, *hcnetv1.Subscriber) error
	if users != nil {
		onMember = func(_ context.Context, m *hcnetv1.Member) error { return users.SetMember(m) }
		onSubscriber = func(_ context.Context, s *hcnetv1.Subscriber) error { return users.SetSubscriber(s) }
	}
	h.Members, err = members.New(ctx, members.Config{
		Store:        h.Store,
		HubID:        h.Info.GetId(),
		OnChange:     onMember,
		Attest:       attester.Attest,
		Approved:     approvals.Add,
		Applications: members.ApplicationLimits{PerHour: c.JoinRate, Burst: c.JoinBurst, MaxPending: c.MaxPending},
	})
	if err != nil {
		return err
	}
	h.Subscribers = members.NewSubscribers(h.Store.DB(), onSubscriber)
	if users != nil {
		approved, err := h.Members.List(ctx, hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED)
		if err != nil {
			return err
		}
		if err := users.SetMembers(approved); err != nil {
			return err
		}
		subs, err := h.Subscribers.List(ctx)
		if err != nil {
			return err
		}
		if err := users.SetSubscribers(subs); err != nil {
			return err
		}
	}
	return nil
}

// connect connects the hub to NATS at natsURL with its key (or the
// configured credentials) and makes sure the record stream is there.
func (h *Hub) connect(ctx context.Context, c Config, natsURL string, key nkeys.KeyPair) (js jetstream.JetStream, err error) {
	h.Info.NatsUrl = natsURL
	if c.NATSAdvertise != "" {
		h.Info.NatsUrl = c.NATSAdvertise
	}
	o := bus.Options{URL: natsURL, Name: "hchub " + h.Info.GetId(), Retry: true, Log: h.log}
	if c.NATSCreds != "" {
		o.CredsFile = c.NATSCreds
	} else {
		o.Key = key
	}
	if h.nc, err = bus.Connect(o); err != nil {
		return nil, err
	}
	if js, err = jetstream.New(h.nc); err != nil {
		return nil, err
	}
	if h.stream, err = bus.EnsureStream(ctx, js, c.Replicas); err != nil {
		return nil, err
	}
	return js, nil
}

// newService builds the gRPC server and its HubService.
func (h *Hub) newService(c Config, token string) {
	svc := &Service{store: h.Store, log: h.log, info: h.Info, members: h.Members, subscribers: h.Subscribers, token: token, parent: h.Upstream}
	h.grpc, h.health = rpcserver.New(rpcserver.Config{
		Log: h.log, Token: token,
		NeedsToken: func(m string) bool { return adminMethods[m] },
		Unbounded:  func(m string) bool { return m == watchMethod },
		TLS:        c.TLS,
		Limit:      readLimit(c),
	})
	hcnetv1.RegisterHubServiceServer(h.grpc, svc)
}

// run starts the parts' background work on runCtx, which ends with the
// caller's context or close: ingest and its replays, the public feed,
// the quarantine's pruner, with the embedded server the guard of the
// feed's consumers and the watch over the stream's storage, and the
// link to a parent.
func (h *Hub) run(runCtx context.Context, c Config, js jetstream.JetStream) {
	log := h.log
	h.wg.Add(3)
	go func() {
		defer h.wg.Done()
		untilDone(runCtx, log, "ingest", func() error { return h.Ingest.Run(runCtx) })
	}()
	go func() {
		defer h.wg.Done()
		h.Ingest.Replay(runCtx)
	}()
	go func() {
		defer h.wg.Done()
		pub := feed.NewPublic(h.Store, js, c.FeedConsumerIdle, log)
		// A hub stopped while the feed starts up is no error.
		if err := pub.Run(runCtx, c.Replicas); err != nil && runCtx.Err() == nil {
			log.Error("public feed stopped", "err", err)
		}
	}()
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		h.Store.PruneQuarantineUntilDone(runCtx, c.Quarantine, log)
	}()
	if h.NATS != nil {
		// Feed subscribers have users on the embedded server only.
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			feed.GuardPublicConsumers(runCtx, h.nc, js, feed.PushConsumerSweep, log)
		}()
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			h.NATS.WatchStore(runCtx)
		}()
	}
	h.Upstream.Start()
}

// Serve answers gRPC calls on lis until Shutdown.
func (h *Hub) Serve(lis net.Listener) error {
	if err := os.WriteFile(filepath.Join(h.Dir, AddrFile), []byte(lis.Addr().String()+"\n"), 0o600); err != nil {
		return err
	}
	h.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	h.health.SetServingStatus(hcnetv1.HubService_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_SERVING)
	h.log.Info("hub serving", "addr", lis.Addr().String(), "nats", h.Info.GetNatsUrl(), "dir", h.Dir)
	go h.grpc.Serve(h.local) // ends with the server
	err := h.grpc.Serve(lis)
	if errors.Is(err, grpc.ErrServerStopped) {
		return nil
	}
	return err
}

// Shutdown stops calls (running ones finish until ctx ends), ingest, NATS
// and the database.
func (h *Hub) Shutdown(ctx context.Context) error {
	if h.health != nil {
		h.health.Shutdown()
	}
	if h.Store != nil {
		h.Store.StopWatches() // followers reconnect to another replica or later
	}
	if h.grpc != nil {
		done := make(chan struct{})
		go func() { h.grpc.GracefulStop(); close(done) }()
		select {
		case <-done:
		case <-ctx.Done():
			h.grpc.Stop()
			<-done
		}
	}
	os.Remove(filepath.Join(h.Dir, AddrFile))
	return h.close()
}

func (h *Hub) close() error {
	if h.cancel != nil {
		h.cancel()
	}
	if h.Upstream != nil {
		// A SetParent still running after the gRPC grace period either
		// started forwarding before (Wait waits for it) or finds the hub
		// stopping and starts none.
		h.Upstream.Wait()
	}
	h.wg.Wait()
	if h.nc != nil {
		h.nc.Close()
	}
	if h.NATS != nil {
		h.NATS.Shutdown()
	}
	if h.Store != nil {
		return h.Store.Close()
	}
	return nil
}

// lostDB explains a data folder whose hub.db is gone or empty while its
// identity key and admin token remain, and how to recover.
func lostDB(dir, what string) error {
	return fmt.Errorf("%s %s: the hub's settings, members and records are gone, while its identity key and admin token are there. "+
		"Put back a backup (hcctl restore --dir %s --from FILE), or rebuild the database from the record stream in %s: "+
		"hchub recover --dir %s --id ID --name NAME --level LEVEL [--country CC] [--parent ADDR] (see README, \"Recovering a lost hub.db\")",
		filepath.Join(dir, DBFile), what, dir, filepath.Join(dir, NATSDir), dir)
}
