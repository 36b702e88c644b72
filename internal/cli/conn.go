package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/datadir"
	"github.com/hcnet/hcnet/internal/tlsconf"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
)

// defaultNode is where hcnode listens unless told otherwise.
const defaultNode = "127.0.0.1:7400"

// The files hcnode keeps in its data folder that hcctl reads.
const (
	tokenFile = datadir.Token
	addrFile  = datadir.NodeAddr
)

// globals are the flags every command takes.
type globals struct {
	node    string
	dir     string
	token   string
	output  string
	timeout time.Duration
	// TLS towards the node or hub: --tls, --ca, --cert, --key.
	tls             bool
	ca, cert, key   string
	warnedCleartext bool
}

// nodeAddr picks the node to talk to: the flag, then HCNET_NODE, then the
// address the running node wrote into its data folder, then the default.
func (a *app) nodeAddr() string {
	if a.g.node != "" {
		return a.g.node
	}
	if v := a.env.getenv("HCNET_NODE"); v != "" {
		return v
	}
	if dir := a.dataDir(); dir != "" {
		if b, err := os.ReadFile(filepath.Join(dir, addrFile)); err == nil {
			if addr := strings.TrimSpace(string(b)); addr != "" {
				return addr
			}
		}
	}
	return defaultNode
}

// dataDir is --dir, else HCNET_DIR.
func (a *app) dataDir() string {
	if a.g.dir != "" {
		return a.g.dir
	}
	return a.env.getenv("HCNET_DIR")
}

// authToken picks the admin token: the flag, then HCNET_TOKEN, then the
// data folder's admin.token. No token is not an error here: the node says
// Unauthenticated, and that message tells the officer where tokens come
// from.
func (a *app) authToken() (string, error) {
	if a.g.token != "" {
		return a.g.token, nil
	}
	if v := a.env.getenv("HCNET_TOKEN"); v != "" {
		return strings.TrimSpace(v), nil
	}
	dir := a.dataDir()
	if dir == "" {
		return "", nil
	}
	b, err := os.ReadFile(filepath.Join(dir, tokenFile))
	if err != nil {
		return "", fmt.Errorf("reading the admin token: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// client connects on first use. grpc.NewClient does not dial until the
// first call, so an unreachable node shows up as Unavailable on that call.
func (a *app) client() (hcnetv1.CityServiceClient, error) {
	if a.svc != nil {
		return a.svc, nil
	}
	token, err := a.authToken()
	if err != nil {
		return nil, err
	}
	a.addr = a.nodeAddr()
	creds, err := a.transport()
	if err != nil {
		return nil, err
	}
	if token != "" {
		a.warnCleartext(a.addr)
	}
	conn, err := grpc.NewClient(a.addr,
		grpc.WithTransportCredentials(creds),
		grpc.WithUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
			return invoker(withToken(ctx, token), method, req, reply, cc, opts...)
		}),
		grpc.WithStreamInterceptor(func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
			return streamer(withToken(ctx, token), desc, cc, method, opts...)
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("node address %q: %w", a.addr, err)
	}
	a.conn = conn
	a.svc = hcnetv1.NewCityServiceClient(conn)
	return a.svc, nil
}

func withToken(ctx context.Context, token string) context.Context {
	if token == "" {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// call is the context for one RPC: the command's, with the --timeout
// deadline.
func (a *app) call(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, a.g.timeout)
}

func (a *app) close() {
	if a.conn != nil {
		_ = a.conn.Close()
	}
}

// tlsClient is the TLS hcctl uses: --tls, --ca, --cert and --key, else
// HCNET_TLS, HCNET_CA, HCNET_CERT and HCNET_KEY. A CA or a certificate
// implies TLS.
func (a *app) tlsClient() (tlsconf.Client, error) {
	c := tlsconf.Client{TLS: a.g.tls, CA: a.g.ca, Cert: a.g.cert, Key: a.g.key}
	if !c.TLS {
		if v := a.env.getenv("HCNET_TLS"); v != "" {
			on, err := strconv.ParseBool(v)
			if err != nil {
				return c, usagef("HCNET_TLS=%q: want true or false", v)
			}
			c.TLS = on
		}
	}
	for _, f := range []struct {
		v   *string
		env string
	}{{&c.CA, "HCNET_CA"}, {&c.Cert, "HCNET_CERT"}, {&c.Key, "HCNET_KEY"}} {
		if *f.v == "" {
			*f.v = a.env.getenv(f.env)
		}
	}
	return c, nil
}

// transport is the transport credentials of tlsClient: TLS, or plaintext.
func (a *app) transport() (credentials.TransportCredentials, error) {
	c, err := a.tlsClient()
	if err != nil {
		return nil, err
	}
	creds, err := c.Credentials()
	if err != nil {
		return nil, usagef("%v", err)
	}
	return creds, nil
}

// usesTLS says whether calls go over TLS.
func (a *app) usesTLS() bool {
	c, err := a.tlsClient()
	return err == nil && c.Enabled()
}

// warnCleartext warns, once, that an admin token is about to cross the
// network in plaintext.
func (a *app) warnCleartext(addr string) {
	if a.usesTLS() || tlsconf.Loopback(addr) || a.g.warnedCleartext {
		return
	}
	a.g.warnedCleartext = true
	fmt.Fprintf(a.env.Stderr, "warning: sending the admin token to %s without TLS; anyone on the way can read it (use --tls or --ca if the server has TLS)\n", addr)
}

// tlsHint suggests the TLS flags when a server was reached but dropped
// the connection (msg is the gRPC message): a TLS server drops a
// plaintext client, and a mutual-TLS one a client without a certificate,
// with nothing more than a closed connection. A refused connection or an
// unknown name has nothing to do with TLS.
func (a *app) tlsHint(msg string) string {
	c, err := a.tlsClient()
	switch {
	case err != nil, strings.Contains(msg, "connection refused"), strings.Contains(msg, "no such host"):
		return ""
	case !c.Enabled():
		return "; if it uses TLS, pass --ca FILE (or --tls), and --cert and --key for mutual TLS"
	case c.Cert == "":
		return "; if it requires client certificates (mutual TLS), pass --cert and --key"
	}
	return ""
}
