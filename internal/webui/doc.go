// Package webui holds what the node's and the hub's web pages share: the
// embedded stylesheet, the page layout, template helpers, sessions with
// CSRF tokens, security headers, and starting an HTTP server next to the
// gRPC one. Pages are rendered on the server with html/template and need
// no JavaScript and nothing from the internet, so they work offline.
package webui
