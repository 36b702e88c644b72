package hub

import (
	"context"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Reconcile implements hcnet.v1.HubService. It needs no admin token: the
// query's signature says who asks.
func (s *Service) Reconcile(ctx context.Context, r *hcnetv1.ReconcileRequest) (*hcnetv1.ReconcileResponse, error) {
	return s.store.Reconcile(ctx, s.members, r)
}
