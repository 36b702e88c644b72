package relay

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// refusingHub is a hub that answers every join with err.
type refusingHub struct {
	hcnetv1.UnimplementedHubServiceServer
	err error
}

func (h *refusingHub) GetHub(context.Context, *hcnetv1.GetHubRequest) (*hcnetv1.GetHubResponse, error) {
	return &hcnetv1.GetHubResponse{Id: "se-net", Name: "Healthy Cities Sweden"}, nil
}

func (h *refusingHub) Join(context.Context, *hcnetv1.JoinRequest) (*hcnetv1.JoinResponse, error) {
	return nil, h.err
}

// serveHub serves hub's gRPC on 127.0.0.1 until the test ends.
func serveHub(tb testing.TB, hub hcnetv1.HubServiceServer) string {
	tb.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := grpc.NewServer()
	hcnetv1.RegisterHubServiceServer(s, hub)
	go s.Serve(lis)
	tb.Cleanup(s.Stop)
	return lis.Addr().String()
}

// TestJoinRefusalKeepsKind: a hub's refusal of a join reaches the node's
// caller as the hub's kind with the hub's words; what the hub gives no
// kind for stays a reason to retry.
func TestJoinRefusalKeepsKind(t *testing.T) {
	tests := []struct {
		title string
		err   error
		kind  Kind
	}{
		{title: "unauthenticated", err: status.Error(codes.Unauthenticated, "se/malmo applied with another key"), kind: errs.Unauthenticated},
		{title: "permission denied", err: status.Error(codes.PermissionDenied, "members of this network are cities of Sweden"), kind: errs.Denied},
		{title: "too many applications", err: status.Error(codes.ResourceExhausted, "too many applications; retry in 1m"), kind: errs.Full},
		{title: "invalid", err: errs.Status(context.Background(), quiet(), "/x", errs.InvalidFields("hub.Join", record.Violations{{Field: "application.time", Description: "too far from the hub's clock"}})),
			kind: errs.Invalid},
		{title: "internal error at the hub", err: status.Error(codes.Internal, "internal error; the hub's log has the details"), kind: errs.Unavailable},
		{title: "no answer in time", err: status.Error(codes.DeadlineExceeded, "the call ran out of time"), kind: errs.Unavailable},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			addr := serveHub(t, &refusingHub{err: tt.err})
			who, _ := applicant(t)
			settings := &fakeSettings{kv: map[string]string{}}
			r := New(newOutbox(), settings, who, quiet())
			link, err := r.Join(context.Background(), addr)
			if err == nil {
				t.Fatalf("join succeeded: %v", link)
			}
			if k := errs.KindOf(err); k != tt.kind {
				t.Fatalf("kind %v, want %v: %v", k, tt.kind, err)
			}
			said := status.Convert(tt.err).Message()
			if !strings.Contains(err.Error(), "hub se-net refused the join request: ") || !strings.Contains(errs.Message(err), said) {
				t.Fatalf("error %q lacks the hub's words %q", err, said)
			}
			if tt.kind == errs.Invalid && len(errs.ViolationsOf(err)) != 1 {
				t.Fatalf("the hub's field violations were lost: %v", errs.ViolationsOf(err))
			}
			// The node tells its own caller what the hub said, with its code.
			back := status.Convert(errs.Status(context.Background(), quiet(), "/hcnet.v1.CityService/JoinHub", err))
			if want := status.Code(tt.err); tt.kind != errs.Unavailable && back.Code() != want {
				t.Fatalf("the node answers %v, want the hub's %v", back.Code(), want)
			}
			if l, _ := r.Link(context.Background()); l != nil {
				t.Fatalf("a refused join was remembered: %v", l)
			}
		})
	}
}

// Kind is errs.Kind, short for the table above.
type Kind = errs.Kind
