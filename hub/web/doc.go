// Package web is a hub's web pages for its network: the members and how
// they report, search over shared practices with facets, statistics
// charts, the partner finder, each practice with its provenance and
// adoptions, and the network's annual report (a page that prints to PDF,
// and a CSV).
//
// The pages read through the hub's own HubService, as hcctl does, and
// only its read methods, which need no token: everything here is what the
// members chose to share with the network. Nothing on these pages changes
// anything, so they need no sign-in; membership decisions stay with the
// coordinator's admin token (hcctl hub members).
package web
