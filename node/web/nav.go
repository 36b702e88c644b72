package web

import (
	"strings"

	"github.com/hcnet/hcnet/internal/webui"
)

// nav is the main navigation for a session: the city's records, its
// network, and for an admin the accounts and backup, in groups, with
// the section of the page at path marked.
func (h *Handler) nav(sess *webui.Session, path, current string) []webui.NavItem {
	items := []webui.NavItem{
		{Href: "/", Label: "Dashboard"},
		{Href: "/city", Label: "City profile"},
		{Href: "/partners", Label: "Partners", Group: "Records"},
		{Href: "/partnerships", Label: "Partnerships", Group: "Records"},
		{Href: "/plans", Label: "Health plan", Group: "Records"},
		{Href: "/indicators", Label: "Indicators", Group: "Records"},
		{Href: "/practices", Label: "Practices", Group: "Records"},
		{Href: "/successes", Label: "Successes", Group: "Records"},
		{Href: "/spreadsheets", Label: "Spreadsheets", Group: "Records"},
		{Href: "/hub", Label: "Hub", Group: "Network"},
		{Href: "/endorsements", Label: "Endorsements", Group: "Network"},
	}
	admin := sess != nil && sess.SignedIn && role(sess).CanAdmin()
	if admin && h.opts.Accounts != nil {
		items = append(items, webui.NavItem{Href: "/accounts", Label: "Accounts", Group: "Administration"})
	}
	if admin && h.opts.Backup != nil {
		items = append(items, webui.NavItem{Href: "/backup", Label: "Backup", Group: "Administration"})
	}
	return webui.Nav(section(path, current, items), items...)
}

// section is the link a page belongs to: the one its address starts
// with ("/partnerships/…" is under Partnerships), else the one its
// handler named.
func section(path, current string, items []webui.NavItem) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	for _, it := range items {
		if first != "" && it.Href == "/"+first {
			return it.Href
		}
	}
	return current
}
