package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/webui"
	"google.golang.org/grpc/metadata"
)

// role is what the session may do; the admin token may do everything a
// coordinator does.
func role(sess *webui.Session) accounts.Role {
	if sess.Name == "" {
		return accounts.Coordinator
	}
	return accounts.Role(sess.Role)
}

// signedIn returns the request's signed-in session, or nil.
func (h *Handler) signedIn(r *http.Request) *webui.Session {
	if h.sessions == nil {
		return nil
	}
	if sess := h.sessions.Get(r); sess != nil && sess.SignedIn {
		return sess
	}
	return nil
}

// reader lets only signed-in sessions (any role) through, and checks the
// CSRF token of every POST before the handler sees it.
func (h *Handler) reader(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := h.signedIn(r)
		if sess == nil {
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
		next(w, r)
	}
}

// coordinator is reader for what only a coordinator may do: decisions,
// subscribers, accounts. A reader is refused here, on the server,
// whatever the page offered.
func (h *Handler) coordinator(next http.HandlerFunc) http.HandlerFunc {
	return h.reader(func(w http.ResponseWriter, r *http.Request) {
		if sess := h.signedIn(r); sess == nil || !role(sess).CanCoordinate() {
			h.refused(w, r, sess)
			return
		}
		next(w, r)
	})
}

// admin is the context of a call that needs the hub's admin token: the
// pages hold it and use it only for a signed-in person's request.
func (h *Handler) admin(r *http.Request) (context.Context, context.CancelFunc) {
	ctx := metadata.AppendToOutgoingContext(r.Context(), "authorization", "Bearer "+h.opts.Token)
	return context.WithTimeout(ctx, callTimeout)
}

func (h *Handler) forbidden(w http.ResponseWriter, r *http.Request) {
	tr := h.tr(r)
	p := h.page(r, "", tr.T("Form expired"), map[string]string{
		"Message": tr.T("This form has expired or did not come from this page, or you are not signed in. Nothing was changed. Go back, reload the page and try again."),
	})
	h.pages.Render(w, http.StatusForbidden, "problem", p)
}

// refused tells a signed-in person their role does not allow this, with
// 403.
func (h *Handler) refused(w http.ResponseWriter, r *http.Request, sess *webui.Session) {
	h.log.Warn("web: refused by role", "account", sess.Name, "role", sess.Role, "method", r.Method, "path", r.URL.Path)
	tr := h.tr(r)
	p := h.page(r, "", tr.T("Not allowed"), map[string]string{
		"Message": tr.T("Your account {{.Name}} has the role {{.Role}}, which reads but decides nothing. Nothing was changed. A coordinator of this hub can change your role.", "Name", sess.Name, "Role", tr.T(sess.Role)),
	})
	h.pages.Render(w, http.StatusForbidden, "problem", p)
}

type signInData struct {
	Form *webui.Form
	Next string
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
	p := h.page(r, "/signin", h.tr(r).T("Sign in"), signInData{Form: f, Next: webui.LocalPath(next)})
	p.SignedIn, p.CSRF = false, sess.CSRF
	h.pages.Render(w, code, "signin", p)
}

// signIn checks a name and password, or the hub's admin token; failures
// are counted per account and per address in the hub's database.
func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	sess := h.sessions.Get(r)
	if !webui.ValidCSRF(r, sess) {
		h.forbidden(w, r)
		return
	}
	client := h.client(r)
	ip := clientIP(client)
	tr := h.tr(r)
	f := webui.NewForm(nil)
	next := r.PostFormValue("next")
	ctx, cancel := h.call(r)
	defer cancel()
	tooMany := func(field, label string, wait time.Duration) {
		secs := max(1, int(wait.Round(time.Second)/time.Second))
		f.Add(field, label, tr.N("was refused too often for this account or from this address: wait {{.Count}} second, then try again", "was refused too often for this account or from this address: wait {{.Count}} seconds, then try again", secs))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		h.log.Warn("web sign-in refused: too many attempts", "remote", client, "retry_after_s", secs)
		h.renderSignIn(w, r, sess, http.StatusTooManyRequests, f, next)
	}
	if _, token := r.PostForm["token"]; token {
		if wait, err := h.opts.Accounts.AddrWait(ctx, ip, time.Now()); err == nil && wait > 0 {
			tooMany("token", tr.T("Admin token"), wait)
			return
		}
		got := strings.TrimSpace(r.PostFormValue("token"))
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(h.opts.Token)) != 1 {
			h.opts.Accounts.AddrFailed(ctx, ip, time.Now())
			f.Add("token", tr.T("Admin token"), tr.T("is not this hub's admin token (it is in admin.token in the hub's data folder)"))
			h.log.Warn("web sign-in refused", "remote", client)
			h.renderSignIn(w, r, sess, http.StatusUnauthorized, f, next)
			return
		}
		h.log.Info("web sign-in with the admin token", "remote", client)
		// A new session id on sign-in: an id known before is useless after.
		h.sessions.End(w, sess)
		h.sessions.Start(w, r, true)
		http.Redirect(w, r, webui.LocalPath(next), http.StatusSeeOther)
		return
	}
	name, password := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	f.Values.Set("name", name)
	if name == "" || password == "" {
		if name == "" {
			f.Add("name", tr.T("Name"), tr.T("is required: your account's name"))
		}
		if password == "" {
			f.Add("password", tr.T("Password"), tr.T("is required"))
		}
		h.renderSignIn(w, r, sess, http.StatusUnauthorized, f, next)
		return
	}
	got, err := h.opts.Accounts.SignIn(ctx, name, password, ip)
	var wait *accounts.WaitError
	switch {
	case errors.As(err, &wait):
		tooMany("password", tr.T("Password"), wait.Wait)
		return
	case errors.Is(err, accounts.ErrBadPassword):
		f.Add("password", tr.T("Password"), tr.T("does not match the name: check both and try again"))
		h.log.Warn("web sign-in refused", "account", name, "remote", client)
		h.renderSignIn(w, r, sess, http.StatusUnauthorized, f, next)
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	h.log.Info("web sign-in", "account", name, "role", got.Account.Role, "remote", client)
	h.sessions.End(w, sess)
	h.sessions.Adopt(w, r, webui.AccountSession(got))
	http.Redirect(w, r, webui.LocalPath(next), http.StatusSeeOther)
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	sess := h.sessions.Get(r)
	if !webui.ValidCSRF(r, sess) {
		h.forbidden(w, r)
		return
	}
	h.sessions.End(w, sess)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// client is the address a request came from, for the sign-in limit and
// the log.
func (h *Handler) client(r *http.Request) string {
	if h.opts.Origin != nil {
		return h.opts.Origin.ClientAddr(r)
	}
	return r.RemoteAddr
}

// clientIP is the address without its port; the whole string when it has
// none.
func clientIP(remote string) string {
	if host, _, err := net.SplitHostPort(remote); err == nil {
		return host
	}
	return remote
}
