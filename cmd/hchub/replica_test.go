package main

import (
	"context"
	"strings"
	"testing"
)

// A replica name must make a valid consumer name, and a replica reads a
// shared stream, so it needs an existing NATS deployment.
func TestRunRefusesBadReplicaSettings(t *testing.T) {
	dir := initHub(t)
	for _, tc := range []struct {
		title string
		args  []string
		want  string
	}{
		{"a dot in the name", []string{"--replica", "b.1", "--nats-url", "nats://127.0.0.1:1"}, "replica name"},
		{"no deployment", []string{"--replica", "b", "--nats-listen", "127.0.0.1:0"}, "--nats-url"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			m := noEnvMain()
			err := m.Run(context.Background(), append([]string{"run", "--dir", dir, "--listen", "127.0.0.1:0"}, tc.args...))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("run %v: %v, want an error naming %s", tc.args, err, tc.want)
			}
		})
	}
}
