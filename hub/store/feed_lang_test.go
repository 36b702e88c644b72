package store

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"

	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// The Atom feed's entries say the language of the text they show:
// the original's, or with lang= the reader's where the city wrote it.
func TestAtomEntriesCarryTheirLanguage(t *testing.T) {
	f := newFixture(t)
	const id = "01J9Z8Y7X6W5V4T3S2R1Q0P9N8"
	p := &hcnetv1.Partnership{Id: id, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title: "Walking groups for seniors", Description: "Weekly walks in every district.",
		Level:            hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS,
		Status:           hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
		OriginalLanguage: "en",
		Translations: map[string]*hcnetv1.Translation{"sv": {Fields: map[string]string{
			"title": "Promenadgrupper för äldre", "description": "Promenader varje vecka i alla stadsdelar."}}}}
	rec := &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Partnership{Partnership: &hcnetv1.SharedPartnership{Partnership: p}}}
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: "malmo", Kind: "partnership", Id: id,
		Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC}
	env, err := envelope.Seal(kp, h, rec, f.clock)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := proto.Marshal(env)
	sealed, _ := envelope.PeekHeader(env)
	if _, err := f.store.Apply(context.Background(), []Incoming{{Subject: "hcnet.rec.se.malmo.partnership." + id, Envelope: b, Header: sealed, Record: rec}}); err != nil {
		t.Fatal(err)
	}
	atom := feed.Atom(f.store, &hcnetv1.GetHubResponse{Id: "se-net", Name: "Healthy Cities Sweden"},
		func(*http.Request) (string, bool) { return "http://hub", true })
	get := func(query string) (int, string) {
		w := httptest.NewRecorder()
		atom.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/feed.atom?kind=partnership"+query, nil))
		return w.Code, w.Body.String()
	}
	for _, c := range []struct {
		query       string
		want, never []string
	}{
		{query: "", want: []string{`<entry xml:lang="en">`, "<title>Walking groups for seniors</title>", "Weekly walks in every district."},
			never: []string{"Promenad"}},
		{query: "&lang=sv", want: []string{`<entry xml:lang="sv">`, "<title>Promenadgrupper för äldre</title>", "Promenader varje vecka i alla stadsdelar."},
			never: []string{"Walking groups"}},
		{query: "&lang=de", want: []string{`<entry xml:lang="en">`, "<title>Walking groups for seniors</title>"}},
	} {
		code, doc := get(c.query)
		if code != http.StatusOK {
			t.Fatalf("%q: %d %s", c.query, code, doc)
		}
		for _, w := range c.want {
			if !strings.Contains(doc, w) {
				t.Errorf("%q: feed lacks %q:\n%s", c.query, w, doc)
			}
		}
		for _, n := range c.never {
			if strings.Contains(doc, n) {
				t.Errorf("%q: feed shows %q", c.query, n)
			}
		}
	}
	if code, body := get("&lang=sv%20se!"); code != http.StatusBadRequest || !strings.Contains(body, "lang:") {
		t.Errorf("a bad lang: %d %s, want 400 naming lang", code, body)
	}
}
