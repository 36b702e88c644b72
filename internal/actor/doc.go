// Package actor carries who makes a change, from the caller that knows
// (a web page's signed-in account, a client holding the admin token) to
// the store that writes the change's history line: in gRPC metadata on
// the way in, believed by the server only next to a valid admin token,
// and in the context from there on.
package actor
