// Package bearer sends an admin token with every gRPC call, as
// "authorization: Bearer TOKEN", the form node and hub servers check.
package bearer

import "context"

// Token is per-call credentials carrying an admin token. Node and hub
// listen on loopback by default, so it does not insist on TLS.
type Token string

// GetRequestMetadata implements credentials.PerRPCCredentials.
func (t Token) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(t)}, nil
}

// RequireTransportSecurity implements credentials.PerRPCCredentials.
func (Token) RequireTransportSecurity() bool { return false }
