package fedtest

import (
	"strings"
	"sync"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
)

// violations collects a connection's asynchronous errors, the way the
// server reports a refused subscription.
type violations struct {
	mu   sync.Mutex
	errs []string
}

func (v *violations) handler(_ *nats.Conn, _ *nats.Subscription, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.errs = append(v.errs, err.Error())
}

// refused says whether the server refused a subscription to subj.
func (v *violations) refused(subj string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, e := range v.errs {
		if strings.Contains(strings.ToLower(e), "permissions violation for subscription") && strings.Contains(e, `"`+subj+`"`) {
			return true
		}
	}
	return false
}

// TestMembersReadOnlyTheirOwnInbox uses a member's own NATS credentials,
// as a compromised node would, to listen where other members' PubAcks
// and the envelopes the hub's ingest pulls pass.
func TestMembersReadOnlyTheirOwnInbox(t *testing.T) {
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	member(t, h, malmo, true)
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	member(t, h, lund, true)
	lundKey, _ := nodeKey(t, lund).PublicKey()

	kp := nodeKey(t, malmo)
	pub, _ := kp.PublicKey()
	var v violations
	nc, err := nats.Connect(h.Hub.Info.GetNatsUrl(), nats.Nkey(pub, kp.Sign), nats.MaxReconnects(0), nats.ErrorHandler(v.handler))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	listen := []string{
		"_INBOX.>",
		subject.MemberInbox(lundKey) + ".>",
		subject.MemberInbox(h.Hub.Info.GetPublicKey()) + ".>",
		subject.Records,
		"$JS.>",
		">",
	}
	subs := map[string]*nats.Subscription{}
	for _, subj := range listen {
		if subs[subj], err = nc.SubscribeSync(subj); err != nil {
			t.Fatal(err)
		}
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	// Refused subscriptions are reported asynchronously; the check
	// waits for them after the record below has passed.

	// Lund shares a network record: its PubAck and the envelope the
	// hub's ingest pulls pass while malmo listens.
	c := lund.Client(t)
	share(t, h, c, "Bara för nätverket i Lund", hcnetv1.Visibility_VISIBILITY_NETWORK)
	// A round trip after the hub holds the record: anything the server
	// had for malmo's subscriptions is delivered before the PONG.
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	for subj, sub := range subs {
		if n, _, _ := sub.Pending(); n != 0 {
			m, _ := sub.NextMsg(0)
			t.Errorf("malmo received %d messages on %s, the first on %s", n, subj, m.Subject)
		}
	}
	for _, subj := range listen {
		poll.Until(t, "the server refuses a subscription to "+subj, func() bool { return v.refused(subj) })
	}
}
