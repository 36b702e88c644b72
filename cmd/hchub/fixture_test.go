package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"
)

// initHub initialises a national hub se-net in a new folder and returns
// the folder, for the tests of what run takes and refuses.
func initHub(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "hub")
	if err := NewMain(io.Discard, io.Discard).Run(context.Background(), []string{"init", "--dir", dir, "--id", "se-net", "--name", "X"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// noEnvMain is a Main that writes nowhere and reads no environment, so
// that a developer's HCNET_ variables cannot stand in for a flag the test
// leaves out.
func noEnvMain() *Main {
	m := NewMain(io.Discard, io.Discard)
	m.Getenv = func(string) string { return "" }
	return m
}
