package hub

import (
	"context"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// The read methods need no token: what members share with a hub is meant
// to be read by the network.

// SearchPractices implements hcnet.v1.HubService.
func (s *Service) SearchPractices(ctx context.Context, r *hcnetv1.SearchPracticesRequest) (*hcnetv1.SearchPracticesResponse, error) {
	return s.store.Search(ctx, r)
}

// GetRecord implements hcnet.v1.HubService.
func (s *Service) GetRecord(ctx context.Context, r *hcnetv1.GetRecordRequest) (*hcnetv1.GetRecordResponse, error) {
	return s.store.GetRecord(ctx, r)
}

// GetStats implements hcnet.v1.HubService.
func (s *Service) GetStats(ctx context.Context, r *hcnetv1.GetStatsRequest) (*hcnetv1.GetStatsResponse, error) {
	return s.store.Stats(ctx, r.GetCountry(), r.GetCityId())
}

// FindPartners implements hcnet.v1.HubService.
func (s *Service) FindPartners(ctx context.Context, r *hcnetv1.FindPartnersRequest) (*hcnetv1.FindPartnersResponse, error) {
	return s.store.FindPartners(ctx, r)
}

// CompareIndicators implements hcnet.v1.HubService.
func (s *Service) CompareIndicators(ctx context.Context, r *hcnetv1.CompareIndicatorsRequest) (*hcnetv1.CompareIndicatorsResponse, error) {
	return s.store.CompareIndicators(ctx, r)
}

// ListIndicatorCodes implements hcnet.v1.HubService.
func (s *Service) ListIndicatorCodes(ctx context.Context, r *hcnetv1.ListIndicatorCodesRequest) (*hcnetv1.ListIndicatorCodesResponse, error) {
	return s.store.ListIndicatorCodes(ctx, r)
}

// ListSuccessesNaming implements hcnet.v1.HubService. It needs no admin
// token: the query's signature says which member city asks.
func (s *Service) ListSuccessesNaming(ctx context.Context, r *hcnetv1.ListSuccessesNamingRequest) (*hcnetv1.ListSuccessesNamingResponse, error) {
	return s.store.SuccessesNaming(ctx, s.members, r)
}
