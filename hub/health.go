package hub

import (
	"context"
	"errors"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// Ready says whether the hub can do its work: connected to NATS (else
// nothing is ingested), its database answering (else nothing is served),
// and its storage writable (Storage: else records are refused or wait).
// A watcher calls it periodically and reports the answer through
// SetServing.
func (h *Hub) Ready(ctx context.Context) error {
	if st := h.nc.Status(); st != nats.CONNECTED {
		return errors.New("NATS connection is " + st.String())
	}
	if err := h.Storage().Err(); err != nil {
		return err
	}
	return h.Store.DB().Read.PingContext(ctx)
}

// SetServing sets the gRPC health status of the hub and its HubService.
// After Shutdown the health server ignores it.
func (h *Hub) SetServing(ok bool) {
	st := healthpb.HealthCheckResponse_NOT_SERVING
	if ok {
		st = healthpb.HealthCheckResponse_SERVING
	}
	h.health.SetServingStatus("", st)
	h.health.SetServingStatus(hcnetv1.HubService_ServiceDesc.ServiceName, st)
}
