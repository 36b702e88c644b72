package main

import (
	"bytes"
	"context"
	"testing"
)

// TestFailureInWords: a refused init is reported in words, without the Go
// function it came from ("node.Init").
func TestFailureInWords(t *testing.T) {
	dir := t.TempDir()
	args := []string{"init", "--dir", dir, "--city", "malmo", "--name", "Malmö", "--country", "se"}
	var out bytes.Buffer
	if err := NewMain(&out, &out).Run(context.Background(), args); err != nil {
		t.Fatal(err)
	}
	err := NewMain(&out, &out).Run(context.Background(), args)
	var stderr bytes.Buffer
	if code := report(&stderr, err); code != 1 {
		t.Fatalf("exit code %d for %v", code, err)
	}
	if got := stderr.String(); got != "hcnode: "+dir+" already holds a node (hcnode.db exists); refusing to overwrite it\n" {
		t.Fatalf("reported %q", got)
	}
}
