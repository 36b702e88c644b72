package store

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"

	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// putPublic shares a public practice from se/malmo, signed at the
// fixture's clock.
func (f *fixture) putPublic(kp nkeys.KeyPair, id, title string) {
	f.t.Helper()
	rec := practice("en", en(title, "", ""), 3)
	rec.GetPractice().Id, rec.GetPractice().Version = id, 1
	h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: "malmo", Kind: "practice", Id: id,
		Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC}
	env, err := envelope.Seal(kp, h, rec, f.clock)
	if err != nil {
		f.t.Fatal(err)
	}
	b, _ := proto.Marshal(env)
	sealed, _ := envelope.PeekHeader(env)
	if _, err := f.store.Apply(context.Background(), []Incoming{{Subject: "hcnet.rec.se.malmo.practice." + id, Envelope: b, Header: sealed, Record: rec}}); err != nil {
		f.t.Fatal(err)
	}
}

// TestAtomFeedConditionalGet: feed readers poll; a feed that has not
// changed since their last fetch is a 304 without a body, whether they
// ask with the ETag (If-None-Match) or the date (If-Modified-Since), and
// a new record makes it a 200 again. HEAD gets the validators and no body.
func TestAtomFeedConditionalGet(t *testing.T) {
	f := newFixture(t)
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	f.putPublic(kp, "01J9Z8Y7X6W5V4T3S2R1Q0P9N8", "Walking school bus")
	h := feed.Atom(f.store, &hcnetv1.GetHubResponse{Id: "se-net", Name: "Healthy Cities Sweden"},
		func(*http.Request) (string, bool) { return "https://hub.example.org", true })
	get := func(method string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "/feed.atom?sdg=3", nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}

	first := get(http.MethodGet)
	etag, modified := first.Header().Get("ETag"), first.Header().Get("Last-Modified")
	if first.Code != http.StatusOK || etag == "" || modified == "" || first.Body.Len() == 0 {
		t.Fatalf("first GET: %d, ETag %q, Last-Modified %q, %d bytes; want 200 with both validators and the feed",
			first.Code, etag, modified, first.Body.Len())
	}
	if again := get(http.MethodGet); again.Header().Get("ETag") != etag {
		t.Fatalf("the same feed fetched twice has ETags %q and %q", etag, again.Header().Get("ETag"))
	}
	for _, c := range []struct {
		title  string
		header []string
	}{
		{"If-None-Match", []string{"If-None-Match", etag}},
		{"If-Modified-Since", []string{"If-Modified-Since", modified}},
	} {
		if w := get(http.MethodGet, c.header...); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
			t.Errorf("%s on an unchanged feed: %d with %d bytes, want 304 without a body", c.title, w.Code, w.Body.Len())
		}
	}
	if w := get(http.MethodHead); w.Code != http.StatusOK || w.Header().Get("ETag") != etag || w.Body.Len() != 0 {
		t.Errorf("HEAD: %d, ETag %q, %d bytes; want 200, ETag %q, no body", w.Code, w.Header().Get("ETag"), w.Body.Len(), etag)
	}
	if w := get(http.MethodGet, "If-None-Match", `"something-else"`); w.Code != http.StatusOK {
		t.Errorf("If-None-Match with another ETag: %d, want 200", w.Code)
	}

	f.clock = f.clock.Add(time.Minute)
	f.putPublic(kp, "01J9Z8Y7X6W5V4T3S2R1Q0P9N9", "Green school yards")
	for _, c := range []struct {
		title  string
		header []string
	}{
		{"If-None-Match", []string{"If-None-Match", etag}},
		{"If-Modified-Since", []string{"If-Modified-Since", modified}},
	} {
		w := get(http.MethodGet, c.header...)
		if w.Code != http.StatusOK || w.Header().Get("ETag") == etag {
			t.Errorf("%s after a new record: %d, ETag %q; want 200 with a new ETag", c.title, w.Code, w.Header().Get("ETag"))
		}
	}
}

// TestAtomFeedWithdrawalIsAChange: a record withdrawn after the newest
// entry arrived changes the feed though no entry is newer, so a reader
// polling with If-Modified-Since must not get 304 for it, and the ETag
// changes; once the feed stays the same, the new ETag is a 304 again.
func TestAtomFeedWithdrawalIsAChange(t *testing.T) {
	f := newFixture(t)
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	f.keys["se/malmo"] = kp
	const older, newer = "01J9Z8Y7X6W5V4T3S2R1Q0P9N8", "01J9Z8Y7X6W5V4T3S2R1Q0P9N9"
	f.putPublic(kp, older, "Walking school bus")
	f.clock = f.clock.Add(time.Minute)
	f.putPublic(kp, newer, "Green school yards")
	f.versions["se/malmo/"+older] = 1
	h := feed.Atom(f.store, &hcnetv1.GetHubResponse{Id: "se-net", Name: "Healthy Cities Sweden"},
		func(*http.Request) (string, bool) { return "https://hub.example.org", true })
	get := func(header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/feed.atom?sdg=3", nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	first := get()
	etag, modified := first.Header().Get("ETag"), first.Header().Get("Last-Modified")
	if modified == "" || !strings.Contains(first.Body.String(), older) {
		t.Fatalf("first GET: Last-Modified %q, body has the older entry: %v", modified, strings.Contains(first.Body.String(), older))
	}

	f.clock = f.clock.Add(time.Minute)
	f.withdraw("se/malmo", "practice", older)
	after := get("If-Modified-Since", modified)
	if after.Code != http.StatusOK || strings.Contains(after.Body.String(), older) {
		t.Fatalf("If-Modified-Since after a withdrawal: %d, still lists it: %v; want 200 without it",
			after.Code, strings.Contains(after.Body.String(), older))
	}
	newTag := after.Header().Get("ETag")
	if newTag == etag {
		t.Errorf("ETag %q unchanged by the withdrawal", etag)
	}
	if w := get("If-None-Match", newTag); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the new ETag: %d, want 304", w.Code)
	}

	// A newer record dates the feed again.
	f.clock = f.clock.Add(time.Minute)
	f.putPublic(kp, "01J9Z8Y7X6W5V4T3S2R1Q0P9NA", "Cycling school")
	latest := get()
	if m := latest.Header().Get("Last-Modified"); m == "" || m == modified {
		t.Fatalf("Last-Modified after a newer record: %q, want a date after %q", m, modified)
	}
	if w := get("If-Modified-Since", latest.Header().Get("Last-Modified")); w.Code != http.StatusNotModified {
		t.Errorf("If-Modified-Since on the unchanged feed: %d, want 304", w.Code)
	}
}
