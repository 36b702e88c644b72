package natsserver

import (
	"fmt"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/members"
	"github.com/hcnet/hcnet/internal/poll"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
)

// TestOldInboxIsWarnedOncePerConnection: a node or member hub from
// before members were confined to their own inbox subscribes to
// nats.go's default _INBOX.; the server refuses it, and the hub's log
// names the member, once per connection however often it tries.
func TestOldInboxIsWarnedOncePerConnection(t *testing.T) {
	var buf syncbuf.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	memberKey := newKey(t)
	users := members.NewNATSUsers(pub(t, newKey(t)), log)
	e := start(t, users, log)
	m := &hcnetv1.Member{Country: "se", CityId: "malmo", Name: "Malmö stad", PublicKey: pub(t, memberKey), Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED}
	if err := users.SetMember(m); err != nil {
		t.Fatal(err)
	}
	const warning = "connects with nats.go's default inbox"
	count := func() int { return strings.Count(buf.String(), warning) }
	for conn := 1; conn <= 2; conn++ {
		refused := make(chan struct{}, 8)
		// As an old node connects: its key, nats.go's default inbox.
		nc, err := nats.Connect(e.URL(), nats.Nkey(pub(t, memberKey), memberKey.Sign), nats.MaxReconnects(0),
			nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) { refused <- struct{}{} }))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			if _, err := nc.SubscribeSync(nats.NewInbox() + ".*"); err != nil {
				t.Fatal(err)
			}
			if err := nc.Flush(); err != nil {
				t.Fatal(err)
			}
			select {
			case <-refused:
			case <-time.After(10 * time.Second):
				t.Fatal("the server did not refuse the subscription")
			}
		}
		nc.Close()
		poll.Within(t, 10*time.Second, "the warning for this connection", func() string {
			if got := count(); got < conn {
				return fmt.Sprintf("after %d connections: %d warnings; log:\n%s", conn, got, buf.String())
			}
			return ""
		})
		if got := count(); got != conn {
			t.Fatalf("after %d connections: %d warnings, want one per connection; log:\n%s", conn, got, buf.String())
		}
	}
	out := buf.String()
	line := out[strings.Index(out, warning):]
	line = line[:strings.IndexByte(line, '\n')]
	for _, want := range []string{"se/malmo", "Malmö stad", "upgrade"} {
		if !strings.Contains(line, want) {
			t.Errorf("warning lacks %q: %s", want, line)
		}
	}
}
