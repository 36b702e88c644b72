package metrics_test

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/metrics"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// fixedStatus is a node status that never changes.
type fixedStatus struct{ st *hcnetv1.GetStatusResponse }

func (f fixedStatus) Status(context.Context) (*hcnetv1.GetStatusResponse, error) { return f.st, nil }

// TestReadmeNodeMetricsAreExported: every hcnet_node_ metric the README's
// metrics section names, in its table or its example alerts, is one the
// node exports, and every one it exports is named there, so an alert
// copied from the README works.
func TestReadmeNodeMetricsAreExported(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Metrics and health\n")
	if !ok {
		t.Fatal("README has no Metrics and health section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile(`hcnet_node_[a-z_]+[a-z]`).FindAllString(section, -1) {
		documented[m] = true
	}

	addr := serve(t, metrics.NewNodeCollector(fixedStatus{&hcnetv1.GetStatusResponse{}}))
	var exported []string
	for name := range scrape(t, addr) {
		if strings.HasPrefix(name, "hcnet_node_") {
			exported = append(exported, name)
		}
	}
	for name := range documented {
		if !slices.Contains(exported, name) {
			t.Errorf("the README names %s, which the node does not export (it exports %v)", name, exported)
		}
	}
	for _, name := range exported {
		if !documented[name] {
			t.Errorf("the node exports %s, which the README's metrics section does not name", name)
		}
	}
	if !documented["hcnet_node_hub_joined"] {
		t.Error("the README's metrics section does not name hcnet_node_hub_joined")
	}
}
