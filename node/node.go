package node

import (
	"context"
	"errors"
	"fmt"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/rpcserver"
	"github.com/hcnet/hcnet/internal/tlsconf"
	"log/slog"
	"net"
	"os"
	"path/filepath"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// Node is a running city node: its store and its gRPC server.
type Node struct {
	Dir     string
	Store   *Store
	Sharing *relay.Relay

	// Accounts are the people who sign in to the node's web pages.
	Accounts *accounts.Store

	token  string
	cancel context.CancelFunc
	done   chan struct{}
	grpc   *grpc.Server
	health *health.Server
	log    *slog.Logger
	// local is the in-process listener of the node's own web pages.
	local *rpcserver.Local
}

// Open opens the node in an initialised data folder, serving and
// reaching its hub in plaintext.
func Open(ctx context.Context, dir string, log *slog.Logger) (*Node, error) {
	return OpenWith(ctx, dir, log, Options{})
}

// OpenWith is Open with transport settings.
func OpenWith(ctx context.Context, dir string, log *slog.Logger, o Options) (*Node, error) {
	if _, err := os.Stat(filepath.Join(dir, DBFile)); err != nil {
		return nil, fmt.Errorf("%s is not a node's data folder (run hcnode init first): %w", dir, err)
	}
	token, err := ReadToken(dir)
	if err != nil {
		return nil, err
	}
	key, err := ReadIdentity(dir)
	if err != nil {
		return nil, err
	}
	// The bell exists before the store that rings it after each write
	// and the relay it wakes, so that each takes it when built.
	bell := relay.NewBell()
	store, err := OpenStore(ctx, filepath.Join(dir, DBFile), StoreOptions{Key: key, Queued: bell.Ring})
	if err != nil {
		return nil, err
	}
	store.DB().LogMigration(log)
	if err := store.seedOutbox(ctx); err != nil {
		store.Close()
		return nil, err
	}
	if err := store.shareByRuleOnce(ctx); err != nil {
		store.Close()
		return nil, err
	}
	if err := store.refsNamingThisCityOnce(ctx); err != nil {
		store.Close()
		return nil, err
	}
	n := &Node{Dir: dir, Store: store, Accounts: accounts.New(store.DB(), accounts.Options{}), token: token, log: log, done: make(chan struct{})}
	n.Sharing = relay.New(store, store, func(ctx context.Context) (relay.Applicant, error) {
		c, err := store.City(ctx)
		if err != nil {
			return relay.Applicant{}, err
		}
		return relay.Applicant{ID: c.GetId(), Country: c.GetCountry(), Name: c.GetName(), Key: key}, nil
	}, log, relay.WithBell(bell), relay.WithCreds(tlsconf.Creds(o.HubTLS)))
	svc := NewService(store, n.Sharing, log)
	n.grpc, n.health = newGRPCServer(svc, NewAccountService(n.Accounts), token, log, o.TLS)
	n.local = rpcserver.NewLocal()
	// The relay and the periodic comparison run until the caller's ctx
	// ends (the process stops) or Shutdown, whichever comes first.
	ctx, n.cancel = context.WithCancel(ctx)
	go func() {
		defer close(n.done)
		synced := make(chan struct{})
		go func() {
			defer close(synced)
			n.syncAfterRestore(ctx)
			n.syncEvery(ctx, SyncInterval)
		}()
		n.Sharing.Run(ctx)
		<-synced
	}()
	return n, nil
}

// Serve answers on lis until Shutdown. It writes the address to the data
// folder so hcctl --dir finds the node without being told.
func (n *Node) Serve(lis net.Listener) error {
	if err := os.WriteFile(filepath.Join(n.Dir, AddrFile), []byte(lis.Addr().String()+"\n"), 0o600); err != nil {
		return err
	}
	n.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	n.health.SetServingStatus("hcnet.v1.CityService", healthpb.HealthCheckResponse_SERVING)
	n.log.Info("node serving", "addr", lis.Addr().String(), "dir", n.Dir)
	go n.grpc.Serve(n.local) // ends with the server
	err := n.grpc.Serve(lis)
	if errors.Is(err, grpc.ErrServerStopped) {
		return nil
	}
	return err
}

// Shutdown stops taking calls, lets running ones finish until ctx ends,
// then closes the database so it is left as one checkpointed file.
func (n *Node) Shutdown(ctx context.Context) error {
	n.health.Shutdown()
	done := make(chan struct{})
	go func() {
		n.grpc.GracefulStop()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		n.grpc.Stop()
		<-done
	}
	os.Remove(filepath.Join(n.Dir, AddrFile))
	n.cancel()
	<-n.done
	return n.Store.Close()
}
