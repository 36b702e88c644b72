package store

import (
	"context"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// A practice's hit reads as the practice's page (hub/web) reads to the
// same reader: the reader's language where the city wrote the practice
// in it, else the original; only words that matched in another of its
// languages, when the reader's is not one of them, show the hit in that
// language (and its link asks the page for it).
func TestPracticeHitReadsAsItsPage(t *testing.T) {
	f := newFixture(t)
	rec := practice("en", map[string]text{
		"en": {"Walking groups for older residents", "Walks led by volunteers.", ""},
		"sv": {"Promenadgrupper för äldre", "Promenader med volontärer.", ""},
	})
	f.put("se/malmo", "practice", "walking", rec)
	in, m := record.Unwrap(rec)
	// pageTitle is the title the practice's page shows a reader of lang.
	pageTitle := func(lang string) (string, string) {
		l := in.Localize(m, lang)
		return in.Text(l.Msg, l.Lang).Title, l.Lang
	}
	for _, c := range []struct {
		lang, query string
		// matched is the language the query's words are in when it is
		// not the reader's, "" when the hit reads as the page.
		matched, title string
	}{
		{lang: "sv", title: "Promenadgrupper för äldre"},
		{lang: "en", title: "Walking groups for older residents"},
		{lang: "de", title: "Walking groups for older residents"},
		{lang: "ru", title: "Walking groups for older residents"},
		{lang: "sv", query: "volunteers", title: "Promenadgrupper för äldre"},
		{lang: "en", query: "promenaderna", title: "Walking groups for older residents"},
		{lang: "de", query: "walks", title: "Walking groups for older residents"},
		{lang: "de", query: "promenaderna", matched: "sv", title: "Promenadgrupper för äldre"},
		{lang: "", query: "promenaderna", matched: "sv", title: "Promenadgrupper för äldre"},
	} {
		resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: c.query, Lang: c.lang})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.GetHits()) != 1 {
			t.Fatalf("reader of %q, query %q: %d hits, want 1", c.lang, c.query, len(resp.GetHits()))
		}
		h := resp.GetHits()[0]
		want, wantLang := pageTitle(c.lang)
		if c.matched != "" {
			want, wantLang = pageTitle(c.matched)
		}
		if h.GetTitle() != want || h.GetTitle() != c.title || h.GetLang() != wantLang || h.GetOriginalLanguage() != "en" {
			t.Errorf("reader of %q, query %q: hit %q in %q (original %q), want %q in %q", c.lang, c.query,
				h.GetTitle(), h.GetLang(), h.GetOriginalLanguage(), c.title, wantLang)
		}
	}
}
