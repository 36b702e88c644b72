package node

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// CreateHealthPlan implements hcnet.v1.CityService.
func (s *Service) CreateHealthPlan(ctx context.Context, r *hcnetv1.CreateHealthPlanRequest) (*hcnetv1.CreateHealthPlanResponse, error) {
	m, err := create(ctx, s, "health_plan", r.GetHealthPlan())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.CreateHealthPlanResponse{HealthPlan: m}, nil
}

// GetHealthPlan implements hcnet.v1.CityService.
func (s *Service) GetHealthPlan(ctx context.Context, r *hcnetv1.GetHealthPlanRequest) (*hcnetv1.GetHealthPlanResponse, error) {
	m, err := get[*hcnetv1.HealthPlan](ctx, s, record.KindHealthPlan, r.GetId())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.GetHealthPlanResponse{HealthPlan: m}, nil
}

// ListHealthPlans implements hcnet.v1.CityService.
func (s *Service) ListHealthPlans(ctx context.Context, r *hcnetv1.ListHealthPlansRequest) (*hcnetv1.ListHealthPlansResponse, error) {
	ms, next, total, err := list[*hcnetv1.HealthPlan](ctx, s, record.KindHealthPlan, query(r))
	if err != nil {
		return nil, err
	}
	return &hcnetv1.ListHealthPlansResponse{HealthPlans: ms, NextPageToken: next, TotalSize: total}, nil
}

// UpdateHealthPlan implements hcnet.v1.CityService.
func (s *Service) UpdateHealthPlan(ctx context.Context, r *hcnetv1.UpdateHealthPlanRequest) (*hcnetv1.UpdateHealthPlanResponse, error) {
	m, err := update(ctx, s, "health_plan", r.GetHealthPlan(), r.GetUpdateMask())
	if err != nil {
		return nil, err
	}
	return &hcnetv1.UpdateHealthPlanResponse{HealthPlan: m}, nil
}

// DeleteHealthPlan implements hcnet.v1.CityService.
func (s *Service) DeleteHealthPlan(ctx context.Context, r *hcnetv1.DeleteHealthPlanRequest) (*hcnetv1.DeleteHealthPlanResponse, error) {
	if err := remove(ctx, s, record.KindHealthPlan, r.GetId(), r.GetVersion()); err != nil {
		return nil, err
	}
	return &hcnetv1.DeleteHealthPlanResponse{}, nil
}
