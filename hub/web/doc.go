// Package web is a hub's web pages for its network: the members and how
// they report, search over shared practices with facets, statistics
// charts, the partner finder, every shared record in full with its
// provenance (a practice with its adoptions, a plan with its actions'
// progress, an indicator's series charted, a success with its
// endorsements), each city's page with everything it shares, and the
// network's annual report (a page that prints to PDF, and a CSV).
//
// The pages read through the hub's own HubService, as hcctl does, and
// only its read methods, which need no token: everything here is what the
// members chose to share with the network. Nothing on these pages changes
// anything, so they need no sign-in; membership decisions stay with the
// coordinator's admin token (hcctl hub members).
package web
