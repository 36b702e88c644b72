package hub

import (
	"github.com/hcnet/hcnet/internal/rpcserver"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
)

// readMethods are the open read calls the per-client rate limit counts:
// searching and reading what members share, the costly part of a hub's
// work for anyone on the network. A feed (Watch) is counted when it
// starts. Admin calls need the token, and members' joins and comparisons
// are signed, so neither is limited here.
var readMethods = map[string]bool{
	"/" + hcnetv1.HubService_ServiceDesc.ServiceName + "/SearchPractices":    true,
	"/" + hcnetv1.HubService_ServiceDesc.ServiceName + "/GetRecord":          true,
	"/" + hcnetv1.HubService_ServiceDesc.ServiceName + "/GetStats":           true,
	"/" + hcnetv1.HubService_ServiceDesc.ServiceName + "/FindPartners":       true,
	"/" + hcnetv1.HubService_ServiceDesc.ServiceName + "/CompareIndicators":  true,
	"/" + hcnetv1.HubService_ServiceDesc.ServiceName + "/ListIndicatorCodes": true,
	watchMethod: true,
}

func readLimit(c Config) rpcserver.RateLimit {
	return rpcserver.RateLimit{Rate: c.SearchRate, Burst: c.SearchBurst, Methods: func(m string) bool { return readMethods[m] }}
}

// LocalConn connects to the hub's own gRPC service in-process, as the web
// pages do: no network, no TLS and no per-client limit (the pages serve
// many visitors through one connection).
func (h *Hub) LocalConn(opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	return h.local.Dial(opts...)
}
