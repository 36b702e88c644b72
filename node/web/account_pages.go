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
	// RoleForm holds each account's role select, as field "role-NAME",
	// and a refused change's problem next to it.
	RoleForm *webui.Form
}

// accountsPage lists the node's accounts with a form to add one.
func (h *Handler) accountsPage(w http.ResponseWriter, r *http.Request) {
	h.renderAccounts(w, r, http.StatusOK, webui.NewForm(nil), webui.NewForm(nil))
}

func (h *Handler) renderAccounts(w http.ResponseWriter, r *http.Request, code int, f, roleForm *webui.Form) {
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
	// Each select shows the role stored now, also after a refused change.
	for _, a := range list {
		roleForm.Values.Set(roleField(a.Name), string(a.Role))
	}
	h.pages.Render(w, code, "accounts", h.page(r, "accounts", "Accounts", accountsData{Accounts: list, Roles: roles, Form: f, RoleForm: roleForm}))
}

// roleField is the id of an account's role select on the accounts page.
func roleField(name string) string { return "role-" + name }

// setRole gives an account the role chosen in its row. The account's
// sessions go on with the new role from their next page (accounts.Store
// SetRole says why). The last admin's demotion is refused next to its
// select, saying what to do instead.
func (h *Handler) setRole(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	role := accounts.Role(r.PostFormValue("role"))
	me := h.sessions.Get(r).Name
	ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
	defer cancel()
	_, err := h.opts.Accounts.SetRole(ctx, name, role)
	f := webui.NewForm(nil)
	field, label := roleField(name), "Role of "+name
	switch {
	case errors.Is(err, accounts.ErrLastAdmin) && name == me:
		f.Add(field, label, "stays admin: you are the last admin, and someone must manage the accounts. Make another account admin first.")
	case errors.Is(err, accounts.ErrLastAdmin):
		f.Add(field, label, fmt.Sprintf("stays admin: %s is the last admin. Make another account admin first.", name))
	case errors.Is(err, accounts.ErrInvalid):
		f.Add(field, label, "is not a role of this node: choose admin, editor or viewer")
	case errors.Is(err, accounts.ErrNotFound):
		h.sessions.SetFlash(h.sessions.Get(r), fmt.Sprintf("There is no account %s.", name))
		http.Redirect(w, r, "/accounts", http.StatusSeeOther)
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	if f.HasErrors() {
		h.renderAccounts(w, r, http.StatusUnprocessableEntity, webui.NewForm(nil), f)
		return
	}
	h.log.Info("web: account role changed", "account", name, "role", role, "by", me)
	if name == me && !role.CanAdmin() {
		// This browser may no longer see the accounts page.
		h.sessions.SetFlash(h.sessions.Get(r), fmt.Sprintf("Your role is now %s.", role))
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	h.sessions.SetFlash(h.sessions.Get(r), fmt.Sprintf("Account %s is now %s, from their next page on.", name, role))
	http.Redirect(w, r, "/accounts", http.StatusSeeOther)
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
		h.renderAccounts(w, r, http.StatusUnprocessableEntity, f, webui.NewForm(nil))
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
