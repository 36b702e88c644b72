package hub

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/errs"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestChangeSignal(t *testing.T) {
	var s changeSignal
	before := s.Wait()
	if closed(before) {
		t.Fatal("closed before any change")
	}
	s.Broadcast()
	if !closed(before) {
		t.Fatal("a change did not wake the waiter")
	}
	after := s.Wait()
	if closed(after) {
		t.Fatal("a new wait is woken by an old change")
	}
	s.Stop()
	if !closed(after) || !closed(s.Wait()) || !s.Stopped() {
		t.Fatal("stop does not wake every waiter for good")
	}
	s.Broadcast() // harmless after stop
}

func TestWatchTokens(t *testing.T) {
	se := &hcnetv1.WatchRequest{Filter: &hcnetv1.SearchFilter{Countries: []string{"se"}}}
	q, err := newWatchQuery(se)
	if err != nil {
		t.Fatal(err)
	}
	tok := q.token(42)
	tests := []struct {
		title string
		req   *hcnetv1.WatchRequest
		after int64
		bad   string // the violation's text, when refused
	}{
		{title: "no token", req: se},
		{title: "own token", req: &hcnetv1.WatchRequest{Filter: se.Filter, ResumeToken: tok}, after: 42},
		{title: "another filter", req: &hcnetv1.WatchRequest{ResumeToken: tok}, bad: "another filter"},
		{title: "garbage", req: &hcnetv1.WatchRequest{ResumeToken: "%%%"}, bad: "not a resume token"},
		{title: "a search token", req: &hcnetv1.WatchRequest{ResumeToken: makeSearchToken("k", "r5")}, bad: "not a resume token"},
		{title: "bad filter", req: &hcnetv1.WatchRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{18}, Kinds: []string{"partner"}}}, bad: "not an SDG goal"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			q, err := newWatchQuery(tt.req)
			if tt.bad != "" {
				if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), tt.bad) {
					t.Fatalf("got %v, want Invalid with %q", err, tt.bad)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if q.after != tt.after {
				t.Fatalf("after %d, want %d", q.after, tt.after)
			}
		})
	}
}

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
		q, err := newWatchQuery(&hcnetv1.WatchRequest{Filter: filter})
		if err != nil {
			t.Fatal(err)
		}
		query, args := q.changesSQL(10, 20)
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
