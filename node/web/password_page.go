package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
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
			h.refused(w, r, sess, noPassword)
			return
		}
		next(w, r, sess)
	}
}

func (h *Handler) passwordPage(w http.ResponseWriter, r *http.Request, _ *webui.Session) {
	h.pages.Render(w, http.StatusOK, "password", h.page(r, "", h.tr(r).T("Change your password"), webui.NewForm(nil)))
}

// changePassword sets the signed-in person's password; every other
// browser of theirs is signed out, this one gets a new session.
func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request, sess *webui.Session) {
	f := webui.NewForm(nil)
	tr := h.tr(r)
	current, next := r.PostFormValue("current"), r.PostFormValue("new")
	if current == "" {
		f.Add("current", tr.T("Current password"), tr.T("is required"))
	}
	if next != r.PostFormValue("again") {
		f.Add("again", tr.T("New password again"), tr.T("differs from the new password: type the same twice"))
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
			fresh.Flash = tr.T("Your password is changed.")
			h.sessions.Adopt(w, r, fresh)
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		case errors.As(err, &wait):
			secs := max(1, int(wait.Wait.Round(time.Second)/time.Second))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			f.Add("current", tr.T("Current password"), tr.T("was refused too often: wait {{.Seconds}} seconds, then try again", "Seconds", secs))
			code = http.StatusTooManyRequests
		case errors.Is(err, accounts.ErrBadPassword):
			f.Add("current", tr.T("Current password"), tr.T("is not your current password"))
		case errors.Is(err, accounts.ErrInvalid):
			f.Add("new", tr.T("New password"), webui.AccountRefusal(tr, err))
		default:
			h.fail(w, r, err)
			return
		}
	}
	h.pages.Render(w, code, "password", h.page(r, "", tr.T("Change your password"), f))
}
