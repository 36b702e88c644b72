package hub

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"github.com/hcnet/hcnet/internal/corpus"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"
)

// A member flooding the stream is held to its rate while another
// member's records, published after the whole flood, still get through
// ahead of most of it; and every flooded record arrives in the end.
func TestMemberRateLimitDefersAFloodWithoutLosingIt(t *testing.T) {
	const (
		flood, other = 400, 30
		perSecond    = 40
		burst        = 20
	)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "hub")
	if err := Init(ctx, dir, InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: "se"}); err != nil {
		t.Fatal(err)
	}
	h, err := Open(ctx, Config{Dir: dir, NATSListen: "127.0.0.1:0", Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		MemberRate: perSecond, MemberBurst: burst})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		h.Shutdown(sctx)
	})
	keys := benchKeys(t, 2)
	names := []string{"flooder", "quiet"}
	for i, name := range names {
		approveCity(t, h, name, keys[i])
	}
	publishAll(t, h, "flooder", keys[0], 0, flood)
	publishAll(t, h, "quiet", keys[1], flood, other)

	count := func(city string) (n, lastChange int64) {
		t.Helper()
		if err := h.Store.DB().Read.QueryRow(`SELECT count(*), coalesce(max(change_seq), 0) FROM records WHERE country = 'se' AND city_id = ?`,
			city).Scan(&n, &lastChange); err != nil {
			t.Fatal(err)
		}
		return n, lastChange
	}
	poll.Within(t, 2*time.Minute, "the quiet member's records", func() bool { n, _ := count("quiet"); return n == other })
	if n, _ := count("flooder"); n >= flood {
		t.Errorf("the flooder's %d records were all in before the quiet member's %d, published after them: no limit", n, other)
	}
	if d := h.Ingest.Stats().Deferred; d == 0 {
		t.Error("no record was deferred")
	}
	poll.Within(t, 2*time.Minute, "every flooded record", func() bool { n, _ := count("flooder"); return n == flood })
	_, quietLast := count("quiet")
	_, floodLast := count("flooder")
	if quietLast >= floodLast {
		t.Errorf("the quiet member's last change %d is after the flood's last %d", quietLast, floodLast)
	}
	if st := h.Ingest.Stats(); st.Upserted != flood+other || st.Quarantined != 0 {
		t.Errorf("ingest stats %+v, want %d upserted and none quarantined", st, flood+other)
	}
}

// approveCity joins a city with a signed request and approves it.
func approveCity(t testing.TB, h *Hub, city string, key nkeys.KeyPair) {
	t.Helper()
	ctx := context.Background()
	nonce := make([]byte, 12)
	rand.Read(nonce)
	req, err := envelope.SignJoin(key, &hcnetv1.JoinApplication{CityId: city, Country: "se", Name: city, HubId: h.Info.GetId()},
		hex.EncodeToString(nonce), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Members.Join(ctx, req); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Members.Decide(ctx, "se", city, hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED); err != nil {
		t.Fatal(err)
	}
}

// publishAll publishes n practices of city on its own connection and
// waits for the stream's acks.
func publishAll(t testing.TB, h *Hub, city string, key nkeys.KeyPair, start, n int) {
	t.Helper()
	nc, err := bus.Connect(bus.Options{URL: h.Info.GetNatsUrl(), Key: key, Name: "test " + city})
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for i := start; i < start+n; i++ {
		id := ulid.Make().String()
		hdr := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: city, Kind: "practice", Id: id, Version: 1,
			Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK}
		env, err := envelope.Seal(key, hdr, corpus.Practice(i, id), now)
		if err != nil {
			t.Fatal(err)
		}
		b, err := proto.Marshal(env)
		if err != nil {
			t.Fatal(err)
		}
		msg := &nats.Msg{Subject: subject.Record("se", city, "practice", id), Data: b, Header: nats.Header{}}
		msg.Header.Set(jetstream.MsgIDHeader, fmt.Sprintf("%s/%d", city, i))
		if _, err := js.PublishMsgAsync(msg); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-time.After(time.Minute):
		t.Fatalf("%s: the stream did not ack %d records within a minute", city, n)
	}
}
