package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// A replica name must make a valid consumer name, and a replica reads a
// shared stream, so it needs an existing NATS deployment.
func TestRunRefusesBadReplicaSettings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "hub")
	if err := NewMain(io.Discard, io.Discard).Run(context.Background(), []string{"init", "--dir", dir, "--id", "se-net", "--name", "X"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		title string
		args  []string
		want  string
	}{
		{"a dot in the name", []string{"--replica", "b.1", "--nats-url", "nats://127.0.0.1:1"}, "replica name"},
		{"no deployment", []string{"--replica", "b", "--nats-listen", "127.0.0.1:0"}, "--nats-url"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			m := NewMain(io.Discard, io.Discard)
			m.Getenv = func(string) string { return "" }
			err := m.Run(context.Background(), append([]string{"run", "--dir", dir, "--listen", "127.0.0.1:0"}, tc.args...))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("run %v: %v, want an error naming %s", tc.args, err, tc.want)
			}
		})
	}
}
