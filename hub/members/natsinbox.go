package members

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
	log *slog.Logger

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

// NoteError looks at one of the server's error lines, and explains a
// refused default inbox (oldInboxes).
func (u *NATSUsers) NoteError(line string) {
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
	kind, name, ok := u.who(m[2])
	if !ok || kind == userHub {
		return
	}
	u.inbox.mu.Lock()
	if u.inbox.warned[cid] {
		u.inbox.mu.Unlock()
		return
	}
	if u.inbox.warned == nil {
		u.inbox.warned = map[uint64]bool{}
	}
	if len(u.inbox.warned) >= warnedLimit && u.srv != nil {
		for id := range u.inbox.warned {
			if u.srv.GetClient(id) == nil {
				delete(u.inbox.warned, id)
			}
		}
	}
	u.inbox.warned[cid] = true
	u.inbox.mu.Unlock()
	if kind == userSubscriber {
		u.inbox.log.Warn("feed subscriber "+name+" connects with nats.go's default inbox _INBOX., which subscribers may not read: "+
			"its requests get no answers; it must connect with its own inbox prefix "+"_INBOX_"+name, "subscriber", name, "key", m[2])
		return
	}
	u.inbox.log.Warn("member "+name+" connects with nats.go's default inbox _INBOX., which members may no longer read: "+
		"its records still arrive, but it gets no PubAcks and sends them again until anti-entropy settles them; "+
		"upgrade its hcnode (or its hchub, for a member hub)", "member", name, "key", m[2])
}
