package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/node/nodetest"
)

// topShot saves what the screen shows without scrolling, the part of a
// page a phone shows first.
func topShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(ScreenshotDir(t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// navState is what the main navigation shows: the addresses of its
// links, those visible, the current one, and the header's height.
type navState struct {
	Links   []string `json:"links"`
	Visible []string `json:"visible"`
	Current string   `json:"current"`
	Header  float64  `json:"header"`
	H1      float64  `json:"h1"`
}

func readNav(t *testing.T, ctx context.Context) navState {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[navState](`(() => {
		const links = [...document.querySelectorAll('header.site nav.main-nav a')];
		const cur = document.querySelector('header.site nav.main-nav a[aria-current="page"]');
		const h1 = document.querySelector('main h1');
		return {
			links: links.map(a => a.getAttribute('href')),
			visible: links.filter(a => a.checkVisibility()).map(a => a.getAttribute('href')),
			current: cur ? cur.getAttribute('href') : '',
			header: document.querySelector('header.site').getBoundingClientRect().height,
			h1: h1 ? h1.getBoundingClientRect().bottom : 0,
		};
	})()`))
	if err != nil {
		t.Fatalf("read the navigation: %v", err)
	}
	return s
}

// TestNodeNavigationOnAPhone opens a page of every type as an admin in
// English, Swedish, Russian and German at phone width: the header stays
// short, so the page's heading is in the top half of the screen, its
// links hide behind a Menu that opens them all, the current section
// marked; at desktop width every link shows at once, in groups. At
// phone width nothing reaches past the screen's right edge, an upload's
// problems with long ids included, and the tables that become cards do
// not scroll sideways. Pages are shot, and axe-core checks them with the
// menu closed and open, and the hub, a success and an upload's problems
// (the problems at desktop width too).
func TestNodeNavigationOnAPhone(t *testing.T) {
	source := AxeSource(t)
	n := nodetest.Start(t)
	sum := loadSample(t, n)
	srv, acc := accountSite(t, n)
	if _, err := acc.Add(context.Background(), "ada", accounts.Admin, "password ada"); err != nil {
		t.Fatal(err)
	}
	ctx := New(t, 8*time.Minute)
	signInAs(t, ctx, srv.URL, "ada", "password ada")
	pages := []struct{ name, path, want, current string }{
		{"dashboard", "/", "#by-sector", "/"},
		{"city", "/city", "main h1", "/city"},
		{"partners", "/partners", "main table", "/partners"},
		{"partner", "/partners/" + sum.Partners[0], "main h1", "/partners"},
		{"partnerships", "/partnerships", "main table", "/partnerships"},
		{"partnership", "/partnerships/" + sum.Partnerships[0], "main h1", "/partnerships"},
		{"partnership-form", "/partnerships/new", "form", "/partnerships"},
		{"plan", "/plans/" + sum.Plan, "main h1", "/plans"},
		{"indicator", "/indicators/" + sum.Indicators[0], "figure.chart", "/indicators"},
		{"practices", "/practices", "main h1", "/practices"},
		{"practice", "/practices/" + sum.Practices[0], "main h1", "/practices"},
		{"successes", "/successes", "main h1", "/successes"},
		{"success", "/successes/" + sum.Success.GetSuccessId(), "#history", "/successes"},
		{"endorsements", "/endorsements", "main h1", "/endorsements"},
		{"hub", "/hub", "#hub_addr", "/hub"},
		{"shared", "/shared/partnership/" + sum.Partnerships[0], "#sent", ""},
		{"spreadsheets", "/spreadsheets", "main h1", "/spreadsheets"},
		{"accounts", "/accounts", "#role", "/accounts"},
		{"backup", "/backup", "main h1", "/backup"},
		{"delete", "/partners/" + sum.Partners[0] + "/delete", "main h1", "/partners"},
	}
	longIDs := filepath.Join(t.TempDir(), "partners_from_the_old_register_export_2024_12_04.csv")
	writeFile(t, longIDs, "id;organisation;website\n"+
		"01JDZK6Q8X3M7V2N4P5R9T0WYB-not-a-ulid;Malmö stad;https://example.org/a/very/long/path/that/never/breaks\n"+
		"nope-01JDZK6Q8X3M7V2N4P5R9T0WYBAAAAAAAAAAAA;;\n")
	everyLink := []string{"/", "/city", "/partners", "/partnerships", "/plans", "/indicators", "/practices", "/successes", "/spreadsheets", "/hub", "/endorsements", "/accounts", "/backup"}
	phone, desktop := widths[1], widths[0]
	var f axeFindings
	for _, lang := range []string{"en", "sv", "ru", "de"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to="+lang+"&back=%2F"), chromedp.WaitVisible(chromedp.CSS(`html[lang="`+lang+`"] #by-sector`))); err != nil {
			t.Fatalf("switch to %s: %v", lang, err)
		}
		setWidth(t, ctx, phone)
		for _, p := range pages {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.want))); err != nil {
				t.Fatalf("%s %s: %v", lang, p.path, err)
			}
			topShot(t, ctx, fmt.Sprintf("%s-%s-390", lang, p.name))
			s := readNav(t, ctx)
			t.Logf("%s %s at 390 px: header %.0f px, heading ends at %.0f px", lang, p.path, s.Header, s.H1)
			if s.H1 > float64(phone.h)/2 {
				t.Errorf("%s %s at 390 px: the heading ends %.0f px down, below the top half of the screen (header %.0f px)", lang, p.path, s.H1, s.Header)
			}
			if !slices.Equal(sorted(s.Links), sorted(everyLink)) {
				t.Errorf("%s %s: the menu links to %v, want %v", lang, p.path, s.Links, everyLink)
			}
			if len(s.Visible) > 0 {
				t.Errorf("%s %s at 390 px: %v show before the menu is opened", lang, p.path, s.Visible)
			}
			if s.Current != p.current {
				t.Errorf("%s %s: current section %q, want %q", lang, p.path, s.Current, p.current)
			}
			fits(t, ctx, lang+" "+p.path, phone)
			sc := onScreen(t, ctx, lang+" "+p.path, phone)
			// The hub's deliveries and a record's history are read on a
			// phone whole, as cards, not scrolled to.
			if p.name == "hub" || p.name == "success" {
				if len(sc.Scrolled) > 0 {
					t.Errorf("%s %s at 390 px: tables scroll sideways: %v", lang, p.path, sc.Scrolled)
				}
				f.check(t, ctx, source, lang+" "+p.path, phone)
			}
		}
		// An upload's problems name ids and a file name with no space to
		// break at; they stay on the screen too.
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/spreadsheets/partners/upload"), chromedp.WaitVisible(chromedp.ID("file"))); err != nil {
			t.Fatal(err)
		}
		uploadFile(t, ctx, longIDs, `#problems-caption`)
		Screenshot(t, ctx, lang+"-upload-problems-390")
		if sc := onScreen(t, ctx, lang+" upload problems", phone); len(sc.Scrolled) > 0 {
			t.Errorf("%s upload problems at 390 px: tables scroll sideways: %v", lang, sc.Scrolled)
		}
		f.check(t, ctx, source, lang+" upload problems", phone)
		// The menu opens with its button and shows every link, the
		// current section marked; it is checked open as well as closed.
		if err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/indicators/"+sum.Indicators[0]), chromedp.WaitVisible(chromedp.CSS(`figure.chart`)),
		); err != nil {
			t.Fatal(err)
		}
		f.check(t, ctx, source, lang+" menu closed", phone)
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`nav.main-nav summary`)),
			chromedp.WaitVisible(chromedp.CSS(`nav.main-nav a[href="/backup"]`)),
		); err != nil {
			t.Fatalf("%s: open the menu: %v", lang, err)
		}
		if s := readNav(t, ctx); !slices.Equal(sorted(s.Visible), sorted(everyLink)) || s.Current != "/indicators" {
			t.Errorf("%s: the open menu shows %v (current %q), want %v", lang, s.Visible, s.Current, everyLink)
		}
		topShot(t, ctx, lang+"-menu-open-390")
		f.check(t, ctx, source, lang+" menu open", phone)
		fits(t, ctx, lang+" menu open", phone)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`nav.main-nav a[href="/partners"]`)), chromedp.WaitVisible(chromedp.CSS(`main table`))); err != nil {
			t.Fatalf("%s: follow the menu to the partners: %v", lang, err)
		}

		// A desktop shows every link without a menu.
		setWidth(t, ctx, desktop)
		for _, path := range []string{"/", "/indicators/" + sum.Indicators[0]} {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS(`main h1`))); err != nil {
				t.Fatal(err)
			}
			s := readNav(t, ctx)
			if !slices.Equal(sorted(s.Visible), sorted(everyLink)) {
				t.Errorf("%s %s at 1280 px: %v show, want every link %v", lang, path, s.Visible, everyLink)
			}
			if shown, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('nav.main-nav summary').checkVisibility()`)); shown {
				t.Errorf("%s %s at 1280 px: the Menu button shows though every link does", lang, path)
			}
			t.Logf("%s %s at 1280 px: header %.0f px", lang, path, s.Header)
			f.check(t, ctx, source, lang+" "+path, desktop)
		}
		topShot(t, ctx, lang+"-indicator-1280")
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/spreadsheets/partners/upload"), chromedp.WaitVisible(chromedp.ID("file"))); err != nil {
			t.Fatal(err)
		}
		uploadFile(t, ctx, longIDs, `#problems-caption`)
		Screenshot(t, ctx, lang+"-upload-problems-1280")
		f.check(t, ctx, source, lang+" upload problems", desktop)
	}
	f.report(t)
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// TestHubNavigationOnAPhone does for the hub what the node's test does:
// a visitor in four languages at phone width sees each page's heading in
// the top half of the screen, the links behind the Menu and the sign-in
// link in the header; a coordinator's menu adds the coordination pages;
// a desktop shows every link at once.
func TestHubNavigationOnAPhone(t *testing.T) {
	source := AxeSource(t)
	bg := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	loadSample(t, n)
	delivered(t, h, n)
	srv, acc := coordinationSite(t, h)
	if _, err := acc.Add(bg, "cora", accounts.Coordinator, "a long password"); err != nil {
		t.Fatal(err)
	}
	ctx := New(t, 6*time.Minute)
	pages := []struct{ name, path, want, current string }{
		{"home", "/", "main h1", ""},
		{"search", "/search?q=health", "main h1", "/search"},
		{"members", "/members", "main table", "/members"},
		{"city", "/cities/se/malmo", "main h1", "/members"},
		{"stats", "/stats", "figure.chart svg", "/stats"},
		{"compare", "/compare", "main h1", "/compare"},
		{"gaps", "/gaps", "main h1", "/gaps"},
		{"report", "/report", "figure.chart svg", "/report"},
		{"partner-finder", "/partners", "main h1", "/partners"},
	}
	public := []string{"/search", "/members", "/partners", "/stats", "/compare", "/gaps", "/report"}
	phone, desktop := widths[1], widths[0]
	var f axeFindings
	for _, lang := range []string{"en", "sv", "ru", "de"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to="+lang+"&back=%2Fstats"), chromedp.WaitVisible(chromedp.CSS(`html[lang="`+lang+`"] figure.chart`))); err != nil {
			t.Fatalf("switch to %s: %v", lang, err)
		}
		setWidth(t, ctx, phone)
		for _, p := range pages {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.want))); err != nil {
				t.Fatalf("%s %s: %v", lang, p.path, err)
			}
			topShot(t, ctx, fmt.Sprintf("%s-%s-390", lang, p.name))
			s := readNav(t, ctx)
			t.Logf("%s %s at 390 px: header %.0f px, heading ends at %.0f px", lang, p.path, s.Header, s.H1)
			if s.H1 > float64(phone.h)/2 {
				t.Errorf("%s %s at 390 px: the heading ends %.0f px down, below the top half of the screen", lang, p.path, s.H1)
			}
			if !slices.Equal(sorted(s.Links), sorted(public)) || len(s.Visible) > 0 || s.Current != p.current {
				t.Errorf("%s %s at 390 px: links %v, %v showing, current %q; want %v hidden, current %q", lang, p.path, s.Links, s.Visible, s.Current, public, p.current)
			}
			if shown, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('header.site a.sign-in[href="/signin"]').checkVisibility()`)); !shown {
				t.Errorf("%s %s at 390 px: no sign-in link in sight", lang, p.path)
			}
			fits(t, ctx, lang+" "+p.path, phone)
		}
		f.check(t, ctx, source, lang+" /partners (menu closed)", phone)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`nav.main-nav summary`)), chromedp.WaitVisible(chromedp.CSS(`nav.main-nav a[href="/report"]`))); err != nil {
			t.Fatalf("%s: open the menu: %v", lang, err)
		}
		topShot(t, ctx, lang+"-menu-open-390")
		f.check(t, ctx, source, lang+" /partners (menu open)", phone)
		setWidth(t, ctx, desktop)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/stats"), chromedp.WaitVisible(chromedp.CSS(`figure.chart svg`))); err != nil {
			t.Fatal(err)
		}
		if s := readNav(t, ctx); !slices.Equal(sorted(s.Visible), sorted(public)) {
			t.Errorf("%s /stats at 1280 px: %v show, want every link %v", lang, s.Visible, public)
		}
		topShot(t, ctx, lang+"-stats-1280")
		f.check(t, ctx, source, lang+" /stats", desktop)
	}

	// A coordinator's menu holds the coordination pages too.
	signInAs(t, ctx, srv.URL, "cora", "a long password")
	coordination := append(slices.Clone(public), "/quarantine", "/subscribers", "/accounts")
	for _, w := range []width{desktop, phone} {
		setWidth(t, ctx, w)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/subscribers"), chromedp.WaitVisible(chromedp.CSS(`main h1`))); err != nil {
			t.Fatal(err)
		}
		if w == phone {
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`nav.main-nav summary`)), chromedp.WaitVisible(chromedp.CSS(`nav.main-nav a[href="/accounts"]`))); err != nil {
				t.Fatalf("open the coordinator's menu: %v", err)
			}
		}
		s := readNav(t, ctx)
		if !slices.Equal(sorted(s.Visible), sorted(coordination)) || s.Current != "/subscribers" {
			t.Errorf("coordinator at %d px: %v show (current %q), want %v", w.w, s.Visible, s.Current, coordination)
		}
		topShot(t, ctx, fmt.Sprintf("de-coordinator-subscribers-%d", w.w))
		f.check(t, ctx, source, "coordinator /subscribers", w)
	}
	f.report(t)
}
