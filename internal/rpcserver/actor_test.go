package rpcserver

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/actor"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// actorService has one method that needs the admin token (Closed) and one
// that does not (Open); both report the actor their context carries.
func actorService(seen chan<- string) *grpc.ServiceDesc {
	method := func(name string) grpc.MethodDesc {
		return grpc.MethodDesc{
			MethodName: name,
			Handler: func(srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
				in := &healthpb.HealthCheckRequest{}
				if err := dec(in); err != nil {
					return nil, err
				}
				h := func(ctx context.Context, req any) (any, error) {
					seen <- actor.From(ctx)
					return &healthpb.HealthCheckResponse{}, nil
				}
				return interceptor(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: "/hcnet.test.ActorService/" + name}, h)
			},
		}
	}
	return &grpc.ServiceDesc{
		ServiceName: "hcnet.test.ActorService",
		HandlerType: (*any)(nil),
		Methods:     []grpc.MethodDesc{method("Open"), method("Closed")},
	}
}

// TestActorOnlyWithToken: the name a caller sends is believed only next
// to the right admin token; a caller without it acts for nobody, whatever
// name it sends.
func TestActorOnlyWithToken(t *testing.T) {
	const token = "0123456789abcdef0123456789abcdef"
	seen := make(chan string, 1)
	s, _ := New(Config{Log: slog.New(slog.DiscardHandler), Token: token, NeedsToken: func(m string) bool { return strings.HasSuffix(m, "/Closed") }})
	s.RegisterService(actorService(seen), struct{}{})
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

	long := strings.Repeat("å", actor.MaxLen)
	for _, tc := range []struct {
		title, method, token string
		name                 []string // the hcnet-actor header, when sent
		want                 string
		refused              bool
	}{
		{title: "token and a name", method: "Closed", token: token, name: []string{"Maria Lind"}, want: "Maria Lind"},
		{title: "token and no name", method: "Closed", token: token, want: actor.Token},
		{title: "token and a blank name", method: "Closed", token: token, name: []string{" \t"}, want: actor.Token},
		{title: "token and control characters", method: "Closed", token: token, name: []string{"eve\x1b[2J"}, want: "eve[2J"},
		{title: "token and a long name", method: "Closed", token: token, name: []string{long}, want: long[:actor.MaxLen]},
		{title: "forged name, wrong token", method: "Closed", token: "nope", name: []string{"Maria Lind"}, refused: true},
		{title: "forged name, no token", method: "Closed", name: []string{"Maria Lind"}, refused: true},
		{title: "forged name on an open method", method: "Open", name: []string{"Maria Lind"}, want: ""},
		{title: "forged name and wrong token on an open method", method: "Open", token: "nope", name: []string{"Maria Lind"}, want: ""},
	} {
		t.Run(tc.title, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if tc.token != "" {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tc.token)
			}
			for _, n := range tc.name {
				ctx = actor.Outgoing(ctx, n)
			}
			err := conn.Invoke(ctx, "/hcnet.test.ActorService/"+tc.method, &healthpb.HealthCheckRequest{}, &healthpb.HealthCheckResponse{})
			if tc.refused {
				if status.Code(err) != codes.Unauthenticated {
					t.Fatalf("call: %v, want Unauthenticated", err)
				}
				select {
				case got := <-seen:
					t.Fatalf("the handler ran for a refused call, acting for %q", got)
				default:
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := <-seen; got != tc.want {
				t.Errorf("actor %q, want %q", got, tc.want)
			}
		})
	}
}
