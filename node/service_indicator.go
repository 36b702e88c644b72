package node

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// CreateIndicator implements hcnet.v1.CityService.
func (s *Service) CreateIndicator(ctx context.Context, r *hcnetv1.CreateIndicatorRequest) (*hcnetv1.CreateIndicatorResponse, error) {
	m, err := create(ctx, s, "indicator", r.GetIndicator())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.CreateIndicatorResponse{Indicator: m}, nil
}

// GetIndicator implements hcnet.v1.CityService.
func (s *Service) GetIndicator(ctx context.Context, r *hcnetv1.GetIndicatorRequest) (*hcnetv1.GetIndicatorResponse, error) {
	m, err := get[*hcnetv1.Indicator](ctx, s, record.KindIndicator, r.GetId())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.GetIndicatorResponse{Indicator: m}, nil
}

// ListIndicators implements hcnet.v1.CityService.
func (s *Service) ListIndicators(ctx context.Context, r *hcnetv1.ListIndicatorsRequest) (*hcnetv1.ListIndicatorsResponse, error) {
	ms, next, total, err := list[*hcnetv1.Indicator](ctx, s, record.KindIndicator, withPlan(query(r), r.GetPlanId()))
	if err != nil {
		return nil, err
	}
	return &hcnetv1.ListIndicatorsResponse{Indicators: ms, NextPageToken: next, TotalSize: total}, nil
}

// UpdateIndicator implements hcnet.v1.CityService.
func (s *Service) UpdateIndicator(ctx context.Context, r *hcnetv1.UpdateIndicatorRequest) (*hcnetv1.UpdateIndicatorResponse, error) {
	m, err := update(ctx, s, "indicator", r.GetIndicator(), r.GetUpdateMask())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.UpdateIndicatorResponse{Indicator: m}, nil
}

// DeleteIndicator implements hcnet.v1.CityService.
func (s *Service) DeleteIndicator(ctx context.Context, r *hcnetv1.DeleteIndicatorRequest) (*hcnetv1.DeleteIndicatorResponse, error) {
	if err := remove(ctx, s, record.KindIndicator, r.GetId(), r.GetVersion()); err != nil {
		return nil, err
	}
	return &hcnetv1.DeleteIndicatorResponse{}, nil
}
