package members

import (
	"encoding/base64"
	"log/slog"
	"sync"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
)

// userKind says who a NATS user is, so that a bulk replace of members
// leaves subscribers (and the hub) alone.
type userKind int

const (
	userHub userKind = iota
	userMember
	userSubscriber
)

// natsUser is one nkey the embedded server lets in, with its permissions
// (nil: all) and the ids of the connections it opened, to close them when
// the user goes.
type natsUser struct {
	kind userKind
	// name is who the user is, for the log: a member's country/city and
	// name, a subscriber's name.
	name  string
	perms *server.Permissions
	conns map[uint64]struct{}
}

// NATSUsers is the embedded server's authentication
// (server.Options.CustomClientAuthentication): a client proves it holds
// an nkey by signing the server's nonce, and gets that user's
// permissions. Adding or removing a user costs a map write, and removing
// one closes its live connections. Its users are the hub itself, with
// every permission, the approved members and the feed subscribers.
type NATSUsers struct {
	srv *server.Server // Attach sets it once the server exists, before it starts
	// inbox explains the server's refusals of the default inbox
	// (NoteError).
	inbox oldInboxes

	mu    sync.Mutex
	users map[string]*natsUser
}

// NewNATSUsers lets in the hub's own key hubKey, with every permission;
// log hears of members and subscribers that connect as an old client
// would (NoteError).
func NewNATSUsers(hubKey string, log *slog.Logger) *NATSUsers {
	return &NATSUsers{users: map[string]*natsUser{hubKey: {kind: userHub}}, inbox: oldInboxes{log: log}}
}

// Attach gives the users the server they authenticate for, which they
// need to close a removed user's connections. The server takes the
// users in its options, so it exists only after them: attach it before
// it starts.
func (u *NATSUsers) Attach(srv *server.Server) { u.srv = srv }

// Check authenticates one connecting client (server.Authentication).
func (u *NATSUsers) Check(c server.ClientAuthentication) bool {
	if c.Kind() != server.CLIENT {
		return false // no routes, gateways or leaf nodes on this server
	}
	o := c.GetOpts()
	if o == nil || o.Nkey == "" || o.Sig == "" {
		return false
	}
	sig, err := base64.RawURLEncoding.DecodeString(o.Sig)
	if err != nil {
		if sig, err = base64.StdEncoding.DecodeString(o.Sig); err != nil {
			return false
		}
	}
	pub, err := nkeys.FromPublicKey(o.Nkey)
	if err != nil || pub.Verify(c.GetNonce(), sig) != nil {
		return false
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	user := u.users[o.Nkey]
	if user == nil {
		return false
	}
	// Forget connections that closed since, so the set stays as big as
	// the user's live connections.
	for id := range user.conns {
		if u.srv.GetClient(id) == nil {
			delete(user.conns, id)
		}
	}
	if user.conns == nil {
		user.conns = map[uint64]struct{}{}
	}
	user.conns[c.GetID()] = struct{}{}
	// Registered under the lock: a removal that follows sees this
	// connection and closes it.
	if r, ok := c.(interface {
		RegisterNkeyUser(*server.NkeyUser) error
	}); ok {
		return r.RegisterNkeyUser(&server.NkeyUser{Nkey: o.Nkey, Permissions: copyPermissions(user.perms)}) == nil
	}
	c.RegisterUser(&server.User{Username: o.Nkey, Permissions: copyPermissions(user.perms)})
	return true
}

// natsGrant is what a user is let in as: its name and permissions.
type natsGrant struct {
	name  string
	perms *server.Permissions
}

// set adds or updates a user. Connections already open keep the
// permissions they were given; a member's permissions follow from its
// country and city, which do not change.
func (u *NATSUsers) set(key string, kind userKind, g natsGrant) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if user := u.users[key]; user != nil {
		user.kind, user.name, user.perms = kind, g.name, g.perms
		return
	}
	u.users[key] = &natsUser{kind: kind, name: g.name, perms: g.perms}
}

// who is the kind and name of the user key, if there is one.
func (u *NATSUsers) who(key string) (userKind, string, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	user := u.users[key]
	if user == nil {
		return 0, "", false
	}
	return user.kind, user.name, true
}

// remove drops a user of this kind and closes its connections.
func (u *NATSUsers) remove(key string, kind userKind) {
	u.mu.Lock()
	user := u.users[key]
	if user == nil || user.kind != kind {
		u.mu.Unlock()
		return
	}
	delete(u.users, key)
	u.mu.Unlock()
	u.kick(user)
}

// replace makes the users of kind exactly keep; the ones it drops are
// disconnected.
func (u *NATSUsers) replace(kind userKind, keep map[string]natsGrant) {
	u.mu.Lock()
	var gone []*natsUser
	for key, user := range u.users {
		if user.kind != kind {
			continue
		}
		if _, ok := keep[key]; !ok {
			delete(u.users, key)
			gone = append(gone, user)
		}
	}
	for key, g := range keep {
		if user := u.users[key]; user != nil {
			user.kind, user.name, user.perms = kind, g.name, g.perms
		} else {
			u.users[key] = &natsUser{kind: kind, name: g.name, perms: g.perms}
		}
	}
	u.mu.Unlock()
	for _, user := range gone {
		u.kick(user)
	}
}

// kick closes a removed user's connections. The user is out of the map,
// so none can be added meanwhile.
func (u *NATSUsers) kick(user *natsUser) {
	for id := range user.conns {
		u.srv.DisconnectClientByID(id) // gone already: nothing to close
	}
}

// copyPermissions gives each connection its own copy: the server keeps
// and may adjust what it is given.
func copyPermissions(p *server.Permissions) *server.Permissions {
	if p == nil {
		return nil
	}
	sp := func(s *server.SubjectPermission) *server.SubjectPermission {
		if s == nil {
			return nil
		}
		return &server.SubjectPermission{Allow: append([]string(nil), s.Allow...), Deny: append([]string(nil), s.Deny...)}
	}
	out := &server.Permissions{Publish: sp(p.Publish), Subscribe: sp(p.Subscribe)}
	if p.Response != nil {
		r := *p.Response
		out.Response = &r
	}
	return out
}
