package node_test

import (
	"io"
	"slices"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
)

// TestToken: every CityService call, unary or streaming, needs the node's
// admin token; nothing is written without it.
func TestToken(t *testing.T) {
	n := nodetest.Start(t)
	for _, tc := range []struct {
		title string
		token string
	}{
		{title: "no token", token: ""},
		{title: "wrong token", token: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
		{title: "token with a suffix", token: n.Token + "x"},
		{title: "prefix of the token", token: n.Token[:len(n.Token)-1]},
	} {
		t.Run(tc.title, func(t *testing.T) {
			c := hcnetv1.NewCityServiceClient(n.Conn(t, tc.token))
			ctx := callCtx(t)
			_, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
			wantCode(t, err, codes.Unauthenticated)
			_, err = c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Intruder AB")})
			wantCode(t, err, codes.Unauthenticated)

			stream, err := c.ImportPartners(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// The server may refuse before reading; a failed Send is then
			// reported by CloseAndRecv.
			if err := stream.Send(&hcnetv1.ImportPartnersRequest{Partners: []*hcnetv1.Partner{nodetest.Partner("Intruder AB")}}); err != nil && err != io.EOF {
				t.Fatalf("send: %v", err)
			}
			_, err = stream.CloseAndRecv()
			wantCode(t, err, codes.Unauthenticated)
		})
	}
	if got := countPartners(t, n.Client(t)); got != 0 {
		t.Errorf("%d partners stored by unauthenticated calls", got)
	}
}

// TestHealthWithoutToken: probes need no token, and see the service serving.
func TestHealthWithoutToken(t *testing.T) {
	n := nodetest.Start(t)
	h := healthpb.NewHealthClient(n.Conn(t, ""))
	for _, service := range []string{"", "hcnet.v1.CityService"} {
		r, err := h.Check(callCtx(t), &healthpb.HealthCheckRequest{Service: service})
		if err != nil {
			t.Fatalf("health check %q: %v", service, err)
		}
		if r.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			t.Errorf("health of %q is %v; want SERVING", service, r.GetStatus())
		}
	}
	_, err := h.Check(callCtx(t), &healthpb.HealthCheckRequest{Service: "hcnet.v1.NoSuchService"})
	wantCode(t, err, codes.NotFound)
}

// TestReflection: generic tools (grpcurl) can list the services without a
// token, and describe the CityService.
func TestReflection(t *testing.T) {
	n := nodetest.Start(t)
	rc := reflectionpb.NewServerReflectionClient(n.Conn(t, ""))
	stream, err := rc.ServerReflectionInfo(callCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = stream.CloseSend() })

	if err := stream.Send(&reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{ListServices: "*"},
	}); err != nil {
		t.Fatal(err)
	}
	r, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range r.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	for _, want := range []string{"hcnet.v1.CityService", "grpc.health.v1.Health"} {
		if !slices.Contains(names, want) {
			t.Errorf("reflection lists %v; want %s among them", names, want)
		}
	}

	if err := stream.Send(&reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: "hcnet.v1.CityService"},
	}); err != nil {
		t.Fatal(err)
	}
	r, err = stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.GetFileDescriptorResponse().GetFileDescriptorProto()) == 0 {
		t.Errorf("no file descriptor for hcnet.v1.CityService: %v", r.GetErrorResponse())
	}
}
