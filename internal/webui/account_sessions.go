package webui

import (
	"context"
	"errors"

	"github.com/hcnet/hcnet/internal/accounts"
)

// AccountKeeper keeps the sessions of named accounts in the accounts
// store's database, the node's or the hub's, so a restart of the daemon
// or of its pages signs nobody out.
type AccountKeeper struct{ Store *accounts.Store }

// Load returns the live session of cookie value id, or nil.
func (k AccountKeeper) Load(ctx context.Context, id string) (*Session, error) {
	sess, err := k.Store.Session(ctx, id)
	if errors.Is(err, accounts.ErrNoSuchSession) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return AccountSession(sess), nil
}

// End forgets the session.
func (k AccountKeeper) End(ctx context.Context, id string) error { return k.Store.EndSession(ctx, id) }

// AccountSession is an account's stored session as the pages hold it.
func AccountSession(s accounts.Session) *Session {
	return &Session{ID: s.Token, CSRF: s.CSRF, SignedIn: true, Name: s.Account.Name, Role: string(s.Account.Role), Expires: s.Expires}
}
