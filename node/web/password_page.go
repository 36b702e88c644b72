package web

import (
	"context"
	"net/http"

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
	tr := h.tr(r)
	ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
	defer cancel()
	f, code, err := webui.ChangePassword(ctx, w, r, tr, h.opts.Accounts, h.sessions, sess, clientIP(h.client(r)))
	switch {
	case err != nil:
		h.fail(w, r, err)
	case f == nil:
		h.log.Info("web: password changed", "account", sess.Name, "remote", h.client(r))
	default:
		h.pages.Render(w, code, "password", h.page(r, "", tr.T("Change your password"), f))
	}
}
