package node

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/reflection"
)

// Limits every node server sets, so one bad client cannot exhaust it.
const (
	maxMessageBytes = 16 << 20
	callTimeout     = 2 * time.Minute // when the client sets no deadline
)

// NewGRPCServer serves the CityService with token auth, health checking and
// reflection. Handlers' errors pass through errs.Status; a panic in a
// handler is logged and answered as Internal.
func NewGRPCServer(svc *Service, token string, log *slog.Logger) (*grpc.Server, *health.Server) {
	guard := func(ctx context.Context, method string) (context.Context, context.CancelFunc, error) {
		if strings.HasPrefix(method, cityServicePrefix) {
			if err := checkToken(ctx, token); err != nil {
				return ctx, func() {}, errs.Status(ctx, log, method, err)
			}
		}
		if _, ok := ctx.Deadline(); !ok {
			ctx, cancel := context.WithTimeout(ctx, callTimeout)
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
	s := grpc.NewServer(
		grpc.MaxRecvMsgSize(maxMessageBytes),
		grpc.MaxSendMsgSize(maxMessageBytes),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 10 * time.Second, PermitWithoutStream: true}),
		grpc.KeepaliveParams(keepalive.ServerParameters{MaxConnectionIdle: 15 * time.Minute, Time: 2 * time.Minute, Timeout: 20 * time.Second}),
		grpc.ChainUnaryInterceptor(unary),
		grpc.ChainStreamInterceptor(stream),
	)
	hcnetv1.RegisterCityServiceServer(s, svc)
	h := health.NewServer()
	healthpb.RegisterHealthServer(s, h)
	reflection.Register(s)
	return s, h
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
