package node

import (
	"context"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// Ready says whether the node can serve: its database answers. A watcher
// calls it periodically and reports the answer through SetServing, so a
// load balancer or orchestrator stops sending calls to a node whose disk
// has gone away.
func (n *Node) Ready(ctx context.Context) error { return n.Store.Ping(ctx) }

// SetServing sets the gRPC health status of the node and its CityService.
// After Shutdown the health server ignores it.
func (n *Node) SetServing(ok bool) {
	st := healthpb.HealthCheckResponse_NOT_SERVING
	if ok {
		st = healthpb.HealthCheckResponse_SERVING
	}
	n.health.SetServingStatus("", st)
	n.health.SetServingStatus(hcnetv1.CityService_ServiceDesc.ServiceName, st)
}
