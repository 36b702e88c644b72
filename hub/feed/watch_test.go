package feed

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
	var s Signal
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

// filterStore compiles every filter; the hub's own checks of a filter
// and the refusal of its search's tokens are tested in package hub
// (TestWatchRefusesBadFiltersAndSearchTokens).
type filterStore struct{ Store }

func (filterStore) SelectChanges(*hcnetv1.SearchFilter) (Changes, error) { return nil, nil }

func TestWatchTokens(t *testing.T) {
	se := &hcnetv1.WatchRequest{Filter: &hcnetv1.SearchFilter{Countries: []string{"se"}}}
	q, err := newWatchQuery(filterStore{}, se)
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
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			q, err := newWatchQuery(filterStore{}, tt.req)
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
