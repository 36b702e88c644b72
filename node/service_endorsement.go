package node

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// CreateEndorsement implements hcnet.v1.CityService.
func (s *Service) CreateEndorsement(ctx context.Context, r *hcnetv1.CreateEndorsementRequest) (*hcnetv1.CreateEndorsementResponse, error) {
	m, err := create(ctx, s, "endorsement", r.GetEndorsement())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.CreateEndorsementResponse{Endorsement: m}, nil
}

// GetEndorsement implements hcnet.v1.CityService.
func (s *Service) GetEndorsement(ctx context.Context, r *hcnetv1.GetEndorsementRequest) (*hcnetv1.GetEndorsementResponse, error) {
	m, err := get[*hcnetv1.Endorsement](ctx, s, record.KindEndorsement, r.GetId())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.GetEndorsementResponse{Endorsement: m}, nil
}

// ListEndorsements implements hcnet.v1.CityService.
func (s *Service) ListEndorsements(ctx context.Context, r *hcnetv1.ListEndorsementsRequest) (*hcnetv1.ListEndorsementsResponse, error) {
	ms, next, total, err := list[*hcnetv1.Endorsement](ctx, s, record.KindEndorsement, query(r))
	if err != nil {
		return nil, err
	}
	return &hcnetv1.ListEndorsementsResponse{Endorsements: ms, NextPageToken: next, TotalSize: total}, nil
}

// UpdateEndorsement implements hcnet.v1.CityService.
func (s *Service) UpdateEndorsement(ctx context.Context, r *hcnetv1.UpdateEndorsementRequest) (*hcnetv1.UpdateEndorsementResponse, error) {
	m, err := update(ctx, s, "endorsement", r.GetEndorsement(), r.GetUpdateMask())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.UpdateEndorsementResponse{Endorsement: m}, nil
}

// DeleteEndorsement implements hcnet.v1.CityService.
func (s *Service) DeleteEndorsement(ctx context.Context, r *hcnetv1.DeleteEndorsementRequest) (*hcnetv1.DeleteEndorsementResponse, error) {
	if err := remove(ctx, s, record.KindEndorsement, r.GetId(), r.GetVersion()); err != nil {
		return nil, err
	}
	return &hcnetv1.DeleteEndorsementResponse{}, nil
}
