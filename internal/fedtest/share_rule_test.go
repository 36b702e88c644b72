package fedtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/sharetest"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
)

// shareRuleSteps is how many writes each seed makes: the node-level
// property test covers many graphs; this one follows fewer through a
// real federation.
const shareRuleSteps = 40

// TestNothingOfALessVisibleRecordReachesAHubOrAFeed is the sharing rule
// end to end: a city writes random graphs of records naming records of
// every visibility (and changes visibilities on the way); once both hubs
// and their public feeds hold the city's records as they are now, nothing
// of a private record is anywhere at the national hub, and nothing of a
// record short of public is in the regional hub, in either hub's public
// NATS stream or in either hub's Atom feed.
func TestNothingOfALessVisibleRecordReachesAHubOrAFeed(t *testing.T) {
	ctx := context.Background()
	f := startThreeLevels(t)
	store := f.city.Node.Store
	city, err := store.City(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var graphs []*sharetest.Graph
	for i, seed := range sharetest.Seeds(t, 1) {
		g := sharetest.New(rand.New(rand.NewPCG(seed, 0)), "s"+strconv.Itoa(i)).At(city.GetCountry(), city.GetId())
		for range shareRuleSteps {
			if _, err := g.Step(ctx, store); err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
		}
		graphs = append(graphs, g)
	}
	feeds := map[*hubtest.Hub]jetstream.Stream{}
	for _, h := range []*hubtest.Hub{f.national, f.regional} {
		feeds[h] = stream(t, h, subject.PublicStream)
	}
	var lag string
	defer func() {
		if t.Failed() {
			if lag != "" {
				t.Logf("last seen behind: %s", lag)
			}
			for i, g := range graphs {
				t.Logf("graph %d:\n%s", i, strings.Join(g.Steps(), "\n"))
			}
		}
	}()
	poll.Until(t, "both hubs and feeds to hold the city's records as they are now", func() bool {
		for _, g := range graphs {
			for _, r := range g.Records() {
				if lag = recordLag(t, f, feeds, city, r); lag != "" {
					return false
				}
			}
		}
		var n int
		if err := f.national.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM outbox`).Scan(&n); err != nil || n > 0 {
			lag = fmt.Sprintf("the national hub's outbox holds %d (%v)", n, err)
			return false
		}
		return true
	})

	network, public := hcnetv1.Visibility_VISIBILITY_NETWORK, hcnetv1.Visibility_VISIBILITY_PUBLIC
	type place struct {
		where string
		data  []byte
		reach hcnetv1.Visibility
	}
	places := []place{
		{"the national hub's database", hubTables(t, f.national), network},
		{"the national hub's record stream", streamBytes(t, stream(t, f.national, subject.RecordStream)), network},
		{"the regional hub's database", hubTables(t, f.regional), public},
		{"the regional hub's record stream", streamBytes(t, stream(t, f.regional, subject.RecordStream)), public},
	}
	for h, feed := range feeds {
		name := h.Hub.Info.GetId()
		places = append(places, place{name + "'s public NATS stream", streamBytes(t, feed), public},
			place{name + "'s Atom feed", atomBytes(t, h), public})
	}
	for _, p := range places {
		for i, g := range graphs {
			for _, leak := range g.AtDestination(p.data, p.reach) {
				t.Errorf("graph %d: %s holds %s", i, p.where, leak)
			}
		}
	}
	// The check looks at something: every public record of a shared kind
	// is at the regional hub.
	regional := string(places[2].data)
	for _, g := range graphs {
		for _, r := range g.Records() {
			if r.Kind != record.KindPartner && r.Visibility == public && !strings.Contains(regional, r.Marker) {
				t.Errorf("public %v is not at the regional hub", r)
			}
		}
	}
}

// recordLag says how a hub or a public feed is behind the record as the
// node holds it now, "" when none is.
func recordLag(t *testing.T, f threeLevels, feeds map[*hubtest.Hub]jetstream.Stream, city *hcnetv1.City, r *sharetest.Rec) string {
	t.Helper()
	if r.Kind == record.KindPartner {
		return "" // partners travel only inside partnerships
	}
	ctx := context.Background()
	m, err := f.city.Node.Store.Get(ctx, r.Kind, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	meta := record.GetMeta(m)
	// want is the version a place that only records of visibility reach
	// or wider may reach holds: none if the record travels less far.
	want := func(reach hcnetv1.Visibility) int64 {
		if record.MayCarry(reach, meta.Visibility) {
			return meta.Version
		}
		return 0
	}
	for _, h := range []struct {
		hub   *hubtest.Hub
		reach hcnetv1.Visibility
	}{{f.national, hcnetv1.Visibility_VISIBILITY_NETWORK}, {f.regional, hcnetv1.Visibility_VISIBILITY_PUBLIC}} {
		name := h.hub.Hub.Info.GetId()
		if got, want := hubVersion(t, h.hub, r.ID), want(h.reach); got != want {
			return fmt.Sprintf("%s holds %v at version %d, want %d", name, r, got, want)
		}
		// The public feed: the latest version of a public record, else
		// nothing or a withdrawal.
		msg, err := feeds[h.hub].GetLastMsgForSubject(ctx, subject.PublicRecord(city.GetCountry(), city.GetId(), string(r.Kind), r.ID))
		fed := int64(0)
		switch {
		case errors.Is(err, jetstream.ErrMsgNotFound):
		case err != nil:
			t.Fatal(err)
		case msg.Header.Get(subject.WithdrawnHeader) == "":
			fed, _ = strconv.ParseInt(msg.Header.Get(subject.VersionHeader), 10, 64)
		}
		if want := want(hcnetv1.Visibility_VISIBILITY_PUBLIC); fed != want {
			return fmt.Sprintf("%s's public feed holds %v at version %d, want %d", name, r, fed, want)
		}
	}
	return ""
}

// stream is a hub's stream, read as the hub.
func stream(t *testing.T, h *hubtest.Hub, name string) jetstream.Stream {
	t.Helper()
	js, err := jetstream.New(hubNATS(t, h))
	if err != nil {
		t.Fatal(err)
	}
	s, err := js.Stream(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// hubTables is every value of every table of a hub's database, but for
// the full-text index's own tables: its segments keep a deleted term
// until they merge, and the text it indexes is the records table's.
func hubTables(t *testing.T, h *hubtest.Hub) []byte {
	t.Helper()
	db := h.Hub.Store.DB().Read
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'records_fts%' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var out []byte
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			for _, v := range vals {
				switch v := v.(type) {
				case []byte:
					out = append(out, v...)
				case string:
					out = append(out, v...)
				}
				out = append(out, 0)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		rows.Close()
	}
	return out
}

// streamBytes is every message a stream holds: subject, headers and
// body.
func streamBytes(t *testing.T, stream jetstream.Stream) []byte {
	t.Helper()
	ctx := context.Background()
	info, err := stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for seq := info.State.FirstSeq; seq > 0 && seq <= info.State.LastSeq; seq++ {
		m, err := stream.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue // replaced by a later message on its subject
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m.Subject...)
		for k, vs := range m.Header {
			out = append(out, k...)
			for _, v := range vs {
				out = append(out, v...)
			}
		}
		out = append(out, m.Data...)
	}
	return out
}

// atomBytes is a hub's Atom feed of every kind, as a reader gets it.
func atomBytes(t *testing.T, h *hubtest.Hub) []byte {
	t.Helper()
	srv := feedServer(t, h)
	var out []byte
	for _, k := range []record.Kind{record.KindCity, record.KindPartnership, record.KindHealthPlan, record.KindIndicator, record.KindPractice, record.KindSuccess, record.KindEndorsement} {
		resp, err := srv.Client().Get(srv.URL + "/feed.atom?kind=" + string(k))
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("feed of %s: %d %s %v", k, resp.StatusCode, body, err)
		}
		out = append(out, body...)
	}
	return out
}
