package web

import (
	"net/http"

	"github.com/hcnet/hcnet/internal/webui"
)

// coordinationRoutes are the pages behind sign-in: signing in and out,
// the coordinators' decisions on members, the feed subscribers, the
// quarantine, and the accounts.
func (h *Handler) coordinationRoutes() {
	m := h.mux
	m.HandleFunc("GET /signin", h.signInPage)
	m.HandleFunc("POST /signin", h.signIn)
	m.HandleFunc("POST /signout", h.signOut)
	m.HandleFunc("POST /members/{country}/{city}/{verb}", h.coordinator(h.decide))
	m.HandleFunc("GET /members/{country}/{city}/revoke", h.coordinator(h.confirmRevoke))
	m.HandleFunc("GET /subscribers", h.coordinator(h.subscribersPage))
	m.HandleFunc("POST /subscribers", h.coordinator(h.addSubscriber))
	m.HandleFunc("POST /subscribers/{name}/revoke", h.coordinator(h.revokeSubscriber))
	m.HandleFunc("GET /quarantine", h.reader(h.quarantine))
	m.HandleFunc("GET /accounts", h.coordinator(h.accountsPage))
	m.HandleFunc("POST /accounts", h.coordinator(h.addAccount))
	m.HandleFunc("POST /accounts/{name}/remove", h.coordinator(h.removeAccount))
	m.HandleFunc("GET /password", h.own(h.passwordPage))
	m.HandleFunc("POST /password", h.own(h.changePassword))
}

// signedInPage adds to a page what the signed-in person sees: who they
// are, the sign-out form's token, the pages of their role and a notice
// left for them; a visitor gets a link to sign in.
func (h *Handler) signedInPage(r *http.Request, p *webui.Page, current string) {
	if h.sessions == nil {
		return
	}
	sess := h.signedIn(r)
	if sess == nil {
		p.SignIn = "/signin"
		return
	}
	p.SignedIn, p.CSRF = true, sess.CSRF
	p.Who, p.Role = sess.Name, sess.Role
	p.CanEdit = role(sess).CanCoordinate()
	p.Nav = append(p.Nav, webui.NavItem{Href: "/quarantine", Label: "Quarantine", Current: current == "/quarantine", Group: "Coordination"})
	if p.CanEdit {
		p.Nav = append(p.Nav,
			webui.NavItem{Href: "/subscribers", Label: "Subscribers", Current: current == "/subscribers", Group: "Coordination"},
			webui.NavItem{Href: "/accounts", Label: "Accounts", Current: current == "/accounts", Group: "Coordination"},
		)
	}
	p.Notice = h.sessions.TakeFlash(sess)
}
