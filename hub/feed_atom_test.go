package hub

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

func TestAtomFilter(t *testing.T) {
	tests := []struct {
		title string
		query string
		want  string // canonical query, or the error's text
		bad   bool
	}{
		{title: "default practices", query: "", want: "kind=practice"},
		{title: "lists and repeats", query: "sdg=3,10&sdg=11&country=se&mechanism=step_by_step", want: "country=se&kind=practice&mechanism=step_by_step&sdg=10&sdg=11&sdg=3"},
		{title: "bad sdg", query: "sdg=three", want: "not an SDG goal", bad: true},
		{title: "bad sector", query: "sector=magic", want: "sector", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			v, _ := parseQuery(tt.query)
			f, err := atomFilter(v)
			if tt.bad {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("got %v, want an error with %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := canonicalQuery(f); got != tt.want {
				t.Fatalf("canonical %q, want %q", got, tt.want)
			}
		})
	}
}

func parseQuery(s string) (map[string][]string, error) { return url.ParseQuery(s) }

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
	arrived := atomTime(f.clock)
	feed, err := f.store.atomFeed(ctx, &hcnetv1.SearchFilter{}, &hcnetv1.GetHubResponse{Id: "se-net", Name: "Healthy Cities Sweden"}, "http://hub", "/feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 1 || feed.Entries[0].Updated != arrived || feed.Updated != arrived {
		t.Fatalf("feed updated %s, entries %+v; want both dated %s, the arrival", feed.Updated, feed.Entries, arrived)
	}
}
