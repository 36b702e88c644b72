// Package web is a hub's web pages for its network: the members and how
// they report, search over shared practices with facets, statistics
// charts, the partner finder, every shared record in full with its
// provenance (a practice with its adoptions, a plan with its actions'
// progress, an indicator's series charted, a success with its
// endorsements), each city's page with everything it shares, and the
// network's annual report (a page that prints to PDF, and a CSV).
//
// The pages read through the hub's own HubService, as hcctl does. The
// public ones use only its read methods, which need no token: everything
// there is what the members chose to share with the network, and they
// need no sign-in. Coordinators and readers sign in with the hub's
// accounts (internal/accounts): a reader also sees the applications and
// the quarantine; a coordinator approves, rejects and revokes members,
// issues and revokes feed subscribers and manages accounts. Those pages
// call the admin methods with the hub's admin token, server-side, after
// checking the session's role and the form's CSRF token.
package web
