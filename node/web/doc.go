// Package web is a city node's web pages for its officers: a dashboard of
// the city's partnerships, the health plan's goals with indicator charts,
// the practices with their delivery to the hub, forms to add and edit
// partnerships, measurements and practices, and the pages every kind of
// record shares (a list, a record's page, a delete confirmation, where
// each visibility takes it), used so far by partners; for every record,
// what the network will see of it; and the city's hub membership with
// each shared record's delivery, where an admin joins a hub.
//
// The pages talk to the node through its own CityService, as hcctl does,
// so a form shows exactly the API's validation messages, each next to its
// field, and the pages can do nothing the API would refuse. Signing in
// takes the node's admin token; the session then lives in an HttpOnly,
// SameSite=Strict cookie and every form carries a CSRF token.
package web
