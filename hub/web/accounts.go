package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/webui"
)

type accountsData struct {
	Accounts []accounts.Account
	Roles    []webui.Option
	Form     *webui.Form
}

// accountsPage lists the hub's accounts with a form to add one.
func (h *Handler) accountsPage(w http.ResponseWriter, r *http.Request) {
	h.renderAccounts(w, r, http.StatusOK, webui.NewForm(nil))
}

func (h *Handler) renderAccounts(w http.ResponseWriter, r *http.Request, code int, f *webui.Form) {
	ctx, cancel := h.call(r)
	defer cancel()
	list, err := h.opts.Accounts.List(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tr := h.tr(r)
	var roles []webui.Option
	for _, ro := range h.opts.Accounts.Roles() {
		roles = append(roles, webui.Option{Value: string(ro), Label: tr.T(string(ro))})
	}
	h.pages.Render(w, code, "accounts", h.page(r, "/accounts", tr.T("Accounts"), accountsData{Accounts: list, Roles: roles, Form: f}))
}

// addAccount adds an account with the password the coordinator typed, for
// the coordinator to hand over.
func (h *Handler) addAccount(w http.ResponseWriter, r *http.Request) {
	f := webui.NewForm(r.PostForm)
	name := strings.TrimSpace(f.Get("name"))
	ctx, cancel := h.call(r)
	defer cancel()
	tr := h.tr(r)
	_, err := h.opts.Accounts.Add(ctx, name, accounts.Role(f.Get("role")), f.Get("password"))
	switch {
	case errors.Is(err, accounts.ErrExists):
		f.Add("name", tr.T("Name"), tr.T("is taken by another account"))
	case errors.Is(err, accounts.ErrInvalid):
		field, label := "password", tr.T("First password")
		if accounts.CheckName(name) != nil {
			field, label = "name", tr.T("Name")
		} else if !strings.Contains(err.Error(), "password") {
			field, label = "role", tr.T("Role")
		}
		f.Add(field, label, webui.AccountRefusal(tr, err))
	case err != nil:
		h.fail(w, r, err)
		return
	}
	if f.HasErrors() {
		f.Values.Del("password")
		h.renderAccounts(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	sess := h.signedIn(r)
	h.log.Info("web: account added", "account", name, "role", f.Get("role"), "by", sess.Name)
	h.sessions.SetFlash(sess, tr.T("Account {{.Name}} added.", "Name", name))
	http.Redirect(w, r, "/accounts", http.StatusSeeOther)
}

// removeAccount removes an account and ends its sessions.
func (h *Handler) removeAccount(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ctx, cancel := h.call(r)
	defer cancel()
	tr := h.tr(r)
	sess := h.signedIn(r)
	err := h.opts.Accounts.Remove(ctx, name)
	msg := tr.T("Account {{.Name}} removed.", "Name", name)
	switch {
	case errors.Is(err, accounts.ErrLastAdmin):
		msg = tr.T("Account {{.Name}} is the last coordinator and stays: add another coordinator first.", "Name", name)
	case errors.Is(err, accounts.ErrNotFound):
		msg = tr.T("There is no account {{.Name}}.", "Name", name)
	case err != nil:
		h.fail(w, r, err)
		return
	default:
		h.log.Info("web: account removed", "account", name, "by", sess.Name)
	}
	h.sessions.SetFlash(sess, msg)
	http.Redirect(w, r, "/accounts", http.StatusSeeOther)
}

// own is reader for the pages of one's own account: a named account of
// any role.
func (h *Handler) own(next func(http.ResponseWriter, *http.Request, *webui.Session)) http.HandlerFunc {
	return h.reader(func(w http.ResponseWriter, r *http.Request) {
		sess := h.signedIn(r)
		if sess.Name == "" {
			tr := h.tr(r)
			h.pages.Render(w, http.StatusForbidden, "problem", h.page(r, "", tr.T("Not allowed"), map[string]string{
				"Message": tr.T("You signed in with the admin token, which has no password to change."),
			}))
			return
		}
		next(w, r, sess)
	})
}

func (h *Handler) passwordPage(w http.ResponseWriter, r *http.Request, _ *webui.Session) {
	h.pages.Render(w, http.StatusOK, "password", h.page(r, "", h.tr(r).T("Change your password"), webui.NewForm(nil)))
}

// changePassword sets the signed-in person's password; every other
// browser of theirs is signed out, this one gets a new session.
func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request, sess *webui.Session) {
	tr := h.tr(r)
	ctx, cancel := h.call(r)
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
