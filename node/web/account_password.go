package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/webui"
)

// accountPasswordData is the form an admin sets another account's
// password with.
type accountPasswordData struct {
	Name string
	Form *webui.Form
}

// accountPasswordPage asks for another account's new password, twice.
// An admin's own password changes on /password, which asks for the
// current one first.
func (h *Handler) accountPasswordPage(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if name == h.sessions.Get(r).Name {
		http.Redirect(w, r, "/password", http.StatusSeeOther)
		return
	}
	h.renderAccountPassword(w, r, http.StatusOK, name, webui.NewForm(nil))
}

func (h *Handler) renderAccountPassword(w http.ResponseWriter, r *http.Request, code int, name string, f *webui.Form) {
	ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
	defer cancel()
	list, err := h.opts.Accounts.List(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tr := h.tr(r)
	for _, a := range list {
		if a.Name == name {
			h.pages.Render(w, code, "account-password", h.page(r, "accounts", tr.T("New password for {{.Name}}", "Name", name), accountPasswordData{Name: name, Form: f}))
			return
		}
	}
	h.sessions.SetFlash(h.sessions.Get(r), tr.T("There is no account {{.Name}}.", "Name", name))
	http.Redirect(w, r, "/accounts", http.StatusSeeOther)
}

// setAccountPassword sets another account's password, as hcctl user
// passwd does: all of that account's sessions end, since a password is
// set anew because someone else may know the old one.
func (h *Handler) setAccountPassword(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	me := h.sessions.Get(r).Name
	if name == me {
		http.Redirect(w, r, "/password", http.StatusSeeOther)
		return
	}
	f := webui.NewForm(nil)
	tr := h.tr(r)
	next := r.PostFormValue("new")
	switch {
	case next == "":
		f.Add("new", tr.T("New password"), tr.T("is required"))
	case next != r.PostFormValue("again"):
		f.Add("again", tr.T("New password again"), tr.T("differs from the new password: type the same twice"))
	}
	if !f.HasErrors() {
		ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
		defer cancel()
		err := h.opts.Accounts.SetPassword(ctx, name, next)
		switch {
		case err == nil:
			h.log.Info("web: account password set", "account", name, "by", me)
			h.sessions.SetFlash(h.sessions.Get(r), tr.T("Account {{.Name}} has a new password; it is signed out everywhere. Hand the password to the person, who then changes it.", "Name", name))
			http.Redirect(w, r, "/accounts", http.StatusSeeOther)
			return
		case errors.Is(err, accounts.ErrInvalid):
			f.Add("new", tr.T("New password"), webui.AccountRefusal(tr, err))
		case errors.Is(err, accounts.ErrNotFound):
			h.sessions.SetFlash(h.sessions.Get(r), tr.T("There is no account {{.Name}}.", "Name", name))
			http.Redirect(w, r, "/accounts", http.StatusSeeOther)
			return
		default:
			h.fail(w, r, err)
			return
		}
	}
	h.renderAccountPassword(w, r, http.StatusUnprocessableEntity, name, f)
}
