package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The quarantine's hub-wide limits must bound something, and a row must
// outlive its envelope.
func TestRunRefusesBadQuarantineLimits(t *testing.T) {
	dir := initHub(t)
	for _, tc := range []struct {
		title string
		args  []string
		want  string
	}{
		{"no rows in all", []string{"--quarantine-total-rows", "0"}, "--quarantine-total-rows"},
		{"no bytes in all", []string{"--quarantine-total-bytes", "0"}, "--quarantine-total-bytes"},
		{"no interval", []string{"--quarantine-prune-interval", "0s"}, "--quarantine-prune-interval"},
		{"a row shorter than its envelope", []string{"--quarantine-retention", "48h", "--quarantine-row-retention", "24h"}, "--quarantine-row-retention"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			m := noEnvMain()
			// Refused before it starts; should it start, it stops here.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := m.Run(ctx, append([]string{"run", "--dir", dir, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0"}, tc.args...))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("run %v: %v, want an error naming %s", tc.args, err, tc.want)
			}
		})
	}
}
