package hub

import (
	"context"
	"github.com/hcnet/hcnet/internal/corpus"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"
)

// A member may hold no more than --member-quota bytes of envelopes at the
// hub: its records past the quota are quarantined with a reason that says
// so, without their payload, and counted; another member's records are
// not affected.
func TestMemberQuotaRefusesRecordsPastIt(t *testing.T) {
	ctx := context.Background()
	keys := benchKeys(t, 2)
	// The size of one of publishAll's envelopes, give or take the digits
	// of its number.
	id := ulid.Make().String()
	env, err := envelope.Seal(keys[0], &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: "flooder", Kind: "practice", Id: id, Version: 1,
		Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK}, corpus.Practice(0, id), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b, err := proto.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	size := int64(len(b))
	quota := 5*size + size/2

	dir := filepath.Join(t.TempDir(), "hub")
	if err := Init(ctx, dir, InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: "se"}); err != nil {
		t.Fatal(err)
	}
	h, err := Open(ctx, Config{Dir: dir, NATSListen: "127.0.0.1:0", Log: slog.New(slog.NewTextHandler(io.Discard, nil)), MemberQuota: quota})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		h.Shutdown(sctx)
	})
	approveCity(t, h, "flooder", keys[0])
	approveCity(t, h, "quiet", keys[1])
	publishAll(t, h, "flooder", keys[0], 0, 10)
	publishAll(t, h, "quiet", keys[1], 10, 3)
	poll.Within(t, 2*time.Minute, "every record handled", func() bool {
		s := h.Ingest.Stats()
		return s.Upserted+s.Quarantined == 13
	})

	held := func(city string) (n, bytes int64) {
		t.Helper()
		if err := h.Store.DB().Read.QueryRow(`SELECT count(*), coalesce(sum(length(envelope)), 0) FROM records WHERE country = 'se' AND city_id = ?`,
			city).Scan(&n, &bytes); err != nil {
			t.Fatal(err)
		}
		return n, bytes
	}
	n, bytes := held("flooder")
	if bytes > quota || n < 4 {
		t.Errorf("the flooder holds %d records, %d bytes; want at least 4 and no more than the quota of %d bytes", n, bytes, quota)
	}
	if q, _ := held("quiet"); q != 3 {
		t.Errorf("the quiet member holds %d records, want all 3", q)
	}
	if got := h.Ingest.OverQuota(); got != 10-n {
		t.Errorf("%d records counted over quota, want %d", got, 10-n)
	}
	rows, err := h.Store.DB().Read.Query(`SELECT subject, reason, length(envelope) FROM quarantine`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var refused int64
	for rows.Next() {
		var subj, reason string
		var kept int
		if err := rows.Scan(&subj, &reason, &kept); err != nil {
			t.Fatal(err)
		}
		refused++
		if !strings.HasPrefix(subj, "hcnet.rec.se.flooder.") || !strings.Contains(reason, "over its storage quota") || kept != 0 {
			t.Errorf("quarantined %s (%d bytes kept): %s", subj, kept, reason)
		}
	}
	if refused != 10-n {
		t.Errorf("%d records quarantined, want %d", refused, 10-n)
	}
}
