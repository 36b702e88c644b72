package node

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// CreateSuccess implements hcnet.v1.CityService.
func (s *Service) CreateSuccess(ctx context.Context, r *hcnetv1.CreateSuccessRequest) (*hcnetv1.CreateSuccessResponse, error) {
	m, err := create(ctx, s, "success", r.GetSuccess())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.CreateSuccessResponse{Success: m}, nil
}

// GetSuccess implements hcnet.v1.CityService.
func (s *Service) GetSuccess(ctx context.Context, r *hcnetv1.GetSuccessRequest) (*hcnetv1.GetSuccessResponse, error) {
	m, err := get[*hcnetv1.Success](ctx, s, record.KindSuccess, r.GetId())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.GetSuccessResponse{Success: m}, nil
}

// ListSuccesses implements hcnet.v1.CityService.
func (s *Service) ListSuccesses(ctx context.Context, r *hcnetv1.ListSuccessesRequest) (*hcnetv1.ListSuccessesResponse, error) {
	ms, next, total, err := list[*hcnetv1.Success](ctx, s, record.KindSuccess, query(r))
	if err != nil {
		return nil, err
	}
	return &hcnetv1.ListSuccessesResponse{Successes: ms, NextPageToken: next, TotalSize: total}, nil
}

// UpdateSuccess implements hcnet.v1.CityService.
func (s *Service) UpdateSuccess(ctx context.Context, r *hcnetv1.UpdateSuccessRequest) (*hcnetv1.UpdateSuccessResponse, error) {
	m, err := update(ctx, s, "success", r.GetSuccess(), r.GetUpdateMask())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.UpdateSuccessResponse{Success: m}, nil
}

// DeleteSuccess implements hcnet.v1.CityService.
func (s *Service) DeleteSuccess(ctx context.Context, r *hcnetv1.DeleteSuccessRequest) (*hcnetv1.DeleteSuccessResponse, error) {
	if err := remove(ctx, s, record.KindSuccess, r.GetId(), r.GetVersion()); err != nil {
		return nil, err
	}
	return &hcnetv1.DeleteSuccessResponse{}, nil
}
