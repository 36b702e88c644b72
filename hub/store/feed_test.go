package store

import (
	"context"
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

// TestChangesReadByTheChangeIndex: every watch and the public feed read a
// page of changes through the change indexes, whatever the filter; with
// another index a page read every record the filter's kinds hold.
func TestChangesReadByTheChangeIndex(t *testing.T) {
	f := newFixture(t)
	for _, filter := range []*hcnetv1.SearchFilter{
		nil,
		{Kinds: []string{"practice"}},
		{Countries: []string{"se"}, Cities: []string{"malmo"}},
		{SdgGoals: []int32{3}, Kinds: []string{"practice", "success"}},
	} {
		sel, err := f.store.SelectChanges(filter)
		if err != nil {
			t.Fatal(err)
		}
		query, args := sel.(*changeQuery).changesSQL(10, 20, 256)
		rows, err := f.store.db.Read.Query("EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		searches := 0
		for _, step := range plan {
			if strings.HasPrefix(step, "SEARCH r ") {
				searches++
				if !strings.Contains(step, "_by_change (change_seq>? AND change_seq<?)") {
					t.Errorf("filter %v: %q", filter, step)
				}
			}
			if strings.Contains(step, "TEMP B-TREE") || strings.HasPrefix(step, "SCAN r") {
				t.Errorf("filter %v: %q", filter, step)
			}
		}
		if searches != 3 {
			t.Errorf("filter %v: %d searches of records and tombstones, want 3: %q", filter, searches, plan)
		}
	}
}

// TestWatchRefusesBadFiltersAndSearchTokens: the hub's checks of a
// filter, and a token of its search, refuse a watch before it starts.
func TestWatchRefusesBadFiltersAndSearchTokens(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		title string
		req   *hcnetv1.WatchRequest
		bad   string // the violation's text
	}{
		{title: "a search token", req: &hcnetv1.WatchRequest{ResumeToken: base64.RawURLEncoding.EncodeToString([]byte("1|k|r5"))}, bad: "not a resume token"},
		{title: "bad filter", req: &hcnetv1.WatchRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{18}, Kinds: []string{"partner"}}}, bad: "not an SDG goal"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			sent := 0
			err := feed.Watch(context.Background(), f.store, tt.req, func(*hcnetv1.WatchResponse) error { sent++; return nil })
			if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), tt.bad) {
				t.Fatalf("got %v, want Invalid with %q", err, tt.bad)
			}
			if sent != 0 {
				t.Fatalf("%d messages sent before the refusal", sent)
			}
		})
	}
}

// TestAtomFeedDatesNothingAfterArrival: a public record signed in 2099
// that a hub holds from before ingest refused such records is dated, in
// the feed, when it arrived.
func TestAtomFeedDatesNothingAfterArrival(t *testing.T) {
	f := newFixture(t)
	rec := practice("en", en("Walking school bus", "", ""), 3)
	rec.GetPractice().Id, rec.GetPractice().Version = "01J9Z8Y7X6W5V4T3S2R1Q0P9N8", 1
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: "malmo", Kind: "practice", Id: "01J9Z8Y7X6W5V4T3S2R1Q0P9N8",
		Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC}
	env, err := envelope.Seal(kp, h, rec, time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := proto.Marshal(env)
	sealed, _ := envelope.PeekHeader(env)
	ctx := context.Background()
	if _, err := f.store.Apply(ctx, []Incoming{{Subject: "hcnet.rec.se.malmo.practice." + h.GetId(), Envelope: b, Header: sealed, Record: rec}}); err != nil {
		t.Fatal(err)
	}
	arrived := f.clock.UTC().Format(time.RFC3339)
	atom := feed.Atom(f.store, &hcnetv1.GetHubResponse{Id: "se-net", Name: "Healthy Cities Sweden"},
		func(*http.Request) (string, bool) { return "http://hub", true })
	w := httptest.NewRecorder()
	atom.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/feed.atom", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("GET /feed.atom: %d %s", w.Code, w.Body)
	}
	var doc struct {
		Updated string `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Entries) != 1 || doc.Entries[0].Updated != arrived || doc.Updated != arrived {
		t.Fatalf("feed updated %s, entries %+v; want both dated %s, the arrival", doc.Updated, doc.Entries, arrived)
	}
}

// TestLatestPublic: the Atom feed's read gives a public record with its
// city named by the id when the hub knows no better, its times, and its
// terms by facet and then value, numbers by their value.
func TestLatestPublic(t *testing.T) {
	f := newFixture(t)
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	const id = "01J9Z8Y7X6W5V4T3S2R1Q0P9N8"
	rec := practice("en", en("Walking school bus", "Children walk together", ""), 10, 3, hcnetv1.Setting_SETTING_SCHOOLS)
	rec.GetPractice().Id, rec.GetPractice().Version = id, 1
	h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: "malmo", Kind: "practice", Id: id,
		Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC}
	signed := f.clock
	env, err := envelope.Seal(kp, h, rec, signed)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := proto.Marshal(env)
	sealed, _ := envelope.PeekHeader(env)
	ctx := context.Background()
	if _, err := f.store.Apply(ctx, []Incoming{{Subject: "hcnet.rec.se.malmo.practice." + id, Envelope: b, Header: sealed, Record: rec}}); err != nil {
		t.Fatal(err)
	}
	got, err := f.store.LatestPublic(ctx, &hcnetv1.SearchFilter{SdgGoals: []int32{3}}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("%d entries, want 1", len(got))
	}
	e := got[0]
	if e.Country != "se" || e.City != "malmo" || e.Kind != "practice" || e.ID != id || e.Title != "Walking school bus" ||
		e.Summary != "Children walk together" || e.CityName != "malmo" || !e.Signed.Equal(signed) || e.Arrived.Before(signed) {
		t.Fatalf("entry %+v", e)
	}
	var sdgs []string
	for _, term := range e.Terms {
		if term.Facet == record.FacetSDGGoal {
			sdgs = append(sdgs, term.Value)
		}
	}
	if !slices.Equal(sdgs, []string{"3", "10"}) {
		t.Fatalf("SDG terms %q, want 3 before 10", sdgs)
	}
	if !slices.IsSortedFunc(e.Terms, func(a, b record.Term) int { return strings.Compare(string(a.Facet), string(b.Facet)) }) {
		t.Fatalf("terms %v, want them by facet", e.Terms)
	}
	if got, err := f.store.LatestPublic(ctx, &hcnetv1.SearchFilter{SdgGoals: []int32{18}}, 10); !errs.Is(err, errs.Invalid) || len(got) != 0 {
		t.Fatalf("SDG 18: %v, %v; want Invalid", got, err)
	}
}
