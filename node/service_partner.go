package node

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// CreatePartner implements hcnet.v1.CityService.
func (s *Service) CreatePartner(ctx context.Context, r *hcnetv1.CreatePartnerRequest) (*hcnetv1.CreatePartnerResponse, error) {
	m, err := create(ctx, s, "partner", r.GetPartner())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.CreatePartnerResponse{Partner: m}, nil
}

// GetPartner implements hcnet.v1.CityService.
func (s *Service) GetPartner(ctx context.Context, r *hcnetv1.GetPartnerRequest) (*hcnetv1.GetPartnerResponse, error) {
	m, err := get[*hcnetv1.Partner](ctx, s, record.KindPartner, r.GetId())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.GetPartnerResponse{Partner: m}, nil
}

// ListPartners implements hcnet.v1.CityService.
func (s *Service) ListPartners(ctx context.Context, r *hcnetv1.ListPartnersRequest) (*hcnetv1.ListPartnersResponse, error) {
	ms, next, total, err := list[*hcnetv1.Partner](ctx, s, record.KindPartner, query(r))
	if err != nil {
		return nil, err
	}
	return &hcnetv1.ListPartnersResponse{Partners: ms, NextPageToken: next, TotalSize: total}, nil
}

// UpdatePartner implements hcnet.v1.CityService.
func (s *Service) UpdatePartner(ctx context.Context, r *hcnetv1.UpdatePartnerRequest) (*hcnetv1.UpdatePartnerResponse, error) {
	m, err := update(ctx, s, "partner", r.GetPartner(), r.GetUpdateMask())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.UpdatePartnerResponse{Partner: m}, nil
}

// DeletePartner implements hcnet.v1.CityService.
func (s *Service) DeletePartner(ctx context.Context, r *hcnetv1.DeletePartnerRequest) (*hcnetv1.DeletePartnerResponse, error) {
	if err := remove(ctx, s, record.KindPartner, r.GetId(), r.GetVersion()); err != nil {
		return nil, err
	}
	return &hcnetv1.DeletePartnerResponse{}, nil
}
