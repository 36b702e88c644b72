package web

import (
	"context"
	"errors"
	"fmt"
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

// accountsPage lists the node's accounts with a form to add one.
func (h *Handler) accountsPage(w http.ResponseWriter, r *http.Request) {
	h.renderAccounts(w, r, http.StatusOK, webui.NewForm(nil))
}

func (h *Handler) renderAccounts(w http.ResponseWriter, r *http.Request, code int, f *webui.Form) {
	ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
	defer cancel()
	list, err := h.opts.Accounts.List(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var roles []webui.Option
	for _, ro := range h.opts.Accounts.Roles() {
		roles = append(roles, webui.Option{Value: string(ro), Label: string(ro)})
	}
	h.pages.Render(w, code, "accounts", h.page(r, "accounts", "Accounts", accountsData{Accounts: list, Roles: roles, Form: f}))
}

// addAccount adds an account with the password the admin typed, for the
// admin to hand over.
func (h *Handler) addAccount(w http.ResponseWriter, r *http.Request) {
	f := webui.NewForm(r.PostForm)
	name := strings.TrimSpace(f.Get("name"))
	ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
	defer cancel()
	_, err := h.opts.Accounts.Add(ctx, name, accounts.Role(f.Get("role")), f.Get("password"))
	switch {
	case errors.Is(err, accounts.ErrExists):
		f.Add("name", "Name", "is taken by another account")
	case errors.Is(err, accounts.ErrInvalid):
		field, label := "password", "Password"
		if accounts.CheckName(name) != nil {
			field, label = "name", "Name"
		} else if !strings.Contains(err.Error(), "password") {
			field, label = "role", "Role"
		}
		f.Add(field, label, strings.TrimPrefix(err.Error(), accounts.ErrInvalid.Error()+": "))
	case err != nil:
		h.fail(w, r, err)
		return
	}
	if f.HasErrors() {
		f.Values.Del("password")
		h.renderAccounts(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.log.Info("web: account added", "account", name, "role", f.Get("role"), "by", h.sessions.Get(r).Name)
	h.sessions.SetFlash(h.sessions.Get(r), fmt.Sprintf("Account %s added.", name))
	http.Redirect(w, r, "/accounts", http.StatusSeeOther)
}

// removeAccount removes an account and ends its sessions.
func (h *Handler) removeAccount(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
	defer cancel()
	err := h.opts.Accounts.Remove(ctx, name)
	msg := fmt.Sprintf("Account %s removed.", name)
	switch {
	case errors.Is(err, accounts.ErrLastAdmin):
		msg = fmt.Sprintf("Account %s is the last admin and stays: add another admin first.", name)
	case errors.Is(err, accounts.ErrNotFound):
		msg = fmt.Sprintf("There is no account %s.", name)
	case err != nil:
		h.fail(w, r, err)
		return
	default:
		h.log.Info("web: account removed", "account", name, "by", h.sessions.Get(r).Name)
	}
	h.sessions.SetFlash(h.sessions.Get(r), msg)
	http.Redirect(w, r, "/accounts", http.StatusSeeOther)
}
