package feed

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// atomEntries is how many entries a feed shows: the newest.
const atomEntries = 50

// Atom serves the hub's public records as an Atom feed (RFC 4287)
// for ordinary feed readers, with the filters of search and Watch as
// query parameters, each repeatable or a comma-separated list:
//
//	/feed.atom?sdg=3&country=se&city=malmo&kind=practice&mechanism=step_by_step&sector=health&setting=schools
//
// kind defaults to practice. lang=sv asks for each entry's title and
// summary in that language where its city wrote them; an entry without
// them is in its original language, and every entry says its language
// in xml:lang; its link asks the page for the entry's language when
// that is not the original (?text=sv). The newest 50 public records
// that match are entries, newest change first; each entry's id is a
// tag URI that stays the same across versions
// (tag:hcnet,2026:<country>/<city>/<kind>/<id>),
// updated is when the origin signed the version (or when it arrived, if
// that is earlier: a clock ahead dates nothing in the future), author is
// the city, the link is the hub's web page of the record
// (/records/<country>/<city>/<id>) and the SDG goals, mechanisms, sectors
// and settings are categories ("sdg:3", "mechanism:step_by_step"). Bad
// parameters are 400 with the reason as text. The hub's web server
// mounts it at /feed.atom.
//
// Links are absolute, starting with what base says for the request
// (webui.Origin.Base: the configured public URL, or a Host the server
// answers to); when base refuses the request, so does the feed, with 421.
//
// Readers poll, so the feed carries an ETag and a Last-Modified and
// answers a conditional GET or HEAD for an unchanged feed with 304.
func Atom(store Store, info *hcnetv1.GetHubResponse, base func(*http.Request) (string, bool)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		root, ok := base(r)
		if !ok {
			webui.Misdirected(w)
			return
		}
		f, err := atomFilter(r.URL.Query())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		lang := r.URL.Query().Get("lang")
		if lang != "" {
			var vs record.Violations
			if record.NewChecker("", &vs).Language("lang", lang); len(vs) > 0 {
				http.Error(w, violationText(vs), http.StatusBadRequest)
				return
			}
		}
		feed, err := atomDocument(r.Context(), store, f, lang, info, root, r.URL.RequestURI())
		if err == nil {
			err = checkWithdrawals(r.Context(), store, f, feed)
		}
		if err != nil {
			if vs := errs.ViolationsOf(err); len(vs) > 0 {
				http.Error(w, violationText(vs), http.StatusBadRequest)
				return
			}
			http.Error(w, "the feed is not available now", http.StatusInternalServerError)
			return
		}
		// The validator is a hash of the document without its updated
		// element, which for a feed with no entries is the time of asking:
		// everything else in it changes only when its content does.
		updated := feed.Updated
		feed.Updated = ""
		tag := sha256.Sum256(atomBytes(feed))
		feed.Updated = updated
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
		w.Header().Set("ETag", `"`+hex.EncodeToString(tag[:16])+`"`)
		// ServeContent answers If-None-Match (first) and If-Modified-Since
		// with 304, and HEAD without a body. Last-Modified is when the
		// newest entry arrived, not when it was signed: a city that was
		// offline relays records signed before ones the hub already shows.
		http.ServeContent(w, r, "", feed.lastArrival, bytes.NewReader(atomBytes(feed)))
	})
}

// atomBytes is the feed as an XML document.
func atomBytes(feed *atomFeed) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	enc.Encode(feed)
	return b.Bytes()
}

// The Atom document, as RFC 4287 names its elements. Written with
// encoding/xml: the common Go feed writers put a category's name in the
// element's text, where Atom wants it in the term attribute.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`

	// lastArrival is when the newest entry reached this hub (zero for
	// none): the feed's Last-Modified.
	lastArrival time.Time `xml:"-"`
	// lastSeq numbers the change of the newest entry.
	lastSeq int64 `xml:"-"`
}

type atomEntry struct {
	// Lang is the language of the entry's title and summary, "" when
	// its city did not say.
	Lang       string         `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Author     atomPerson     `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// atomFilter reads the query parameters into a filter.
func atomFilter(q url.Values) (*hcnetv1.SearchFilter, error) {
	list := func(name string) []string {
		var out []string
		for _, v := range q[name] {
			for _, p := range strings.Split(v, ",") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
		}
		return out
	}
	f := &hcnetv1.SearchFilter{Countries: list("country"), Cities: list("city"), Kinds: list("kind")}
	var problems []string
	for _, s := range list("sdg") {
		g, err := strconv.Atoi(s)
		if err != nil {
			problems = append(problems, fmt.Sprintf("sdg: %q is not an SDG goal (1–17)", s))
		}
		f.SdgGoals = append(f.SdgGoals, int32(g))
	}
	var err error
	if f.Mechanisms, err = record.ParseEnums[hcnetv1.Mechanism](list("mechanism")); err != nil {
		problems = append(problems, "mechanism: "+err.Error())
	}
	if f.Sectors, err = record.ParseEnums[hcnetv1.Sector](list("sector")); err != nil {
		problems = append(problems, "sector: "+err.Error())
	}
	if f.Settings, err = record.ParseEnums[hcnetv1.Setting](list("setting")); err != nil {
		problems = append(problems, "setting: "+err.Error())
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return f, nil
}

// atomParams are the query parameters of the filter's fields, by field.
var atomParams = map[string]string{"countries": "country", "cities": "city", "kinds": "kind",
	"sdg_goals": "sdg", "mechanisms": "mechanism", "sectors": "sector", "settings": "setting"}

// violationText says what is wrong with the request, naming the query
// parameter the reader wrote (sdg), not the filter's field
// (filter.sdg_goals[0]); the description quotes the bad value.
func violationText(vs record.Violations) string {
	lines := make([]string, len(vs))
	for i, v := range vs {
		name := strings.TrimPrefix(v.Field, "filter.")
		field, _, _ := strings.Cut(name, "[")
		if p, ok := atomParams[field]; ok {
			name = p
		}
		lines[i] = name + ": " + v.Description
	}
	return strings.Join(lines, "\n")
}

// atomDocument is the feed of the newest public records that f selects.
// Each entry's title and summary are in lang where the record has them.
func atomDocument(ctx context.Context, s Store, f *hcnetv1.SearchFilter, lang string, info *hcnetv1.GetHubResponse, base, self string) (*atomFeed, error) {
	q := atomQuery(f)
	entries, err := s.LatestPublic(ctx, q, atomEntries)
	if err != nil {
		return nil, err
	}
	feed := &atomFeed{
		ID:     "tag:hcnet,2026:" + info.GetId() + "/feed?" + canonicalQuery(f),
		Title:  info.GetName() + ": " + feedTitle(f),
		Author: atomPerson{Name: info.GetName()},
		Links:  []atomLink{{Href: base + self, Rel: "self", Type: "application/atom+xml"}},
	}
	newest := time.Time{}
	for _, e := range entries {
		// The hub's web page of the record (hub/web serves every kind there).
		page := "/records/" + url.PathEscape(e.Country) + "/" + url.PathEscape(e.City) + "/" + url.PathEscape(e.ID)
		// Ingest refuses a record signed ahead of its clock, but a hub may
		// hold one from before it did: no entry is dated after it arrived.
		updated := e.Signed
		if at := e.Arrived; updated.After(at) {
			updated = at
		}
		entry := atomEntry{
			ID:         fmt.Sprintf("tag:hcnet,2026:%s/%s/%s/%s", e.Country, e.City, e.Kind, e.ID),
			Title:      e.Title,
			Updated:    atomTime(updated),
			Author:     atomPerson{Name: e.CityName},
			Links:      []atomLink{{Href: base + page, Rel: "alternate", Type: "text/html"}},
			Categories: atomCategories(e.Terms),
		}
		if in, m := record.Unwrap(e.Record); in != nil {
			t := in.Text(m, lang)
			if t.Title != "" {
				entry.Title, e.Summary = t.Title, t.Summary
			}
			entry.Lang = t.Lang
			// The page reads in its reader's language, which need not
			// be the feed's: the link asks it for the entry's.
			if lang != "" && t.Lang != "" && t.Lang != t.Original {
				entry.Links[0].Href += "?" + url.Values{"text": {t.Lang}}.Encode()
			}
		}
		if e.Summary != "" {
			entry.Summary = &atomText{Type: "text", Text: e.Summary}
		}
		if e.Arrived.After(feed.lastArrival) {
			feed.lastArrival = e.Arrived
		}
		feed.lastSeq = max(feed.lastSeq, e.Seq)
		if t, _ := time.Parse(time.RFC3339, entry.Updated); t.After(newest) {
			newest = t
		}
		feed.Entries = append(feed.Entries, entry)
	}
	if newest.IsZero() {
		newest = time.Now()
	}
	feed.Updated = atomTime(newest)
	return feed, nil
}

// atomQuery is the filter the feed reads: kind defaults to practice.
func atomQuery(f *hcnetv1.SearchFilter) *hcnetv1.SearchFilter {
	q := proto.Clone(f).(*hcnetv1.SearchFilter)
	if len(q.GetKinds()) == 0 {
		q.Kinds = []string{string(record.KindPractice)}
	}
	return q
}

// checkWithdrawals drops the feed's Last-Modified when a record of its
// scope was withdrawn after its newest entry arrived. The withdrawal
// changed the feed (an entry went, an older one may have come back), but
// the hub keeps no time for it, so the newest arrival would tell a reader
// polling with If-Modified-Since that nothing changed, for as long as no
// newer record comes. Without the date such a reader gets the feed, and
// one that sends the ETag still gets 304 while the feed stays the same.
func checkWithdrawals(ctx context.Context, s Store, f *hcnetv1.SearchFilter, feed *atomFeed) error {
	if feed.lastArrival.IsZero() {
		return nil
	}
	head, err := s.ChangeHead(ctx)
	if err != nil || head <= feed.lastSeq {
		return err
	}
	q := atomQuery(f)
	changes, err := s.SelectChanges(q)
	if err != nil {
		return err
	}
	later, err := changes.Read(ctx, feed.lastSeq, head, 1)
	if err != nil {
		return err
	}
	if len(later) > 0 {
		feed.lastArrival = time.Time{}
	}
	return nil
}

// atomFacets are the facets shown as categories, in this order.
var atomFacets = []record.Facet{record.FacetSDGGoal, record.FacetMechanism, record.FacetSector, record.FacetSetting}

// atomCategories are the terms of atomFacets, in their order; terms
// comes ordered by value within a facet.
func atomCategories(terms []record.Term) []atomCategory {
	order := map[record.Facet]int{}
	for i, f := range atomFacets {
		order[f] = i + 1
	}
	var shown []record.Term
	for _, t := range terms {
		if order[t.Facet] > 0 {
			shown = append(shown, t)
		}
	}
	sort.SliceStable(shown, func(i, j int) bool { return order[shown[i].Facet] < order[shown[j].Facet] })
	out := make([]atomCategory, len(shown))
	for i, t := range shown {
		label := t.Value
		if t.Facet == record.FacetSDGGoal {
			label = "SDG " + t.Value
		}
		out[i] = atomCategory{Term: string(t.Facet) + ":" + t.Value, Label: label}
	}
	return out
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// canonicalQuery writes f as a query string in a fixed order, so that a
// feed's id does not depend on how its URL was spelled.
func canonicalQuery(f *hcnetv1.SearchFilter) string {
	v := url.Values{}
	for _, g := range f.GetSdgGoals() {
		v.Add("sdg", strconv.Itoa(int(g)))
	}
	for _, m := range f.GetMechanisms() {
		v.Add("mechanism", record.ShortName(m))
	}
	for _, m := range f.GetSectors() {
		v.Add("sector", record.ShortName(m))
	}
	for _, m := range f.GetSettings() {
		v.Add("setting", record.ShortName(m))
	}
	for _, c := range f.GetCountries() {
		v.Add("country", c)
	}
	for _, c := range f.GetCities() {
		v.Add("city", c)
	}
	kinds := f.GetKinds()
	if len(kinds) == 0 {
		kinds = []string{string(record.KindPractice)}
	}
	for _, k := range kinds {
		v.Add("kind", k)
	}
	for _, vals := range v {
		sort.Strings(vals)
	}
	return v.Encode()
}

// feedTitle says what a feed holds: "practices, SDG 3, se".
func feedTitle(f *hcnetv1.SearchFilter) string {
	kinds := f.GetKinds()
	if len(kinds) == 0 {
		kinds = []string{string(record.KindPractice)}
	}
	parts := []string{strings.Join(kinds, ", ")}
	for _, g := range f.GetSdgGoals() {
		parts = append(parts, "SDG "+strconv.Itoa(int(g)))
	}
	parts = append(parts, record.ShortNamesOf(f.GetMechanisms())...)
	parts = append(parts, record.ShortNamesOf(f.GetSectors())...)
	parts = append(parts, record.ShortNamesOf(f.GetSettings())...)
	parts = append(parts, f.GetCountries()...)
	parts = append(parts, f.GetCities()...)
	return strings.Join(parts, ", ")
}
