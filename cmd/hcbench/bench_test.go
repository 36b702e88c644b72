package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSmall runs hcbench as CI does and checks that every figure it
// reports was measured (> 0); how fast is for the benchmark, not the test.
func TestSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a hub and a node")
	}
	out := filepath.Join(t.TempDir(), "bench.json")
	var stdout, stderr bytes.Buffer
	if err := NewMain(&stdout, &stderr).Run(context.Background(), []string{"--small", "--json", out}); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "ingest / slowest raw stage") {
		t.Errorf("table lacks the ingest ratio:\n%s", stdout.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var figures map[string]any
	if err := json.Unmarshal(b, &figures); err != nil {
		t.Fatal(err)
	}
	var check func(path string, v any)
	check = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if path == "" && k == "options" {
					continue // flags, not figures
				}
				check(path+"."+k, x)
			}
		case []any:
			if len(v) == 0 {
				t.Errorf("%s is empty", path)
			}
			for _, x := range v {
				check(path+"[]", x)
			}
		case float64:
			if v <= 0 {
				t.Errorf("%s = %v, want > 0", path, v)
			}
		case string:
			if v == "" {
				t.Errorf("%s is empty", path)
			}
		}
	}
	check("", figures)
	if s, ok := figures["search"].([]any); !ok || len(s) != len(queries) {
		t.Errorf("search figures: %v, want one per query (%d)", figures["search"], len(queries))
	}
}
