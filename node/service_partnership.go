package node

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// CreatePartnership implements hcnet.v1.CityService.
func (s *Service) CreatePartnership(ctx context.Context, r *hcnetv1.CreatePartnershipRequest) (*hcnetv1.CreatePartnershipResponse, error) {
	m, err := create(ctx, s, "partnership", r.GetPartnership())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.CreatePartnershipResponse{Partnership: m}, nil
}

// GetPartnership implements hcnet.v1.CityService.
func (s *Service) GetPartnership(ctx context.Context, r *hcnetv1.GetPartnershipRequest) (*hcnetv1.GetPartnershipResponse, error) {
	m, err := get[*hcnetv1.Partnership](ctx, s, record.KindPartnership, r.GetId())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.GetPartnershipResponse{Partnership: m}, nil
}

// ListPartnerships implements hcnet.v1.CityService.
func (s *Service) ListPartnerships(ctx context.Context, r *hcnetv1.ListPartnershipsRequest) (*hcnetv1.ListPartnershipsResponse, error) {
	ms, next, total, err := list[*hcnetv1.Partnership](ctx, s, record.KindPartnership, query(r))
	if err != nil {
		return nil, err
	}
	return &hcnetv1.ListPartnershipsResponse{Partnerships: ms, NextPageToken: next, TotalSize: total}, nil
}

// UpdatePartnership implements hcnet.v1.CityService.
func (s *Service) UpdatePartnership(ctx context.Context, r *hcnetv1.UpdatePartnershipRequest) (*hcnetv1.UpdatePartnershipResponse, error) {
	m, err := update(ctx, s, "partnership", r.GetPartnership(), r.GetUpdateMask())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.UpdatePartnershipResponse{Partnership: m}, nil
}

// DeletePartnership implements hcnet.v1.CityService.
func (s *Service) DeletePartnership(ctx context.Context, r *hcnetv1.DeletePartnershipRequest) (*hcnetv1.DeletePartnershipResponse, error) {
	if err := remove(ctx, s, record.KindPartnership, r.GetId(), r.GetVersion()); err != nil {
		return nil, err
	}
	return &hcnetv1.DeletePartnershipResponse{}, nil
}
