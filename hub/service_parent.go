package hub

import (
	"context"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// SetParent implements hcnet.v1.HubService (admin).
func (s *Service) SetParent(ctx context.Context, r *hcnetv1.SetParentRequest) (*hcnetv1.SetParentResponse, error) {
	if err := s.parent.SetParent(ctx, r.GetAddr()); err != nil {
		return nil, err
	}
	p, err := s.parent.ParentLink(ctx)
	if err != nil {
		return nil, err
	}
	return &hcnetv1.SetParentResponse{Parent: p}, nil
}

// GetParent implements hcnet.v1.HubService (admin).
func (s *Service) GetParent(ctx context.Context, _ *hcnetv1.GetParentRequest) (*hcnetv1.GetParentResponse, error) {
	p, err := s.parent.ParentLink(ctx)
	if err != nil {
		return nil, err
	}
	return &hcnetv1.GetParentResponse{Parent: p}, nil
}

// LeaveParent implements hcnet.v1.HubService (admin).
func (s *Service) LeaveParent(ctx context.Context, _ *hcnetv1.LeaveParentRequest) (*hcnetv1.LeaveParentResponse, error) {
	addr, err := s.store.Setting(ctx, "upstream_addr")
	if err != nil {
		return nil, err
	}
	if err := s.parent.LeaveParent(ctx); err != nil {
		return nil, err
	}
	return &hcnetv1.LeaveParentResponse{Addr: addr}, nil
}
