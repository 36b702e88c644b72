// Package nodetest starts real city nodes for tests: an initialised data
// folder in t.TempDir(), a gRPC server on a random loopback port, and a
// clean shutdown when the test ends.
package nodetest

import (
	"context"
	"errors"
	"github.com/hcnet/hcnet/internal/bearer"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/node"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Node is a running node.
type Node struct {
	Addr   string // 127.0.0.1:PORT
	Dir    string // data folder, with admin.token and node.addr
	Token  string
	DBPath string
	CityID string
	Node   *node.Node

	stop    func() error
	once    sync.Once
	stopErr error
}

// Options choose the city; zero values give a Swedish test city.
type Options struct {
	CityID, Name, Country string
}

// Start initialises and starts a node that stops when the test ends.
func Start(tb testing.TB) *Node {
	tb.Helper()
	return StartWith(tb, Options{})
}

// StartWith is Start for a chosen city.
func StartWith(tb testing.TB, o Options) *Node {
	tb.Helper()
	if o.CityID == "" {
		o = Options{CityID: "malmo", Name: "Malmö", Country: "se"}
	}
	dir := filepath.Join(tb.TempDir(), o.CityID)
	ctx := context.Background()
	if err := node.Init(ctx, dir, node.InitOptions{CityID: o.CityID, Name: o.Name, Country: o.Country}); err != nil {
		tb.Fatalf("init node: %v", err)
	}
	return Restart(tb, dir)
}

// Restart starts a node on an existing data folder (after a crash or a
// stop), on a new port.
func Restart(tb testing.TB, dir string) *Node {
	tb.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(tWriter{tb}, nil))
	}
	n, err := node.Open(ctx, dir, log)
	if err != nil {
		tb.Fatalf("open node: %v", err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	served := make(chan error, 1)
	go func() { served <- n.Serve(lis) }()
	token, err := node.ReadToken(dir)
	if err != nil {
		tb.Fatal(err)
	}
	city, err := n.Store.City(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	out := &Node{Addr: lis.Addr().String(), Dir: dir, Token: token, DBPath: filepath.Join(dir, node.DBFile), CityID: city.GetId(), Node: n}
	out.stop = func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return errors.Join(n.Shutdown(ctx), <-served)
	}
	tb.Cleanup(func() {
		if err := out.shutdown(); err != nil {
			tb.Errorf("stop node: %v", err)
		}
	})
	return out
}

// shutdown stops the node once, however often it is called.
func (n *Node) shutdown() error {
	n.once.Do(func() { n.stopErr = n.stop() })
	return n.stopErr
}

// Stop shuts the node down now; Cleanup then does nothing more for it.
func (n *Node) Stop(tb testing.TB) {
	tb.Helper()
	if err := n.shutdown(); err != nil {
		tb.Fatalf("stop node: %v", err)
	}
}

// Client is a CityService client that sends the node's admin token.
func (n *Node) Client(tb testing.TB) hcnetv1.CityServiceClient {
	tb.Helper()
	return hcnetv1.NewCityServiceClient(n.Conn(tb, n.Token))
}

// Conn dials the node sending the given token ("" sends none).
func (n *Node) Conn(tb testing.TB, token string) *grpc.ClientConn {
	tb.Helper()
	opts := []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	if token != "" {
		opts = append(opts, grpc.WithPerRPCCredentials(bearer.Token(token)))
	}
	conn, err := grpc.NewClient(n.Addr, opts...)
	if err != nil {
		tb.Fatalf("dial node: %v", err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}

type tWriter struct{ tb testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.tb.Log(string(p))
	return len(p), nil
}
