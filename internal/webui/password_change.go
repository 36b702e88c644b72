package webui

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/i18n"
)

// ChangePassword answers a signed-in person's password form (current,
// new, again), the node's and the hub's alike. Once the store changes
// the password from address ip, every other browser of theirs is signed
// out, this one gets a new session saying so, and the answer is a
// redirect to the start page: the form returned is nil. Otherwise the
// form holds each problem next to its field, in tr's language, and code
// is the status to show it with; err is a failure of the store, for the
// page to show as such.
func ChangePassword(ctx context.Context, w http.ResponseWriter, r *http.Request, tr *i18n.Translator,
	store *accounts.Store, sessions *Sessions, sess *Session, ip string) (f *Form, code int, err error) {
	f = NewForm(nil)
	current, next := r.PostFormValue("current"), r.PostFormValue("new")
	if current == "" {
		f.Add("current", tr.T("Current password"), tr.T("is required"))
	}
	if next != r.PostFormValue("again") {
		f.Add("again", tr.T("New password again"), tr.T("differs from the new password: type the same twice"))
	}
	code = http.StatusUnprocessableEntity
	if f.HasErrors() {
		return f, code, nil
	}
	got, err := store.ChangePassword(ctx, sess.Name, current, next, ip)
	var wait *accounts.WaitError
	switch {
	case err == nil:
		sessions.End(w, sess)
		fresh := AccountSession(got)
		fresh.Flash = tr.T("Your password is changed.")
		sessions.Adopt(w, r, fresh)
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil, http.StatusSeeOther, nil
	case errors.As(err, &wait):
		secs := max(1, int(wait.Wait.Round(time.Second)/time.Second))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		f.Add("current", tr.T("Current password"), tr.N("was refused too often: wait {{.Count}} second, then try again", "was refused too often: wait {{.Count}} seconds, then try again", secs))
		code = http.StatusTooManyRequests
	case errors.Is(err, accounts.ErrBadPassword):
		f.Add("current", tr.T("Current password"), tr.T("is not your current password"))
	case errors.Is(err, accounts.ErrInvalid):
		f.Add("new", tr.T("New password"), AccountRefusal(tr, err))
	default:
		return nil, 0, err
	}
	return f, code, nil
}
