package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A --trusted-proxies entry that is not an address or a CIDR prefix stops
// run with the flag's name and the entry.
func TestRunRefusesBadTrustedProxies(t *testing.T) {
	dir := initHub(t)
	// Were the value taken, the hub would serve until the context ends.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	run := []string{"run", "--dir", dir, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--http", "127.0.0.1:0"}
	for _, bad := range []string{"proxy.example.org", "10.0.0.0/33", "10.0.0.0/8;192.0.2.1"} {
		err := noEnvMain().Run(ctx, append(run, "--trusted-proxies", bad))
		if err == nil || !strings.Contains(err.Error(), "--trusted-proxies: ") || !strings.Contains(err.Error(), bad) {
			t.Errorf("--trusted-proxies %q: got %v, want an error naming the flag and the entry", bad, err)
		}
	}
}
