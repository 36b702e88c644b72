package rpcserver

import (
	"context"
	"crypto/tls"
	"net"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"
)

// Local is an in-process listener: the daemon's own web pages reach its
// gRPC service through it, as a client would, without the network. Its
// connections skip TLS (they never leave the process, and the pages hold
// no client certificate of the network's CA) and the per-client rate
// limit (the pages are one process serving many visitors).
type Local struct{ lis *bufconn.Listener }

// NewLocal makes an in-process listener; serve it with grpc.Server.Serve
// next to the network listener.
func NewLocal() *Local { return &Local{lis: bufconn.Listen(1 << 20)} }

// localConn marks a connection as in-process, for the server's transport
// credentials and the rate limit.
type localConn struct{ net.Conn }

// Accept implements net.Listener.
func (l *Local) Accept() (net.Conn, error) {
	c, err := l.lis.Accept()
	if err != nil {
		return nil, err
	}
	return localConn{c}, nil
}

// Close implements net.Listener.
func (l *Local) Close() error { return l.lis.Close() }

// Addr implements net.Listener.
func (l *Local) Addr() net.Addr { return l.lis.Addr() }

// Dial connects a client to the server serving l.
func (l *Local) Dial(opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	return grpc.NewClient("passthrough:///in-process", append([]grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return l.lis.DialContext(ctx) }),
	}, opts...)...)
}

// localAuth is what the handlers see of an in-process connection.
type localAuth struct{ credentials.CommonAuthInfo }

func (localAuth) AuthType() string { return "in-process" }

// serverCreds wrap the network's transport credentials (TLS, or
// plaintext) and mark in-process connections, which skip them, so the
// rate limit can tell them apart whichever the network uses.
type serverCreds struct {
	credentials.TransportCredentials
}

func newServerCreds(cfg *tls.Config) serverCreds {
	return serverCreds{credentials.NewTLS(cfg)}
}

func (c serverCreds) ServerHandshake(raw net.Conn) (net.Conn, credentials.AuthInfo, error) {
	if _, ok := raw.(localConn); ok {
		return raw, localAuth{credentials.CommonAuthInfo{SecurityLevel: credentials.PrivacyAndIntegrity}}, nil
	}
	return c.TransportCredentials.ServerHandshake(raw)
}

func (c serverCreds) Clone() credentials.TransportCredentials {
	return serverCreds{c.TransportCredentials.Clone()}
}
