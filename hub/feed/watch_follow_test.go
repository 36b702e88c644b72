package feed

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// memStore is a read model in memory: changes numbered in order, each
// record at its latest change only, as the hub's store keeps them.
type memStore struct {
	Store // what Watch does not use
	Signal

	mu      sync.Mutex
	changes []Change
}

func (m *memStore) NextChange() <-chan struct{} { return m.Wait() }
func (m *memStore) Stopping() bool              { return m.Stopped() }

// StopWatches is what the hub's shutdown does to the store's signal.
func (m *memStore) StopWatches() { m.Stop() }

func (m *memStore) ChangeHead(context.Context) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.changes) == 0 {
		return 0, nil
	}
	return m.changes[len(m.changes)-1].Seq, nil
}

func (m *memStore) SelectChanges(*hcnetv1.SearchFilter) (Changes, error) { return m, nil }

func (m *memStore) Read(_ context.Context, after, upto int64, limit int) ([]Change, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Change
	for _, c := range m.changes {
		if c.Seq > after && c.Seq <= upto && len(out) < limit {
			// Watch sets the token on what it sends.
			msg := proto.Clone(c.Message).(*hcnetv1.WatchResponse)
			out = append(out, Change{Seq: c.Seq, Message: msg})
		}
	}
	return out, nil
}

// add applies a change to record id (a withdrawal when deleted) and
// wakes the watchers.
func (m *memStore) add(id string, deleted bool) {
	m.mu.Lock()
	seq := int64(len(m.changes) + 1)
	m.changes = append(m.changes, Change{Seq: seq, Message: &hcnetv1.WatchResponse{Country: "se", CityId: "malmo", Kind: "practice", Id: id, Deleted: deleted}})
	m.mu.Unlock()
	m.Broadcast()
}

// follow runs a Watch and hands over what it sends, and how it ended.
func follow(t *testing.T, s Store, token string) (<-chan *hcnetv1.WatchResponse, <-chan error) {
	t.Helper()
	got := make(chan *hcnetv1.WatchResponse, 16)
	done := make(chan error, 1)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() {
		done <- Watch(ctx, s, &hcnetv1.WatchRequest{ResumeToken: token}, func(r *hcnetv1.WatchResponse) error {
			got <- r
			return nil
		})
	}()
	return got, done
}

func next(t *testing.T, got <-chan *hcnetv1.WatchResponse) *hcnetv1.WatchResponse {
	t.Helper()
	select {
	case r := <-got:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("no message within 10s")
		return nil
	}
}

// describe is a message as "id", "-id" (a withdrawal) or "caught up".
func describe(r *hcnetv1.WatchResponse) string {
	switch {
	case r.GetCaughtUp():
		return "caught up"
	case r.GetDeleted():
		return "-" + r.GetId()
	}
	return r.GetId()
}

// TestWatchReplaysThenFollows: a fresh watch replays what the store
// holds without its withdrawals, says it caught up, and then sends each
// change as the store applies it, until the hub stops (Unavailable). A
// watch resumed from a token goes on exactly after that message,
// withdrawals included.
func TestWatchReplaysThenFollows(t *testing.T) {
	s := &memStore{}
	s.add("a", false)
	s.add("b", true)
	got, done := follow(t, s, "")
	var tokens []string
	for _, want := range []string{"a", "caught up"} {
		r := next(t, got)
		if describe(r) != want || r.GetResumeToken() == "" {
			t.Fatalf("got %q with token %q, want %q with a token", describe(r), r.GetResumeToken(), want)
		}
		tokens = append(tokens, r.GetResumeToken())
	}
	s.add("c", false)
	if r := next(t, got); describe(r) != "c" {
		t.Fatalf("live: got %q, want c", describe(r))
	}
	s.StopWatches()
	select {
	case err := <-done:
		if !errs.Is(err, errs.Unavailable) {
			t.Fatalf("a watch stopped with %v, want Unavailable", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a watch runs on after the hub stopped")
	}

	s2 := &memStore{changes: s.changes}
	got, _ = follow(t, s2, tokens[0])
	for _, want := range []string{"-b", "c", "caught up"} {
		if r := next(t, got); describe(r) != want {
			t.Fatalf("resumed after a: got %q, want %q", describe(r), want)
		}
	}
}
