package hub

import (
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// oldInboxes explains, once per connection, why the server refuses a
// member's or subscriber's subscription to nats.go's default inbox
// (_INBOX.>): members may read their own inbox only
// (subject.MemberInbox), subscribers theirs (subject.FeedInbox). A node
// or member hub from before that rule asks for its PubAcks on _INBOX.,
// never gets them and sends its records again; the records arrive all
// the same. The server's own line names a key and a connection number;
// this one names the member and what to do.
type oldInboxes struct {
	log   *slog.Logger
	users *natsUsers

	mu     sync.Mutex
	warned map[uint64]bool // connection ids
}

// oldInboxLine is the server's line for a refused subscription to
// _INBOX.: "<addr> - cid:<n> - ... - "$G/nkey:<key>" - Subscription
// Violation - Subject "_INBOX.…", SID <n>".
var oldInboxLine = regexp.MustCompile(`cid:(\d+) - .*nkey:([A-Z0-9]+)" - Subscription Violation - Subject "_INBOX\.`)

// warnedLimit bounds the connections remembered: beyond it, those that
// have closed are forgotten.
const warnedLimit = 1024

// note looks at one of the server's error lines.
func (o *oldInboxes) note(line string) {
	if !strings.Contains(line, `Subscription Violation - Subject "_INBOX.`) {
		return
	}
	m := oldInboxLine.FindStringSubmatch(line)
	if m == nil {
		return
	}
	cid, err := strconv.ParseUint(m[1], 10, 64)
	if err != nil {
		return
	}
	kind, name, ok := o.users.who(m[2])
	if !ok || kind == userHub {
		return
	}
	o.mu.Lock()
	if o.warned[cid] {
		o.mu.Unlock()
		return
	}
	if o.warned == nil {
		o.warned = map[uint64]bool{}
	}
	if len(o.warned) >= warnedLimit && o.users.srv != nil {
		for id := range o.warned {
			if o.users.srv.GetClient(id) == nil {
				delete(o.warned, id)
			}
		}
	}
	o.warned[cid] = true
	o.mu.Unlock()
	if kind == userSubscriber {
		o.log.Warn("feed subscriber "+name+" connects with nats.go's default inbox _INBOX., which subscribers may not read: "+
			"its requests get no answers; it must connect with its own inbox prefix "+"_INBOX_"+name, "subscriber", name, "key", m[2])
		return
	}
	o.log.Warn("member "+name+" connects with nats.go's default inbox _INBOX., which members may no longer read: "+
		"its records still arrive, but it gets no PubAcks and sends them again until anti-entropy settles them; "+
		"upgrade its hcnode (or its hchub, for a member hub)", "member", name, "key", m[2])
}
