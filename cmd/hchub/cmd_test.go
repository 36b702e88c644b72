package main

import (
	"context"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"path/filepath"
	"strings"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

func TestInitRunAndStop(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "se-net")
	var out syncbuf.Buffer
	ctx := context.Background()
	if err := NewMain(&out, &out).Run(ctx, []string{"init", "--dir", dir, "--id", "se-net", "--name", "Healthy Cities Sweden", "--level", "national"}); err != nil {
		t.Fatalf("init: %v\n%s", err, out.String())
	}
	if err := NewMain(&out, &out).Run(ctx, []string{"init", "--dir", dir, "--id", "se-net", "--name", "X"}); err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Fatalf("second init: %v", err)
	}
	if err := NewMain(&out, &out).Run(ctx, []string{"init", "--dir", t.TempDir(), "--id", "x", "--name", "X", "--level", "galactic"}); err == nil || !strings.Contains(err.Error(), "level") {
		t.Fatalf("bad level: %v", err)
	}

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	m := NewMain(&out, &out)
	ready := make(chan string, 1)
	m.Ready = func(addr, _ string) { ready <- addr }
	done := make(chan error, 1)
	go func() {
		done <- m.Run(runCtx, []string{"run", "--dir", dir, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0"})
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("run stopped: %v\n%s", err, out.String())
	case <-time.After(time.Minute):
		t.Fatal("hub not ready")
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	info, err := hcnetv1.NewHubServiceClient(conn).GetHub(ctx, &hcnetv1.GetHubRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if info.GetId() != "se-net" || info.GetLevel() != hcnetv1.HubLevel_HUB_LEVEL_NATIONAL || !strings.HasPrefix(info.GetNatsUrl(), "nats://127.0.0.1:") {
		t.Fatalf("GetHub = %v", info)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run after SIGINT: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("hub did not stop")
	}
}
