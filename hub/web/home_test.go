package web

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestHomePromisesOnlyWhatItServes: every link on the home page answers,
// and no part of it is announced as still to come (a newcomer believes
// the page and stops looking).
func TestHomePromisesOnlyWhatItServes(t *testing.T) {
	nw := startNetwork(t)
	code, _, page := nw.get(t, "/")
	if code != http.StatusOK {
		t.Fatalf("GET /: %d\n%s", code, page)
	}
	for _, word := range []string{"coming soon", "not yet", "todo"} {
		if strings.Contains(strings.ToLower(page), word) {
			t.Errorf("the home page says %q:\n%s", word, page)
		}
	}
	links := regexp.MustCompile(`href="(/[^"]*)"`).FindAllStringSubmatch(page, -1)
	if len(links) < 5 {
		t.Fatalf("the home page links %d pages:\n%s", len(links), page)
	}
	for _, l := range links {
		path := html.UnescapeString(l[1])
		if code, _, body := nw.get(t, path); code != http.StatusOK {
			t.Errorf("the home page links %s, which answers %d:\n%.300s", path, code, body)
		}
	}
	mustContain(t, page, `href="`+FeedPath+`"`)
}
