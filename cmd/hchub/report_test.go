package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestFailureInWords: a refused init is reported in words, without the Go
// function it came from ("hub.Init").
func TestFailureInWords(t *testing.T) {
	dir := t.TempDir()
	args := []string{"init", "--dir", dir, "--id", "se-net", "--name", "Healthy Cities Sweden", "--level", "national"}
	var out bytes.Buffer
	if err := NewMain(&out, &out).Run(context.Background(), args); err != nil {
		t.Fatal(err)
	}
	err := NewMain(&out, &out).Run(context.Background(), args)
	var stderr bytes.Buffer
	if code := report(&stderr, err); code != 1 {
		t.Fatalf("exit code %d for %v", code, err)
	}
	if got := stderr.String(); !strings.HasPrefix(got, "hchub: "+dir+" already holds") || strings.Contains(got, "hub.Init") {
		t.Fatalf("reported %q", got)
	}
}
