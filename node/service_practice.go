package node

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// CreatePractice implements hcnet.v1.CityService.
func (s *Service) CreatePractice(ctx context.Context, r *hcnetv1.CreatePracticeRequest) (*hcnetv1.CreatePracticeResponse, error) {
	m, err := create(ctx, s, "practice", r.GetPractice())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.CreatePracticeResponse{Practice: m}, nil
}

// GetPractice implements hcnet.v1.CityService.
func (s *Service) GetPractice(ctx context.Context, r *hcnetv1.GetPracticeRequest) (*hcnetv1.GetPracticeResponse, error) {
	m, err := get[*hcnetv1.Practice](ctx, s, record.KindPractice, r.GetId())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.GetPracticeResponse{Practice: m}, nil
}

// ListPractices implements hcnet.v1.CityService.
func (s *Service) ListPractices(ctx context.Context, r *hcnetv1.ListPracticesRequest) (*hcnetv1.ListPracticesResponse, error) {
	ms, next, total, err := list[*hcnetv1.Practice](ctx, s, record.KindPractice, query(r))
	if err != nil {
		return nil, err
	}
	return &hcnetv1.ListPracticesResponse{Practices: ms, NextPageToken: next, TotalSize: total}, nil
}

// UpdatePractice implements hcnet.v1.CityService.
func (s *Service) UpdatePractice(ctx context.Context, r *hcnetv1.UpdatePracticeRequest) (*hcnetv1.UpdatePracticeResponse, error) {
	m, err := update(ctx, s, "practice", r.GetPractice(), r.GetUpdateMask())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.UpdatePracticeResponse{Practice: m}, nil
}

// DeletePractice implements hcnet.v1.CityService.
func (s *Service) DeletePractice(ctx context.Context, r *hcnetv1.DeletePracticeRequest) (*hcnetv1.DeletePracticeResponse, error) {
	if err := remove(ctx, s, record.KindPractice, r.GetId(), r.GetVersion()); err != nil {
		return nil, err
	}
	return &hcnetv1.DeletePracticeResponse{}, nil
}
