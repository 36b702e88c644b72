package store

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nkeys"
	"golang.org/x/text/language"

	"github.com/hcnet/hcnet/hub/feed"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// atomNS is the Atom 1.0 namespace (RFC 4287).
const atomNS = "http://www.w3.org/2005/Atom"

// TestAtomFeedIsAtom10 reads the feed as an Atom 1.0 processor would and
// checks what RFC 4287 requires of it: the feed in the Atom namespace
// with one id, title and updated, a self link, an author; each entry
// with an id that is an absolute IRI, a title, an updated date in RFC
// 3339, an author and, having no content, an alternate link; and each
// entry's language in xml:lang, a well-formed language tag.
func TestAtomFeedIsAtom10(t *testing.T) {
	f := newFixture(t)
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	f.putPublic(kp, "01J9Z8Y7X6W5V4T3S2R1Q0P9N8", "Walking school bus")
	f.putPublic(kp, "01J9Z8Y7X6W5V4T3S2R1Q0P9N9", "Green school yards & <play>")
	h := feed.Atom(f.store, &hcnetv1.GetHubResponse{Id: "se-net", Name: "Healthy Cities Sweden"},
		func(*http.Request) (string, bool) { return "https://hub.example.org", true })
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/feed.atom?sdg=3&country=se", nil))
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("GET: %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
	}
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	}
	type person struct {
		Name string `xml:"name"`
	}
	var doc struct {
		XMLName xml.Name
		IDs     []string `xml:"id"`
		Titles  []string `xml:"title"`
		Updated []string `xml:"updated"`
		Authors []person `xml:"author"`
		Links   []link   `xml:"link"`
		Entries []struct {
			Lang    string    `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			IDs     []string  `xml:"id"`
			Titles  []string  `xml:"title"`
			Updated []string  `xml:"updated"`
			Authors []person  `xml:"author"`
			Links   []link    `xml:"link"`
			Content *struct{} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, w.Body)
	}
	if doc.XMLName.Space != atomNS || doc.XMLName.Local != "feed" {
		t.Fatalf("root element %v, want feed in %s", doc.XMLName, atomNS)
	}
	one := func(what string, vs []string) {
		t.Helper()
		if len(vs) != 1 || strings.TrimSpace(vs[0]) == "" {
			t.Errorf("%s: %q, want exactly one, not empty", what, vs)
		}
	}
	date := func(what, v string) {
		t.Helper()
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			t.Errorf("%s %q is no RFC 3339 date: %v", what, v, err)
		}
	}
	iri := func(what, v string) {
		t.Helper()
		if u, err := url.Parse(v); err != nil || !u.IsAbs() {
			t.Errorf("%s %q is no absolute IRI", what, v)
		}
	}
	hasLink := func(what, rel string, links []link) {
		t.Helper()
		for _, l := range links {
			if l.Rel == rel {
				iri(what+" link", l.Href)
				return
			}
		}
		t.Errorf("%s has no %s link: %+v", what, rel, links)
	}
	one("feed id", doc.IDs)
	one("feed title", doc.Titles)
	one("feed updated", doc.Updated)
	if len(doc.IDs) == 1 {
		iri("feed id", doc.IDs[0])
	}
	if len(doc.Updated) == 1 {
		date("feed updated", doc.Updated[0])
	}
	hasLink("feed", "self", doc.Links)
	if len(doc.Authors) == 0 || doc.Authors[0].Name == "" {
		t.Errorf("feed author %+v, want a name", doc.Authors)
	}
	if len(doc.Entries) != 2 {
		t.Fatalf("%d entries, want 2", len(doc.Entries))
	}
	titles := ""
	for i, e := range doc.Entries {
		one("entry id", e.IDs)
		one("entry title", e.Titles)
		one("entry updated", e.Updated)
		if len(e.IDs) == 1 {
			iri("entry id", e.IDs[0])
		}
		if len(e.Updated) == 1 {
			date("entry updated", e.Updated[0])
		}
		if len(e.Authors) == 0 || e.Authors[0].Name == "" {
			t.Errorf("entry %d author %+v, want a name", i, e.Authors)
		}
		if e.Content == nil {
			hasLink("entry", "alternate", e.Links)
		}
		if _, err := language.Parse(e.Lang); err != nil || e.Lang == "" {
			t.Errorf("entry %d xml:lang %q is no language tag", i, e.Lang)
		}
		titles += strings.Join(e.Titles, "") + "\n"
	}
	if !strings.Contains(titles, "Green school yards & <play>") {
		t.Errorf("titles %q lost their text through escaping", titles)
	}
}
