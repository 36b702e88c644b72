package relay

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/syncbuf"
	"github.com/nats-io/nats.go/jetstream"
)

// TestResumedDeliveryIsLogged: after a warning that delivery stopped, the
// log says when it goes on, so whoever reads the warnings knows the hub
// is reached again; a first connection says nothing of the kind.
func TestResumedDeliveryIsLogged(t *testing.T) {
	who, pub := applicant(t)
	url, js := startNATS(t, pub)
	out := newOutbox()
	out.add(row(1))
	var logs syncbuf.Buffer
	r := New(out, approvedAt(url), who, slog.New(slog.NewTextHandler(&logs, nil)))
	run(t, r)
	eventually(t, "the interruption logged", func() bool { return strings.Contains(logs.String(), "delivery to hub interrupted") })
	testStream(t, js, jetstream.StreamConfig{})
	r.Wake()
	eventually(t, "delivered once the stream is there", func() bool { return len(out.waiting()) == 0 })
	eventually(t, "the resumption logged", func() bool {
		return strings.Contains(logs.String(), `msg="connected to the hub's NATS again; delivering" url=`+url)
	})
	// The first connection, before any interruption, logged nothing so.
	if l := logs.String(); strings.Index(l, "again") < strings.Index(l, "delivery to hub interrupted") {
		t.Fatalf("a connection before any interruption was logged as a resumption:\n%s", l)
	}
}
