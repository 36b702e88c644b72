package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/webui"
)

// own is auth for pages of one's own account: a named account, any role
// (a viewer changes their own password too, which changes no record).
func (h *Handler) own(next func(http.ResponseWriter, *http.Request, *webui.Session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := h.sessions.Get(r)
		if sess == nil || !sess.SignedIn {
			if r.Method != http.MethodGet {
				h.forbidden(w, r)
				return
			}
			http.Redirect(w, r, "/signin?next="+r.URL.Path, http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost && !webui.ValidCSRF(r, sess) {
			h.forbidden(w, r)
			return
		}
		if sess.Name == "" || h.opts.Accounts == nil {
			h.refused(w, r, sess, "signs in with the admin token and has no password to change")
			return
		}
		next(w, r, sess)
	}
}

func (h *Handler) passwordPage(w http.ResponseWriter, r *http.Request, _ *webui.Session) {
	h.pages.Render(w, http.StatusOK, "password", h.page(r, "", "Change your password", webui.NewForm(nil)))
}

// changePassword sets the signed-in person's password; every other
// browser of theirs is signed out, this one gets a new session.
func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request, sess *webui.Session) {
	f := webui.NewForm(nil)
	current, next := r.PostFormValue("current"), r.PostFormValue("new")
	if current == "" {
		f.Add("current", "Current password", "is required")
	}
	if next != r.PostFormValue("again") {
		f.Add("again", "New password again", "differs from the new password: type the same twice")
	}
	code := http.StatusUnprocessableEntity
	if !f.HasErrors() {
		ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
		defer cancel()
		got, err := h.opts.Accounts.ChangePassword(ctx, sess.Name, current, next, clientIP(h.client(r)))
		var wait *accounts.WaitError
		switch {
		case err == nil:
			h.log.Info("web: password changed", "account", sess.Name, "remote", h.client(r))
			h.sessions.End(w, sess)
			fresh := webSession(got)
			fresh.Flash = "Your password is changed."
			h.sessions.Adopt(w, r, fresh)
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		case errors.As(err, &wait):
			secs := max(1, int(wait.Wait.Round(time.Second)/time.Second))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			f.Add("current", "Current password", fmt.Sprintf("was refused too often: wait %d seconds, then try again", secs))
			code = http.StatusTooManyRequests
		case errors.Is(err, accounts.ErrBadPassword):
			f.Add("current", "Current password", "is not your current password")
		case errors.Is(err, accounts.ErrInvalid):
			f.Add("new", "New password", strings.TrimPrefix(err.Error(), accounts.ErrInvalid.Error()+": "))
		default:
			h.fail(w, r, err)
			return
		}
	}
	h.pages.Render(w, code, "password", h.page(r, "", "Change your password", f))
}
