package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A --public-url that is not scheme and host, a --trusted-proxies entry
// that is not an address or CIDR prefix, or a --lang that is not one of
// the network's languages stops run with the flag's
// name, from the command line and from the environment alike.
func TestRunRefusesBadWebSettings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "malmo")
	ctx := context.Background()
	if err := NewMain(io.Discard, io.Discard).Run(ctx, []string{"init", "--dir", dir, "--city", "malmo", "--name", "Malmö", "--country", "se"}); err != nil {
		t.Fatalf("init: %v", err)
	}
	// Were the value taken, the node would serve until the context ends.
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	run := []string{"run", "--dir", dir, "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0"}
	for _, c := range []struct{ flag, env, bad string }{
		{"--public-url", "HCNET_PUBLIC_URL", "malmo.example.org"},
		{"--public-url", "HCNET_PUBLIC_URL", "https://example.org/malmo"},
		{"--trusted-proxies", "HCNET_TRUSTED_PROXIES", "proxy.example.org"},
		{"--trusted-proxies", "HCNET_TRUSTED_PROXIES", "10.0.0.0/8;192.0.2.1"},
		{"--lang", "HCNET_LANG", "tlh"},
	} {
		m := NewMain(io.Discard, io.Discard)
		m.Getenv = func(string) string { return "" }
		if err := m.Run(ctx, append(run, c.flag, c.bad)); err == nil || !strings.Contains(err.Error(), c.flag+": ") {
			t.Errorf("%s %q: got %v, want an error naming %s", c.flag, c.bad, err, c.flag)
		}
		m = NewMain(io.Discard, io.Discard)
		m.Getenv = func(k string) string {
			if k == c.env {
				return c.bad
			}
			return ""
		}
		if err := m.Run(ctx, run); err == nil || !strings.Contains(err.Error(), c.flag+": ") {
			t.Errorf("%s=%q: got %v, want an error naming %s", c.env, c.bad, err, c.flag)
		}
	}
}
