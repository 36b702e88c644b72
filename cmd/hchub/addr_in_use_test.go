package main

import (
	"context"
	"io"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/syncbuf"
)

// A second hub on one machine finds the embedded NATS address taken: run
// says so and names the flag that changes it, rather than waiting for a
// server that never starts. The same for the gRPC address.
func TestRunNamesTheFlagOfABusyAddress(t *testing.T) {
	dir := initHub(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	// Were the address taken, the hub would serve until the context ends.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, tc := range []struct {
		title, flag string
		args        []string
	}{
		{"NATS", "--nats-listen", []string{"--listen", "127.0.0.1:0", "--nats-listen", busy.Addr().String()}},
		{"gRPC", "--listen", []string{"--listen", busy.Addr().String(), "--nats-listen", "127.0.0.1:0"}},
	} {
		err := noEnvMain().Run(ctx, append([]string{"run", "--dir", dir}, tc.args...))
		names := regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(tc.flag) + `(\s|:|$)`)
		if err == nil || !strings.Contains(err.Error(), "in use") || !names.MatchString(err.Error()) || !strings.Contains(err.Error(), busy.Addr().String()) {
			t.Errorf("%s address taken: got %v, want an error saying %s is in use and naming %s", tc.title, err, busy.Addr(), tc.flag)
		}
	}
}

// The metrics and web addresses are taken after the hub has started its
// parts: run stops naming the flag, and the parts it stopped log no
// warning about being stopped, which would send an IT team looking for a
// second fault.
func TestRunStopsQuietlyOnABusyMetricsOrWebAddress(t *testing.T) {
	dir := initHub(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, flag := range []string{"--metrics", "--http"} {
		var logs syncbuf.Buffer
		m := NewMain(io.Discard, &logs)
		m.Getenv = func(string) string { return "" }
		err := m.Run(ctx, []string{"run", "--dir", dir, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", flag, busy.Addr().String()})
		if err == nil || !strings.HasPrefix(err.Error(), flag+": ") || !strings.Contains(err.Error(), "in use") {
			t.Errorf("%s taken: got %v, want an error naming %s", flag, err, flag)
		}
		if l := logs.String(); strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR") {
			t.Errorf("%s taken: the hub logged a warning or error besides:\n%s", flag, l)
		}
	}
}
