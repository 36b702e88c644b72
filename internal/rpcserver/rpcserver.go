// Package rpcserver builds the gRPC servers of nodes and hubs the same
// way: limits on message size, keepalive enforcement, a deadline on every
// call, TLS (mutual with a client CA) when configured, admin-token checks
// for the methods that need them, a per-client rate limit on the methods
// that have one, errs errors turned into statuses in one place, panics
// recovered, health checking and reflection on, and Prometheus metrics of
// every call (grpcmetrics).
package rpcserver

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/actor"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/metrics/grpcmetrics"
	"github.com/hcnet/hcnet/internal/tlsconf"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/reflection"
)

// Limits every server sets, so one bad client cannot exhaust it.
const (
	MaxMessageBytes = 16 << 20
	CallTimeout     = 2 * time.Minute // when the client sets no deadline
)

// Config says who may call what.
type Config struct {
	Log *slog.Logger
	// Token is the admin token; NeedsToken says which full method names
	// ("/hcnet.v1.CityService/GetCity") require it.
	Token      string
	NeedsToken func(method string) bool
	// Unbounded says which streams run as long as their client stays
	// (a feed): they get no default deadline.
	Unbounded func(method string) bool
	// TLS, when set, is the server's TLS configuration (with ClientAuth
	// set for mutual TLS); nil serves plaintext. In-process connections
	// (Local) skip it either way.
	TLS *tls.Config
	// Limit is the per-client rate limit; the zero value is none.
	Limit   RateLimit
	Options []grpc.ServerOption
}

// New builds a server with health (not yet serving) and reflection.
func New(c Config) (*grpc.Server, *health.Server) {
	log := c.Log
	var limit *limiter
	if c.Limit.On() {
		limit = newLimiter(c.Limit)
	}
	guard := func(ctx context.Context, method string) (context.Context, context.CancelFunc, error) {
		if limit != nil {
			if err := limit.check(ctx, method); err != nil {
				return ctx, func() {}, err
			}
		}
		if c.NeedsToken != nil && c.NeedsToken(method) {
			if err := CheckToken(ctx, c.Token); err != nil {
				return ctx, func() {}, errs.Status(ctx, log, method, err)
			}
			// Only the token's holder may say whom a call acts for.
			ctx = actor.With(ctx, actor.Incoming(ctx))
		}
		if _, ok := ctx.Deadline(); !ok && (c.Unbounded == nil || !c.Unbounded(method)) {
			ctx, cancel := context.WithTimeout(ctx, CallTimeout)
			return ctx, cancel, nil
		}
		return ctx, func() {}, nil
	}
	unary := func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
		ctx, cancel, err := guard(ctx, info.FullMethod)
		defer cancel()
		if err != nil {
			return nil, err
		}
		defer recoverPanic(ctx, log, info.FullMethod, &err)
		resp, err = handler(ctx, req)
		return resp, errs.Status(ctx, log, info.FullMethod, err)
	}
	stream := func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
		ctx, cancel, err := guard(ss.Context(), info.FullMethod)
		defer cancel()
		if err != nil {
			return err
		}
		defer recoverPanic(ctx, log, info.FullMethod, &err)
		return errs.Status(ctx, log, info.FullMethod, handler(srv, &ctxStream{ServerStream: ss, ctx: ctx}))
	}
	creds := serverCreds{insecure.NewCredentials()}
	if c.TLS != nil {
		creds = newServerCreds(c.TLS)
	}
	opts := append([]grpc.ServerOption{
		grpc.Creds(creds),
		grpc.MaxRecvMsgSize(MaxMessageBytes),
		grpc.MaxSendMsgSize(MaxMessageBytes),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 10 * time.Second, PermitWithoutStream: true}),
		grpc.KeepaliveParams(keepalive.ServerParameters{MaxConnectionIdle: 15 * time.Minute, Time: 2 * time.Minute, Timeout: 20 * time.Second}),
		// Metrics outermost, so they time and count every call, refused
		// ones included, with the status code errs.Status gave it.
		grpc.ChainUnaryInterceptor(grpcmetrics.Server.UnaryServerInterceptor(), unary),
		grpc.ChainStreamInterceptor(grpcmetrics.Server.StreamServerInterceptor(), stream),
	}, c.Options...)
	s := grpc.NewServer(opts...)
	h := health.NewServer()
	h.SetServingStatus("", healthpb.HealthCheckResponse_NOT_SERVING)
	healthpb.RegisterHealthServer(s, h)
	reflection.Register(s)
	return s, h
}

// ServicePrefix matches the methods of one service.
func ServicePrefix(service string) func(string) bool {
	prefix := "/" + service + "/"
	return func(method string) bool { return strings.HasPrefix(method, prefix) }
}

// CheckToken accepts "authorization: Bearer TOKEN" with the given token.
func CheckToken(ctx context.Context, want string) error {
	md, _ := metadata.FromIncomingContext(ctx)
	vals := md.Get("authorization")
	if len(vals) == 0 {
		return errs.E("", errs.Unauthenticated, "missing admin token: send \"authorization: Bearer TOKEN\" (hcctl: --dir, --token or HCNET_TOKEN)")
	}
	got, ok := strings.CutPrefix(vals[0], "Bearer ")
	if !ok || want == "" || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(want)) != 1 {
		return errs.E("", errs.Unauthenticated, "wrong admin token")
	}
	return nil
}

func recoverPanic(ctx context.Context, log *slog.Logger, method string, err *error) {
	if p := recover(); p != nil {
		*err = errs.Status(ctx, log, method, fmt.Errorf("panic: %v\n%s", p, debug.Stack()))
	}
}

// ctxStream carries the deadline the interceptor added into the handler.
type ctxStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s *ctxStream) Context() context.Context { return s.ctx }

// WarnPlaintext logs a warning when a server without TLS listens beyond
// loopback: admin tokens and every answer then cross the network
// readable by anyone on the way.
func WarnPlaintext(log *slog.Logger, addr string, tlsOn bool) {
	if tlsOn || tlsconf.Loopback(addr) {
		return
	}
	log.Warn("gRPC listens beyond loopback without TLS: admin tokens and data travel in plaintext; give --tls-cert and --tls-key, or put TLS in front", "addr", addr)
}
