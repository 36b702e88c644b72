package web

import (
	"strings"
	"testing"
)

// TestHomeLinksEveryFigurePage: the home page's own list leads to each
// page the menu groups under figures, the comparison of cities on an
// indicator among them, so a coordinator who reads the page and not the
// menu finds them all.
func TestHomeLinksEveryFigurePage(t *testing.T) {
	nw := startNetwork(t)
	_, _, page := nw.get(t, "/")
	_, main, ok := strings.Cut(page, "<main")
	if !ok {
		t.Fatalf("the home page has no main:\n%s", page)
	}
	main, _, _ = strings.Cut(main, "</main>")
	for _, path := range []string{"/stats", "/compare", "/gaps", "/report"} {
		if !strings.Contains(main, `<a href="`+path+`">`) {
			t.Errorf("the home page's own list does not link %s:\n%s", path, main)
		}
	}
}
