package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/hcnet/hcnet/internal/version"
)

// TestVersionFlag: hcdemo --version prints the line every hcnet command
// prints and starts nothing.
func TestVersionFlag(t *testing.T) {
	var out, errb bytes.Buffer
	if err := NewMain(&out, &errb).Run(context.Background(), []string{"--version"}); err != nil {
		t.Fatal(err)
	}
	if out.String() != version.Line("hcdemo")+"\n" || errb.String() != "" {
		t.Fatalf("stdout %q, stderr %q", out.String(), errb.String())
	}
}
