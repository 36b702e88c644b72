// Package bearer sends an admin token with every gRPC call, as
// "authorization: Bearer TOKEN", the form node and hub servers check.
package bearer

import (
	"context"

	"google.golang.org/grpc/credentials"
)

// Token is per-call credentials carrying an admin token over any
// transport. Node and hub listen on loopback by default, where plaintext
// does not leave the machine; use For when the transport may be TLS.
type Token string

// GetRequestMetadata implements credentials.PerRPCCredentials.
func (t Token) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(t)}, nil
}

// RequireTransportSecurity implements credentials.PerRPCCredentials.
func (Token) RequireTransportSecurity() bool { return false }

// TLSToken is a Token that gRPC sends only over a secure transport, so a
// client configured for TLS never leaks it onto a plaintext connection.
type TLSToken string

// GetRequestMetadata implements credentials.PerRPCCredentials.
func (t TLSToken) GetRequestMetadata(ctx context.Context, uri ...string) (map[string]string, error) {
	return Token(t).GetRequestMetadata(ctx, uri...)
}

// RequireTransportSecurity implements credentials.PerRPCCredentials.
func (TLSToken) RequireTransportSecurity() bool { return true }

// For is the credentials for token on a connection that uses TLS or not.
func For(token string, tls bool) credentials.PerRPCCredentials {
	if tls {
		return TLSToken(token)
	}
	return Token(token)
}
