package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// A --public-url that is not scheme and host stops run with the flag's
// name, from the command line and from the environment alike.
func TestRunRefusesABadPublicURL(t *testing.T) {
	dir := initHub(t)
	ctx := context.Background()
	// Were the value taken, the hub would serve until the context ends.
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	run := []string{"run", "--dir", dir, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--http", "127.0.0.1:0"}
	for _, bad := range []string{"hub.example.org", "ftp://hub.example.org", "https://example.org/hub", "https://hub.example.org/?x=1"} {
		m := noEnvMain()
		if err := m.Run(ctx, append(run, "--public-url", bad)); err == nil || !strings.Contains(err.Error(), "--public-url: ") {
			t.Errorf("--public-url %q: got %v, want an error naming --public-url", bad, err)
		}
		m = NewMain(io.Discard, io.Discard)
		m.Getenv = func(k string) string {
			if k == "HCNET_PUBLIC_URL" {
				return bad
			}
			return ""
		}
		if err := m.Run(ctx, run); err == nil || !strings.Contains(err.Error(), "--public-url: ") {
			t.Errorf("HCNET_PUBLIC_URL=%q: got %v, want an error naming --public-url", bad, err)
		}
	}
}

// A --lang that is not one of the network's languages stops run, naming
// the flag and the languages there are.
func TestRunRefusesAnUnknownLanguage(t *testing.T) {
	dir := initHub(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := noEnvMain().Run(ctx, []string{"run", "--dir", dir, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--lang", "se"})
	if err == nil || !strings.Contains(err.Error(), "--lang: ") || !strings.Contains(err.Error(), "sv, da, fi") {
		t.Errorf("--lang se: got %v, want an error naming --lang and the languages", err)
	}
}
