package web

import (
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var pageLinkRe = regexp.MustCompile(`href="(/[^"#]*)"`)

// TestEveryPublicPageInEveryLanguage follows every local link a visitor
// reaches from the hub's home page and renders each HTML page found in
// all eight languages, failing on any message missing from a catalogue;
// a page added later is covered without being listed. The coordinators'
// pages have their own test.
func TestEveryPublicPageInEveryLanguage(t *testing.T) {
	nw := startNetwork(t)
	seen := map[string]bool{}
	var pages []string
	queue := []string{"/"}
	for len(queue) > 0 && len(seen) < 300 {
		path := queue[0]
		queue = queue[1:]
		if seen[path] || strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/lang?") {
			continue
		}
		seen[path] = true
		res, err := http.Get(nw.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
			continue
		}
		pages = append(pages, path)
		for _, m := range pageLinkRe.FindAllStringSubmatch(string(b), -1) {
			queue = append(queue, html.UnescapeString(m[1]))
		}
	}
	if len(pages) < 15 {
		t.Fatalf("the crawl reached %d pages: %v", len(pages), pages)
	}
	inEveryLanguage(t, func(lang string) {
		for _, p := range pages {
			getIn(t, nw.srv.URL, lang, p)
		}
	})
}
