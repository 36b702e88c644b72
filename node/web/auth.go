package web

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/webui"
)

// auth lets only signed-in sessions through and checks the CSRF token of
// every POST before the handler sees it.
func (h *Handler) auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := h.sessions.Get(r)
		if sess == nil || !sess.SignedIn {
			if r.Method != http.MethodGet {
				h.forbidden(w, r)
				return
			}
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost && !webui.ValidCSRF(r, sess) {
			h.forbidden(w, r)
			return
		}
		// Every POST behind auth changes records: a viewer's is refused
		// here, whatever the page offered.
		if r.Method == http.MethodPost && !role(sess).CanEdit() {
			h.refused(w, r, sess, readOnly)
			return
		}
		next(w, r)
	}
}

// edit is auth for the pages that are forms to change records: a viewer
// is told at once that their role cannot, instead of filling in a form
// whose saving would be refused.
func (h *Handler) edit(next http.HandlerFunc) http.HandlerFunc {
	return h.auth(func(w http.ResponseWriter, r *http.Request) {
		if sess := h.sessions.Get(r); sess == nil || !role(sess).CanEdit() {
			h.refused(w, r, sess, readOnly)
			return
		}
		next(w, r)
	})
}

// admin is auth for the pages only an admin may use (accounts).
func (h *Handler) admin(next http.HandlerFunc) http.HandlerFunc {
	return h.auth(func(w http.ResponseWriter, r *http.Request) {
		if sess := h.sessions.Get(r); sess == nil || !role(sess).CanAdmin() {
			h.refused(w, r, sess, notAccounts)
			return
		}
		next(w, r)
	})
}

func (h *Handler) forbidden(w http.ResponseWriter, r *http.Request) {
	tr := h.tr(r)
	p := h.page(r, "", tr.T("Form expired"), map[string]string{
		"Message": tr.T("This form has expired or did not come from this page. Nothing was saved. Go back, reload the page and try again."),
	})
	h.pages.Render(w, http.StatusForbidden, "problem", p)
}

type signInData struct {
	Form *webui.Form
	Next string
	// Accounts shows the name and password form.
	Accounts bool
}

// signInPage shows the form, starting an anonymous session whose CSRF
// token the form carries.
func (h *Handler) signInPage(w http.ResponseWriter, r *http.Request) {
	sess := h.sessions.Get(r)
	if sess == nil {
		sess = h.sessions.Start(w, r, false)
	}
	if sess.SignedIn {
		http.Redirect(w, r, webui.LocalPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	h.renderSignIn(w, r, sess, http.StatusOK, webui.NewForm(nil), r.URL.Query().Get("next"))
}

func (h *Handler) renderSignIn(w http.ResponseWriter, r *http.Request, sess *webui.Session, code int, f *webui.Form, next string) {
	p := h.page(r, "", h.tr(r).T("Sign in"), signInData{Form: f, Next: webui.LocalPath(next), Accounts: h.opts.Accounts != nil})
	p.Nav, p.SignedIn, p.CSRF = nil, false, sess.CSRF
	h.pages.Render(w, code, "signin", p)
}

func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	sess := h.sessions.Get(r)
	if !webui.ValidCSRF(r, sess) {
		h.forbidden(w, r)
		return
	}
	if _, token := r.PostForm["token"]; !token && h.opts.Accounts != nil {
		h.signInAccount(w, r, sess)
		return
	}
	client := h.client(r)
	if wait := h.signins.wait(client); wait > 0 {
		secs := int(wait.Round(time.Second) / time.Second)
		if secs < 1 {
			secs = 1
		}
		f := webui.NewForm(nil)
		tr := h.tr(r)
		f.Add("token", tr.T("Admin token"), tr.N("was refused too often from this address: wait {{.Count}} second, then try again", "was refused too often from this address: wait {{.Count}} seconds, then try again", secs))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		h.log.Warn("web sign-in refused: too many attempts", "remote", client, "retry_after_s", secs)
		h.renderSignIn(w, r, sess, http.StatusTooManyRequests, f, r.PostFormValue("next"))
		return
	}
	got := strings.TrimSpace(r.PostFormValue("token"))
	if subtle.ConstantTimeCompare([]byte(got), []byte(h.token)) != 1 {
		h.signins.failed(client)
		f := webui.NewForm(nil)
		tr := h.tr(r)
		msg := tr.T("is not this node's admin token (it is in admin.token in the node's data folder)")
		if got == "" {
			msg = tr.T("is required: paste the admin token from admin.token in the node's data folder")
		}
		f.Add("token", tr.T("Admin token"), msg)
		h.log.Warn("web sign-in refused", "remote", client)
		h.renderSignIn(w, r, sess, http.StatusUnauthorized, f, r.PostFormValue("next"))
		return
	}
	// A new session id on sign-in: an id known before is useless after.
	h.sessions.End(w, sess)
	h.sessions.Start(w, r, true)
	http.Redirect(w, r, webui.LocalPath(r.PostFormValue("next")), http.StatusSeeOther)
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	sess := h.sessions.Get(r)
	if !webui.ValidCSRF(r, sess) {
		h.forbidden(w, r)
		return
	}
	h.sessions.End(w, sess)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}
