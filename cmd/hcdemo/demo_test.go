package main

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/node"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDemoServesSampleDataAndStopsCleanly runs the demo as a user would,
// reads its data over gRPC, then stops it as Ctrl-C would.
func TestDemoServesSampleDataAndStopsCleanly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	m := NewMain(&out, &errOut)
	type ready struct{ dir, addr string }
	readyc := make(chan ready, 1)
	m.Ready = func(dir, addr string) { readyc <- ready{dir, addr} }
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"--listen", "127.0.0.1:0"}) }()

	var r ready
	select {
	case r = <-readyc:
	case err := <-done:
		t.Fatalf("demo stopped before serving: %v\n%s", err, errOut.String())
	case <-time.After(2 * time.Minute):
		t.Fatal("demo not ready within 2 minutes")
	}
	for _, want := range []string{r.addr, r.dir, "hcctl --dir", "Ctrl-C"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("welcome text lacks %q:\n%s", want, out.String())
		}
	}

	token, err := node.ReadToken(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := grpc.NewClient(r.addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(bearer(token)))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := hcnetv1.NewCityServiceClient(conn)
	ps, err := c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if ps.GetTotalSize() < 4 {
		t.Fatalf("demo has %d partnerships, want at least 4", ps.GetTotalSize())
	}
	pr, err := c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if pr.GetTotalSize() < 3 {
		t.Fatalf("demo has %d practices, want at least 3", pr.GetTotalSize())
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("demo stopped with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("demo did not stop within 30s of Ctrl-C")
	}
	if !strings.Contains(out.String(), "Stopped cleanly.") {
		t.Fatalf("no clean stop message:\n%s", out.String())
	}
	if _, err := os.Stat(r.dir); !os.IsNotExist(err) {
		t.Fatalf("temporary folder %s left behind: %v", r.dir, err)
	}
}
