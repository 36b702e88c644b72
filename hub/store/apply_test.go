package store

import (
	"context"
	"github.com/hcnet/hcnet/internal/corpus"
	"testing"

	"google.golang.org/protobuf/proto"
)

// Ingest writes the full-text entries itself (migration 0005): after new
// records, new versions (in one batch and across batches) and
// withdrawals, FTS5's own check finds the index equal to the rows, and a
// search finds each record's latest words only.
func TestApplyKeepsTheFullTextIndexEqualToTheRows(t *testing.T) {
	ctx := context.Background()
	st := benchStore(t)
	keys := benchKeys(t, 3)
	first := benchBatch(t, keys, 0, 30)
	if res, err := st.Apply(ctx, first); err != nil || res.Upserted != 30 {
		t.Fatalf("apply: %+v, %v", res, err)
	}
	// The next versions of the first ten, twice in one batch (v2 then v3),
	// and the withdrawal of the next five.
	var next []Incoming
	for i := range 10 {
		for _, v := range []int64{2, 3} {
			in := first[i]
			h := proto.CloneOf(in.Header)
			h.Version = v
			rec := corpus.Practice(1000+i, h.Id)
			rec.GetPractice().Version = v
			rec.GetPractice().GetTexts()["en"].Title = "renamed zeppelin"
			next = append(next, Incoming{Subject: in.Subject, Envelope: in.Envelope, Header: h, Record: rec, Path: in.Path})
		}
	}
	for i := 10; i < 15; i++ {
		h := proto.CloneOf(first[i].Header)
		h.Version = 2
		next = append(next, Incoming{Subject: first[i].Subject, Envelope: first[i].Envelope, Header: h})
	}
	res, err := st.Apply(ctx, next)
	if err != nil || res.Upserted != 20 || res.Deleted != 5 {
		t.Fatalf("apply: %+v, %v", res, err)
	}
	if _, err := st.db.Write.ExecContext(ctx, `INSERT INTO records_fts (records_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("full-text index differs from the rows: %v", err)
	}
	var rows, renamed int
	if err := st.db.Read.QueryRow(`SELECT count(*) FROM records`).Scan(&rows); err != nil || rows != 25 {
		t.Fatalf("%d records (%v), want 25", rows, err)
	}
	if err := st.db.Read.QueryRow(`SELECT count(*) FROM records_fts WHERE records_fts MATCH 'renamed'`).Scan(&renamed); err != nil || renamed != 10 {
		t.Fatalf("%d records match the new title (%v), want 10", renamed, err)
	}
}

// HeldBy and SizeOf read what a member's records take, as the member
// quota counts it: the sizes of their envelopes as received.
func TestHeldByAndSizeOf(t *testing.T) {
	ctx := context.Background()
	st := benchStore(t)
	batch := benchBatch(t, benchKeys(t, 2), 0, 6)
	if _, err := st.Apply(ctx, batch); err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	for _, in := range batch {
		want[in.Header.GetOriginCity()] += int64(len(in.Envelope))
		n, err := st.SizeOf(ctx, "se", in.Header.GetOriginCity(), in.Header.GetId())
		if err != nil || n != int64(len(in.Envelope)) {
			t.Fatalf("SizeOf %s: %d, %v; want %d", in.Header.GetId(), n, err, len(in.Envelope))
		}
	}
	for city, bytes := range want {
		if n, err := st.HeldBy(ctx, "se", city); err != nil || n != bytes {
			t.Fatalf("HeldBy %s: %d, %v; want %d", city, n, err, bytes)
		}
	}
	if n, err := st.SizeOf(ctx, "se", "city0000", "nothing-held"); err != nil || n != 0 {
		t.Fatalf("SizeOf a record not held: %d, %v; want 0", n, err)
	}
	if n, err := st.HeldBy(ctx, "se", "nowhere"); err != nil || n != 0 {
		t.Fatalf("HeldBy a city holding nothing: %d, %v; want 0", n, err)
	}
}
