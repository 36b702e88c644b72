package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/webui"
)

// role is what the session may do; the admin token may do everything.
func role(sess *webui.Session) accounts.Role {
	if sess.Name == "" {
		return accounts.Admin
	}
	return accounts.Role(sess.Role)
}

// The refusals a role meets, each a whole sentence: the account's name
// and role go into it, so each language puts them where it needs.
const (
	readOnly    = "Your account {{.Name}} has the role {{.Role}}, which lets you read records but not change them. Nothing was changed. An admin of this node can change your role."
	notAccounts = "Your account {{.Name}} has the role {{.Role}}, which does not manage accounts. Nothing was changed. An admin of this node can change your role."
	notHub      = "Your account {{.Name}} has the role {{.Role}}, which does not manage the city's hub membership. Nothing was changed. An admin of this node can change your role."
	notBackup   = "Your account {{.Name}} has the role {{.Role}}, which does not make backups of the node. Nothing was changed. An admin of this node can change your role."
	noPassword  = "Your account {{.Name}} has the role {{.Role}}, which signs in with the admin token and has no password to change. Nothing was changed. An admin of this node can change your role."
)

// refused tells a signed-in person their role does not allow this, with
// 403: the check is here, on the server, whatever the page showed. why
// is one of the refusals above.
func (h *Handler) refused(w http.ResponseWriter, r *http.Request, sess *webui.Session, why string) {
	h.log.Warn("web: refused by role", "account", sess.Name, "role", sess.Role, "method", r.Method, "path", r.URL.Path)
	tr := h.tr(r)
	p := h.page(r, "", tr.T("Not allowed"), map[string]string{
		"Message": tr.T(why, "Name", sess.Name, "Role", roleWord(tr, sess.Role)),
	})
	h.pages.Render(w, http.StatusForbidden, "problem", p)
}

// roleWord is a role in the reader's language; the admin token's
// session has none.
func roleWord(tr *i18n.Translator, role string) string {
	if role == "" {
		return ""
	}
	return tr.T(role)
}

// signInAccount checks a name and password; the account's and the
// address's failures are counted in the node's database.
func (h *Handler) signInAccount(w http.ResponseWriter, r *http.Request, sess *webui.Session) {
	client := h.client(r)
	name, password := r.PostFormValue("name"), r.PostFormValue("password")
	f := webui.NewForm(nil)
	f.Values.Set("name", name)
	tr := h.tr(r)
	if name == "" || password == "" {
		if name == "" {
			f.Add("name", tr.T("Name"), tr.T("is required: your account's name"))
		}
		if password == "" {
			f.Add("password", tr.T("Password"), tr.T("is required"))
		}
		h.renderSignIn(w, r, sess, http.StatusUnauthorized, f, r.PostFormValue("next"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
	defer cancel()
	got, err := h.opts.Accounts.SignIn(ctx, name, password, clientIP(client))
	var wait *accounts.WaitError
	switch {
	case errors.As(err, &wait):
		secs := max(1, int(wait.Wait.Round(time.Second)/time.Second))
		f.Add("password", tr.T("Password"), tr.N("was refused too often for this account or from this address: wait {{.Count}} second, then try again", "was refused too often for this account or from this address: wait {{.Count}} seconds, then try again", secs))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		h.log.Warn("web sign-in refused: too many attempts", "account", name, "remote", client, "retry_after_s", secs)
		h.renderSignIn(w, r, sess, http.StatusTooManyRequests, f, r.PostFormValue("next"))
		return
	case errors.Is(err, accounts.ErrBadPassword):
		f.Add("password", tr.T("Password"), tr.T("does not match the name: check both and try again"))
		h.log.Warn("web sign-in refused", "account", name, "remote", client)
		h.renderSignIn(w, r, sess, http.StatusUnauthorized, f, r.PostFormValue("next"))
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	h.log.Info("web sign-in", "account", name, "role", got.Account.Role, "remote", client)
	// A new session id on sign-in: an id known before is useless after.
	h.sessions.End(w, sess)
	h.sessions.Adopt(w, r, webui.AccountSession(got))
	http.Redirect(w, r, webui.LocalPath(r.PostFormValue("next")), http.StatusSeeOther)
}
