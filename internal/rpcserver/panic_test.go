package rpcserver

import (
	"context"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// panicService is a test service whose unary method and server stream
// both panic, registered by hand with health messages as its types.
var panicService = grpc.ServiceDesc{
	ServiceName: "hcnet.test.PanicService",
	HandlerType: (*any)(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "Unary",
		Handler: func(srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
			in := &healthpb.HealthCheckRequest{}
			if err := dec(in); err != nil {
				return nil, err
			}
			h := func(ctx context.Context, req any) (any, error) { panic("boom in a unary handler") }
			if interceptor == nil {
				return h(ctx, in)
			}
			return interceptor(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: "/hcnet.test.PanicService/Unary"}, h)
		},
	}},
	Streams: []grpc.StreamDesc{{
		StreamName:    "Stream",
		ServerStreams: true,
		Handler:       func(srv any, stream grpc.ServerStream) error { panic("boom in a stream handler") },
	}},
}

// startPanicServer serves the panic service and health on a loopback port.
func startPanicServer(t *testing.T) (*grpc.ClientConn, *syncbuf.Buffer) {
	t.Helper()
	logs := &syncbuf.Buffer{}
	s, h := New(Config{Log: slog.New(slog.NewTextHandler(logs, nil))})
	s.RegisterService(&panicService, struct{}{})
	h.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Serve(lis) }()
	t.Cleanup(s.Stop)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn, logs
}

func TestPanicRecovered(t *testing.T) {
	conn, logs := startPanicServer(t)
	health := healthpb.NewHealthClient(conn)
	tests := []struct {
		title string
		call  func(ctx context.Context) error
		logs  string
	}{
		{title: "unary handler", logs: "boom in a unary handler", call: func(ctx context.Context) error {
			return conn.Invoke(ctx, "/hcnet.test.PanicService/Unary", &healthpb.HealthCheckRequest{}, &healthpb.HealthCheckResponse{})
		}},
		{title: "stream handler", logs: "boom in a stream handler", call: func(ctx context.Context) error {
			st, err := conn.NewStream(ctx, &panicService.Streams[0], "/hcnet.test.PanicService/Stream")
			if err != nil {
				return err
			}
			if err := st.SendMsg(&healthpb.HealthCheckRequest{}); err != nil {
				return err
			}
			if err := st.CloseSend(); err != nil {
				return err
			}
			return st.RecvMsg(&healthpb.HealthCheckResponse{})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.title, func(t *testing.T) {
			for i := range 3 {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				err := tc.call(ctx)
				cancel()
				if status.Code(err) != codes.Internal {
					t.Fatalf("call %d: %v, want Internal", i, err)
				}
				if strings.Contains(status.Convert(err).Message(), "boom") {
					t.Fatalf("the panic's text reached the client: %v", err)
				}
				ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
				res, err := health.Check(ctx, &healthpb.HealthCheckRequest{})
				cancel()
				if err != nil || res.GetStatus() != healthpb.HealthCheckResponse_SERVING {
					t.Fatalf("after panic %d the server answers %v, %v; want SERVING", i, res, err)
				}
			}
			if got := logs.String(); !strings.Contains(got, tc.logs) || !strings.Contains(got, "panic") {
				t.Fatalf("the log lacks the panic %q:\n%s", tc.logs, got)
			}
		})
	}
}
