package store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/poll"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// quarantineRow is what the quarantine holds of one message.
type quarantineRow struct {
	subject, origin, reason string
	size, held              int
}

func quarantineRows(t *testing.T, s *Store) []quarantineRow {
	t.Helper()
	rows, err := s.db.Read.Query(`SELECT subject, origin, reason, size, length(envelope) FROM quarantine ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []quarantineRow
	for rows.Next() {
		var r quarantineRow
		if err := rows.Scan(&r.subject, &r.origin, &r.reason, &r.size, &r.held); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// refuse quarantines a message of n bytes on subj, in a batch of its own.
func refuse(t *testing.T, s *Store, subj string, n int) {
	t.Helper()
	res, err := s.Apply(context.Background(), []Incoming{{Subject: subj, Reason: "signature: does not verify", Envelope: bytes.Repeat([]byte{1}, n)}})
	if err != nil || res.Quarantined != 1 {
		t.Fatalf("quarantine %s: %+v, %v", subj, res, err)
	}
}

// TestQuarantinePrune: each origin keeps its newest rows up to Rows and
// its newest envelopes up to Bytes; envelopes older than Retention go;
// a row whose envelope went keeps its subject, reason and size; one
// origin's junk costs another nothing.
func TestQuarantinePrune(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t) // the clock ticks a second at every Apply and prune
	for range 10 {
		refuse(t, f.store, "hcnet.rec.se.malmo.practice.x", 1000) // seconds 1–10
	}
	for range 3 {
		refuse(t, f.store, "hcnet.rec.se.lund.practice.y", 1000) // 11–13
	}
	refuse(t, f.store, "not.a.record", 10) // 14

	p, err := f.store.PruneQuarantine(ctx, QuarantineLimits{Rows: 8, Bytes: 3500, Retention: time.Hour}) // at 15
	if err != nil {
		t.Fatal(err)
	}
	if want := (Pruned{Deleted: 2, Dropped: 5}); p != want {
		t.Fatalf("pruned %+v, want %+v", p, want)
	}
	got := quarantineRows(t, f.store)
	var held []int
	for _, r := range got {
		held = append(held, r.held)
		if r.size != 1000 && r.size != 10 || r.reason == "" || r.subject == "" {
			t.Fatalf("a row lost its metadata: %+v", r)
		}
	}
	// Malmö: 8 rows, the 3 newest with their envelopes; Lund untouched;
	// the junk subject an origin of its own.
	want := []int{0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 1000, 10}
	if !slices.Equal(held, want) {
		t.Fatalf("envelope bytes held %v, want %v", held, want)
	}
	if got[0].origin != "se/malmo" || got[8].origin != "se/lund" || got[11].origin != "" {
		t.Fatalf("origins %+v", got)
	}

	// At 16, a retention of 4 s ends the envelopes that came before 12.
	p, err = f.store.PruneQuarantine(ctx, QuarantineLimits{Retention: 4 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Pruned{Expired: 4}); p != want {
		t.Fatalf("pruned %+v, want %+v", p, want)
	}
	held = held[:0]
	for _, r := range quarantineRows(t, f.store) {
		held = append(held, r.held)
	}
	if want := []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 1000, 10}; !slices.Equal(held, want) {
		t.Fatalf("envelope bytes held %v, want %v", held, want)
	}

	// The coordinator sees a row without its envelope as one.
	list, err := f.store.ListQuarantine(ctx, &hcnetv1.ListQuarantineRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(list.GetRecords()); n != 12 || list.GetRecords()[11].GetEnvelope() != nil || list.GetRecords()[11].GetReason() == "" {
		t.Fatalf("listed %d, the oldest %+v; want 12, the oldest with its reason and no envelope", n, list.GetRecords()[n-1])
	}
}

// TestQuarantineBoundedAcrossOrigins: a member may make up any number of
// cities, each an origin with a budget of its own; the hub as a whole
// keeps its newest rows up to TotalRows and its newest envelopes up to
// TotalBytes, and rows older than RowRetention go altogether.
func TestQuarantineBoundedAcrossOrigins(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t) // the clock ticks a second at every Apply and prune
	for i := range 10 {
		refuse(t, f.store, fmt.Sprintf("hcnet.rec.se.made-up-%d.practice.x", i), 1000) // seconds 1–10
	}
	p, err := f.store.PruneQuarantine(ctx, QuarantineLimits{TotalRows: 6, TotalBytes: 3500}) // at 11
	if err != nil {
		t.Fatal(err)
	}
	if want := (Pruned{Deleted: 4, Dropped: 3}); p != want {
		t.Fatalf("pruned %+v, want %+v", p, want)
	}
	var held []int
	var subjects []string
	for _, r := range quarantineRows(t, f.store) {
		held, subjects = append(held, r.held), append(subjects, r.subject)
	}
	if want := []int{0, 0, 0, 1000, 1000, 1000}; !slices.Equal(held, want) {
		t.Fatalf("envelope bytes held %v, want %v", held, want)
	}
	if subjects[0] != "hcnet.rec.se.made-up-4.practice.x" {
		t.Fatalf("the oldest row kept is %s, want made-up-4's", subjects[0])
	}

	// At 12, a row retention of 4 s ends the rows that came before 8;
	// an envelope retention as long keeps the rest of them whole.
	p, err = f.store.PruneQuarantine(ctx, QuarantineLimits{Retention: 4 * time.Second, RowRetention: 4 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Pruned{Aged: 3}); p != want {
		t.Fatalf("pruned %+v, want %+v", p, want)
	}
	if n := len(quarantineRows(t, f.store)); n != 3 {
		t.Fatalf("%d rows after the row retention, want 3", n)
	}
}

// TestQuarantinePrunedAfterABatch: the pruner runs when a batch
// quarantines something, not only on its timer, but not before
// PruneInterval has passed since it last ran: a batch that arrives in
// between is pruned when the interval ends.
func TestQuarantinePrunedAfterABatch(t *testing.T) {
	f := newFixture(t)
	f.store.now = func() time.Time { return time.Now().UTC() } // the pruner reads it on its own goroutine
	// The pause between prunes ends when the test says so.
	paused, resume := make(chan time.Duration), make(chan time.Time)
	f.store.after = func(d time.Duration) <-chan time.Time { paused <- d; return resume }
	junk := func(n int) {
		t.Helper()
		batch := make([]Incoming, n)
		for i := range batch {
			batch[i] = Incoming{Subject: "hcnet.rec.se.malmo.practice.x", Reason: "junk", Envelope: []byte{1}}
		}
		if _, err := f.store.Apply(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
	}
	rows := func(want int) {
		t.Helper()
		poll.Within(t, 20*time.Second, fmt.Sprintf("%d rows in the quarantine", want), func() string {
			if n := len(quarantineRows(t, f.store)); n != want {
				return fmt.Sprintf("the quarantine holds %d rows, want %d", n, want)
			}
			return ""
		})
	}
	pause := func() {
		t.Helper()
		select {
		case d := <-paused:
			if d != 3*time.Second {
				t.Fatalf("the pruner pauses %v, want the interval, 3s", d)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("the pruner did not pause after a prune within 20 s")
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.store.PruneQuarantineUntilDone(ctx, QuarantineLimits{Rows: 2, PruneInterval: 3 * time.Second}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	defer func() { cancel(); <-done }()

	pause() // after the first prune, of nothing
	junk(5)
	if n := len(quarantineRows(t, f.store)); n != 5 {
		t.Fatalf("%d rows while the pruner pauses, want the batch's 5", n)
	}
	resume <- time.Now()
	rows(2)
	pause()
}

func TestQuarantineOrigin(t *testing.T) {
	for subj, want := range map[string]string{
		"hcnet.rec.se.malmo.practice.01J9Z8Y7X6W5V4T3S2R1Q0P9N8": "se/malmo",
		"hcnet.att.se.lund":  "se/lund",
		"hcnet.rec.se":       "",
		"hcnet.rec..malmo.x": "",
		"hcnet.pub.se.malmo": "",
		"":                   "",
	} {
		if got := quarantineOrigin(subj); got != want {
			t.Errorf("quarantineOrigin(%q) = %q, want %q", subj, got, want)
		}
	}
}
