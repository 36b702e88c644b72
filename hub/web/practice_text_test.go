package web

import (
	"context"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// translatedPractice is a hub holding Malmö's practice, written in
// English with a Swedish text besides; its problem is in English alone.
type translatedPractice struct {
	srv, id string
	hub     *hubtest.Hub
	malmo   *nodetest.Node
}

func startTranslatedPractice(t *testing.T) *translatedPractice {
	t.Helper()
	ctx := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	member(t, h, malmo)
	p := nodetest.Practice("Walking groups for older residents")
	p.OriginalLanguage = "en"
	p.Texts = map[string]*hcnetv1.PracticeText{
		"en": {Title: "Walking groups for older residents", Summary: "Walks led by volunteers twice a week.", Body: "Volunteers from the district lead the walks."},
		"sv": {Title: "Promenadgrupper för äldre", Summary: "Promenader två gånger i veckan.", Body: "Volontärer från stadsdelen leder promenaderna."},
	}
	res, err := malmo.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: p})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the hub holds the practice", func() bool {
		st, err := h.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		return err == nil && st.GetPractices() == 1
	})
	return &translatedPractice{srv: servePages(t, h).URL, id: res.GetPractice().GetId(), hub: h, malmo: malmo}
}

// A practice's page reads in the reader's language where the city wrote
// the practice in it, else in the original marked as such, with a link
// to the original and the other languages below; the Atom feed's entry
// says the language it shows.
func TestPracticePageShowsTheReadersLanguage(t *testing.T) {
	tp := startTranslatedPractice(t)
	srv, page := tp.srv, "/records/se/malmo/"+tp.id
	for _, c := range []struct {
		title, path, lang string
		want, never       []string
	}{
		{title: "Swedish reader", path: page, lang: "sv",
			want: []string{`<h1 lang="sv">Promenadgrupper för äldre</h1>`, `<div lang="sv">`, "<p><strong>Promenader två gånger i veckan.</strong></p>",
				"<p>Volontärer från stadsdelen leder promenaderna.</p>",
				// Written in English alone: in English, and says so.
				`<dd lang="en">Loneliness among older residents</dd>`,
				`<a href="?text=en" hreflang="en">Läs originalet på engelska</a>`,
				"<h2 id=\"languages\">Andra språk</h2>", "<summary>Språk: engelska (original)</summary>",
				`<div lang="en">`, "<h3>Walking groups for older residents</h3>"},
			never: []string{"original-note", `<h1 lang="en"`}},
		{title: "German reader", path: page, lang: "de",
			want: []string{`<h1 lang="en">Walking groups for older residents</h1>`, `<p class="muted original-note">Originalsprache: Englisch</p>`,
				"<p><strong>Walks led by volunteers twice a week.</strong></p>", `<dd lang="en">Loneliness among older residents</dd>`,
				"<summary>Sprache: Schwedisch</summary>", "<h3>Promenadgrupper för äldre</h3>",
				`<a href="?text=sv" hreflang="sv">Das Praxisbeispiel auf Schwedisch lesen</a>`},
			never: []string{"read-original", `<h1 lang="sv"`}},
		{title: "Russian reader", path: page, lang: "ru",
			want: []string{`<h1 lang="en">Walking groups for older residents</h1>`, "Язык оригинала: английский", "<summary>Язык: шведский</summary>"}},
		{title: "Swedish reader asking for the original", path: page + "?text=en", lang: "sv",
			want:  []string{`<h1 lang="en">Walking groups for older residents</h1>`, `<p class="muted original-note">Original på engelska</p>`, "<summary>Språk: svenska</summary>"},
			never: []string{"read-original", `<h1 lang="sv"`}},
		{title: "German reader asking for Swedish", path: page + "?text=sv", lang: "de",
			want:  []string{`<h1 lang="sv">Promenadgrupper för äldre</h1>`, `<a href="?text=en" hreflang="en">Das Original auf Englisch lesen</a>`},
			never: []string{"original-note"}},
		{title: "a language the practice is not written in", path: page + "?text=fi", lang: "sv",
			want: []string{`<h1 lang="sv">Promenadgrupper för äldre</h1>`}},
	} {
		t.Run(c.title, func(t *testing.T) {
			got := pageIn(t, srv+c.path, c.lang)
			mustContain(t, got, c.want...)
			for _, n := range c.never {
				if strings.Contains(got, n) {
					t.Errorf("page shows %q", n)
				}
			}
		})
	}
	for _, c := range []struct {
		lang        string
		want, never []string
	}{
		{lang: "sv", want: []string{`<entry xml:lang="sv">`, "<title>Promenadgrupper för äldre</title>", "Promenader två gånger i veckan.",
			// The page the entry links reads as the entry, whatever the
			// language of the browser that opens it.
			page + `?text=sv"`}, never: []string{"Walking groups"}},
		{lang: "de", want: []string{`<entry xml:lang="en">`, "<title>Walking groups for older residents</title>", page + `"`}, never: []string{"Promenad", "?text="}},
	} {
		res, err := http.Get(srv + "/feed.atom?lang=" + c.lang)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		feed := string(b)
		mustContain(t, feed, c.want...)
		for _, n := range c.never {
			if strings.Contains(feed, n) {
				t.Errorf("feed in %s shows %q", c.lang, n)
			}
		}
	}
}

// hitLink finds a search page's hits: the link and title of each.
var hitLink = regexp.MustCompile(`<h3(?: lang="([^"]*)")?><a href="([^"]*)">([^<]*)</a></h3>`)

// A practice's search hit reads as the page it opens, whichever language
// the reader reads and the words they searched: the reader's language
// first, else the language the words matched, else the original.
func TestPracticeHitReadsAsItsPage(t *testing.T) {
	tp := startTranslatedPractice(t)
	srv, id := tp.srv, tp.id
	for _, c := range []struct {
		name, lang, query string
		// shown is the language the hit and the page are in, title the
		// hit's title.
		shown, title string
	}{
		{"Swedish reader", "sv", "", "sv", "Promenadgrupper för äldre"},
		{"Swedish reader, English words", "sv", "volunteers", "sv", "Promenadgrupper för äldre"},
		{"German reader", "de", "", "en", "Walking groups for older residents"},
		{"German reader, Swedish words", "de", "promenaderna", "sv", "Promenadgrupper för äldre"},
		{"Russian reader, English words", "ru", "walks", "en", "Walking groups for older residents"},
		{"English reader, Swedish words", "en", "volontärer", "en", "Walking groups for older residents"},
	} {
		t.Run(c.name, func(t *testing.T) {
			results := pageIn(t, srv+"/search?q="+c.query, c.lang)
			m := hitLink.FindAllStringSubmatch(results, -1)
			if len(m) != 1 {
				t.Fatalf("%d hits, want 1:\n%s", len(m), results)
			}
			lang, href, title := m[0][1], html.UnescapeString(m[0][2]), html.UnescapeString(m[0][3])
			if lang != c.shown || title != c.title || !strings.HasPrefix(href, "/records/se/malmo/"+id) {
				t.Fatalf("hit %q in %q to %q, want %q in %q", title, lang, href, c.title, c.shown)
			}
			mustContain(t, pageIn(t, srv+href, c.lang), `<h1 lang="`+c.shown+`">`+html.EscapeString(title)+`</h1>`)
		})
	}
}

// The practices adopted from a practice are listed by their titles in
// the reader's language where their cities wrote them in it, as their
// own pages read.
func TestPracticeAdoptionsInTheReadersLanguage(t *testing.T) {
	tp := startTranslatedPractice(t)
	ctx := context.Background()
	a := nodetest.Practice("Promenader i Rosengård")
	a.OriginalLanguage = "sv"
	a.Texts = map[string]*hcnetv1.PracticeText{"sv": {Title: "Promenader i Rosengård"}, "en": {Title: "Walks in Rosengård"}}
	a.AdoptedFrom = &hcnetv1.PracticeRef{Country: "se", CityId: "malmo", PracticeId: tp.id}
	res, err := tp.malmo.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: a})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the hub holds the adoption", func() bool {
		st, err := tp.hub.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		return err == nil && st.GetPractices() == 2
	})
	href := `<a href="/records/se/malmo/` + res.GetPractice().GetId() + `"`
	for lang, want := range map[string]string{
		"en": href + ` lang="en">Walks in Rosengård</a>`,
		"sv": href + ` lang="sv">Promenader i Rosengård</a>`,
		"de": href + ` lang="sv">Promenader i Rosengård</a>`,
	} {
		mustContain(t, pageIn(t, tp.srv+"/records/se/malmo/"+tp.id, lang), want)
	}
}
