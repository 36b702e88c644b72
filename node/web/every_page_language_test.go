package web

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/sample"
)

// TestEveryPageInEveryLanguage follows every link an admin reaches on a
// node holding a sample city, as the viewer test does, and renders each
// page found in all eight languages: a page added later is covered
// without being listed, and any message missing from a catalogue fails.
func TestEveryPageInEveryLanguage(t *testing.T) {
	s := startAccountSite(t)
	spec, ok := sample.Lookup(s.node.CityID)
	if !ok {
		t.Fatalf("no sample city %s", s.node.CityID)
	}
	if _, err := sample.Load(context.Background(), s.node.Client(t), spec); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for path, page := range crawl(t, s, "ada") {
		if strings.Contains(page, "<html") {
			paths = append(paths, path)
		}
	}
	if len(paths) < 30 {
		t.Fatalf("the crawl reached %d pages; the sample city has more", len(paths))
	}
	inEveryLanguage(t, s.site, paths...)
}
