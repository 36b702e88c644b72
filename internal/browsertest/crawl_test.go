package browsertest

import (
	"context"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Bounds of a crawl. Records of one kind share their pages' templates,
// and a search's filters share the results page, so a few of each shape
// of address show what the rest would; the cap on pages stops a crawl
// that a bug sends around in circles.
const (
	crawlPerShape = 2
	crawlMaxPages = 200
)

var (
	hrefRe = regexp.MustCompile(`href="([^"]*)"`)
	// idRe is a path segment that names one record: a ULID or a number.
	idRe = regexp.MustCompile(`^([0-9A-HJKMNP-TV-Z]{26}|[0-9]+)$`)
)

// shape is a page's address with its record ids and its query left
// out, noting only whether it has one: /partners/01J…/edit is
// /partners/*/edit, and /search?q=walk&sdg=3 is /search?.
func shape(u *url.URL) string {
	segs := strings.Split(u.Path, "/")
	for i, s := range segs {
		if idRe.MatchString(s) {
			segs[i] = "*"
		}
	}
	s := strings.Join(segs, "/")
	if u.RawQuery != "" {
		s += "?"
	}
	return s
}

// crawl finds the site's HTML pages by following every same-site link
// from start, with GET only and the browser's cookies (so as whoever the
// browser is signed in as), and returns their addresses in the order
// found. Pages that are not HTML (CSV, feeds, assets) are left out; a
// link that answers with an error fails the test, as does landing on the
// sign-in page, which means the crawl lost its session.
func crawl(t *testing.T, ctx context.Context, base string, start ...string) []string {
	t.Helper()
	root, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	cookies, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{base + "/"}})
	if err != nil {
		t.Fatalf("the browser's cookies: %v", err)
	}
	var jar []string
	for _, c := range cookies.Cookies {
		jar = append(jar, c.Name+"="+c.Value)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	seen := map[string]bool{}
	shapes := map[string]int{}
	var pages []string
	queue := slices.Clone(start)
	for len(queue) > 0 && len(pages) < crawlMaxPages {
		ref := queue[0]
		queue = queue[1:]
		u, err := root.Parse(ref)
		if err != nil || u.Host != root.Host || strings.HasPrefix(u.Path, "/static/") {
			continue
		}
		u.Fragment = ""
		if seen[u.String()] || shapes[shape(u)] >= crawlPerShape {
			continue
		}
		seen[u.String()] = true
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		req.Header.Set("Cookie", strings.Join(jar, "; "))
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		final := res.Request.URL
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s (a link on the site): %d", u.RequestURI(), res.StatusCode)
			continue
		}
		if final.Path == "/signin" && u.Path != "/signin" {
			t.Fatalf("GET %s: sent to sign in; the crawl lost its session", u.RequestURI())
		}
		if mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type")); mt != "text/html" {
			continue
		}
		// A redirect (to the only plan, say) counts as its target.
		if final.String() != u.String() {
			if seen[final.String()] {
				continue
			}
			seen[final.String()] = true
		}
		shapes[shape(final)]++
		pages = append(pages, final.RequestURI())
		for _, m := range hrefRe.FindAllStringSubmatch(string(body), -1) {
			queue = append(queue, (&url.URL{Path: final.Path}).ResolveReference(mustRef(html.UnescapeString(m[1]))).String())
		}
	}
	if len(pages) >= crawlMaxPages {
		t.Logf("crawl stopped at %d pages", crawlMaxPages)
	}
	return pages
}

func mustRef(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return &url.URL{}
	}
	return u
}

// width is a screen the pages are checked at.
type width struct {
	name string
	w, h int64
}

var widths = []width{{"desktop", 1280, 900}, {"phone", 390, 844}}

// setWidth makes the tab the given screen.
func setWidth(t *testing.T, ctx context.Context, w width) {
	t.Helper()
	var err error
	if w.w < 600 {
		err = chromedp.Do(ctx, chromedp.EmulateViewport(w.w, w.h, chromedp.EmulateMobile))
	} else {
		err = chromedp.Do(ctx, chromedp.EmulateViewport(w.w, w.h))
	}
	if err != nil {
		t.Fatalf("viewport %s: %v", w.name, err)
	}
}

// axeFindings collects the blocking violations of many pages, to report
// them all at once.
type axeFindings struct {
	blocking []string
	minor    []string
	pages    int
	// onScreen also checks, on each page visited at phone width, that
	// nothing reaches past the screen's right edge.
	onScreen bool
}

// check runs axe-core on the page the tab shows, named page at width w.
func (f *axeFindings) check(t *testing.T, ctx context.Context, source, page string, w width) {
	t.Helper()
	vs, err := Axe(ctx, source)
	if err != nil {
		t.Fatalf("%s at %d px: %v", page, w.w, err)
	}
	f.pages++
	for _, v := range vs {
		if v.Blocking() {
			f.blocking = append(f.blocking, fmt.Sprintf("%s at %d px: %s", page, w.w, v))
		} else {
			f.minor = append(f.minor, fmt.Sprintf("%s at %d px: %s (%s)", page, w.w, v.ID, v.Impact))
		}
	}
}

// visit opens each page at width w and checks it.
func (f *axeFindings) visit(t *testing.T, ctx context.Context, source, base string, pages []string, w width) {
	t.Helper()
	for _, p := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("open %s: %v", p, err)
		}
		f.check(t, ctx, source, p, w)
		if f.onScreen && w == widths[1] {
			onScreen(t, ctx, p, w)
		}
	}
}

// report fails the test with every serious or critical violation found.
func (f *axeFindings) report(t *testing.T) {
	t.Helper()
	t.Logf("axe-core checked %d page views: %d serious or critical violations, %d moderate or minor %v", f.pages, len(f.blocking), len(f.minor), f.minor)
	if len(f.blocking) > 0 {
		t.Errorf("axe-core found %d serious or critical violations:\n  %s", len(f.blocking), strings.Join(f.blocking, "\n  "))
	}
}
