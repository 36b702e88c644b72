package ingest

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/store"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// heldStore is a read model whose members hold what the test says.
type heldStore struct {
	Store                  // Apply is not called
	held  map[string]int64 // by "country/city"
	sizes map[string]int64 // by "country/city/id"
}

func (s heldStore) HeldBy(_ context.Context, country, city string) (int64, error) {
	return s.held[country+"/"+city], nil
}

func (s heldStore) SizeOf(_ context.Context, country, city, id string) (int64, error) {
	return s.sizes[country+"/"+city+"/"+id], nil
}

// TestMemberQuotaAdmit: the quota Config gives ingest counts what a
// member holds through the store and what the batch adds before it,
// refuses the records that would pass it without their payload, and
// lets a smaller version, a tombstone and another member's records by.
func TestMemberQuotaAdmit(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if New(Config{Store: heldStore{}, Log: log}).quota != nil {
		t.Fatal("no MemberQuota, yet a quota")
	}
	st := heldStore{held: map[string]int64{"se/malmo": 60}, sizes: map[string]int64{"se/malmo/c": 40}}
	in := New(Config{Store: st, MemberQuota: 100, Log: log})
	rec := func(city, id string, size int) store.Incoming {
		return store.Incoming{Subject: "hcnet.rec.se." + city + ".practice." + id, Envelope: make([]byte, size),
			Header: &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: city, Kind: "practice", Id: id, Version: 1},
			Record: &hcnetv1.SharedRecord{}}
	}
	tomb := rec("malmo", "d", 200)
	tomb.Record = nil
	batch := []store.Incoming{
		rec("malmo", "a", 30), // 60 + 30: within
		rec("malmo", "b", 20), // 90 + 20: past the quota
		rec("malmo", "c", 10), // replaces 40 bytes: frees 30
		rec("malmo", "e", 35), // 60 + 35: within again
		tomb,                  // frees room, whatever its size
		rec("lund", "x", 90),  // another member's own quota
	}
	in.quota.admit(batch)
	for i, want := range []bool{true, false, true, true, true, true} {
		got := batch[i]
		if kept := got.Reason == ""; kept != want {
			t.Errorf("record %d (%s): kept %v, want %v (reason %q)", i, got.Subject, kept, want, got.Reason)
		}
	}
	refused := batch[1]
	if !strings.Contains(refused.Reason, "over its storage quota") || refused.Header != nil || refused.Record != nil || len(refused.Envelope) != 0 {
		t.Errorf("the refused record keeps %d bytes, header %v, reason %q; want none, none and the quota named", len(refused.Envelope), refused.Header, refused.Reason)
	}
	if n := in.OverQuota(); n != 1 {
		t.Errorf("%d counted over quota, want 1", n)
	}
}
