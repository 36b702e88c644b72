package web

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
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
	pages := crawl(t, s, "ada")
	for path, page := range pages {
		if strings.Contains(page, "<html") {
			paths = append(paths, path)
		}
	}
	if len(paths) < 30 {
		t.Fatalf("the crawl reached %d pages; the sample city has more", len(paths))
	}
	inEveryLanguage(t, s.site, paths...)

	// Each form the pages ask to fill in, sent empty in every language,
	// comes back in the language with its problems listed, and saves
	// nothing.
	forms := formsToFillIn(pages)
	if len(forms) < 15 {
		t.Fatalf("the crawl found %d forms to fill in; the sample city's pages have more: %v", len(forms), forms)
	}
	t.Logf("%d forms to fill in, sent empty: %v", len(forms), slices.Sorted(maps.Keys(forms)))
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	saved := storedRecords(t, s.site)
	mark := words.Mark()
	for _, l := range i18n.Languages {
		for _, f := range forms {
			code, page, _ := s.postIn(t, l.Code, f.Action, f.Values)
			if code != formStatus && code != http.StatusBadRequest {
				t.Errorf("%s POST %s sent empty: %d, want %d or %d", l.Code, f.Action, code, formStatus, http.StatusBadRequest)
				continue
			}
			if !strings.Contains(page, `class="error-summary"`) {
				t.Errorf("%s POST %s sent empty: no problems listed", l.Code, f.Action)
			}
			// The API's refusals come with their messages, which the
			// page says in its language, as it does its own words.
			inLanguage(t, l, "POST "+f.Action, page)
		}
	}
	missedSince(t, mark)
	if now := storedRecords(t, s.site); now != saved {
		t.Errorf("the forms sent empty changed the node's records: %s, then %s", saved, now)
	}
}

// storedRecords sums up the node's records, each kind's count and latest
// version, so that any save shows.
func storedRecords(t *testing.T, s *site) string {
	t.Helper()
	var sum string
	if err := s.node.Node.Store.DB().Read.QueryRow(`SELECT count(*) || '/' || coalesce(sum(version), 0) FROM records`).Scan(&sum); err != nil {
		t.Fatal(err)
	}
	return sum
}
