package node

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// PreviewShared implements hcnet.v1.CityService.
func (s *Service) PreviewShared(ctx context.Context, r *hcnetv1.PreviewSharedRequest) (*hcnetv1.PreviewSharedResponse, error) {
	var vs record.Violations
	kind := record.Kind(r.GetKind())
	if record.Lookup(kind) == nil {
		vs = append(vs, record.Violation{Field: "kind", Description: fmt.Sprintf("%q is not a kind of record (%v)", r.GetKind(), record.Kinds)})
	}
	// Not checked as a ULID: the city's own record has the city's id.
	if r.GetId() == "" {
		vs = append(vs, record.Violation{Field: "id", Description: "is required"})
	}
	if err := errs.InvalidFields("", vs); err != nil {
		return nil, err
	}
	return s.store.PreviewShared(ctx, kind, r.GetId())
}

// ListDeliveries implements hcnet.v1.CityService. A server without a
// link to a hub still lists what waits, saying it has none.
func (s *Service) ListDeliveries(ctx context.Context, _ *hcnetv1.ListDeliveriesRequest) (*hcnetv1.ListDeliveriesResponse, error) {
	ds, err := s.store.deliveries(ctx)
	if err != nil {
		return nil, err
	}
	var st *hcnetv1.GetStatusResponse
	if s.sharing != nil {
		if st, err = s.sharing.Status(ctx); err != nil {
			return nil, err
		}
	}
	out := &hcnetv1.ListDeliveriesResponse{Deliveries: make([]*hcnetv1.Delivery, 0, len(ds))}
	for _, d := range ds {
		state, reason := deliveryState(d, st, s.sharing != nil)
		pd := &hcnetv1.Delivery{
			Kind: string(d.kind), Id: d.id, Title: d.title, Version: d.version, Visibility: d.vis,
			State: state, Withdrawal: d.withdrawal, Reason: reason,
		}
		if d.waiting {
			pd.EnqueueTime = timestamppb.New(d.since)
		}
		out.Deliveries = append(out.Deliveries, pd)
	}
	kindOrder := map[string]int{}
	for i, k := range record.Kinds {
		kindOrder[string(k)] = i
	}
	slices.SortStableFunc(out.Deliveries, func(a, b *hcnetv1.Delivery) int {
		ad, bd := a.GetState() == hcnetv1.DeliveryState_DELIVERY_STATE_DELIVERED, b.GetState() == hcnetv1.DeliveryState_DELIVERY_STATE_DELIVERED
		switch {
		case ad != bd:
			if ad {
				return 1
			}
			return -1
		case !ad:
			return a.GetEnqueueTime().AsTime().Compare(b.GetEnqueueTime().AsTime())
		}
		return cmp.Or(cmp.Compare(kindOrder[a.GetKind()], kindOrder[b.GetKind()]), cmp.Compare(a.GetId(), b.GetId()))
	})
	return out, nil
}
