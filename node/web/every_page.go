package web

import (
	"context"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// The pages read a kind's whole list: a city holds hundreds of records
// of a kind at most, so they ask for large pages and follow the page
// tokens to the end rather than paging on screen.

// listPageSize is how many records a page of a list asks for; a
// variable so that a test can read lists of several pages cheaply.
var listPageSize int32 = 1000

// paged is a list response: its items and the token of the next page.
type paged interface{ GetNextPageToken() string }

// everyPage asks for page after page, from the first, until one has no
// next token, and gathers the items of each.
func everyPage[R paged, T any](ask func(token string) (R, error), items func(R) []T) ([]T, error) {
	var out []T
	for token := ""; ; {
		res, err := ask(token)
		if err != nil {
			return nil, err
		}
		out = append(out, items(res)...)
		if token = res.GetNextPageToken(); token == "" {
			return out, nil
		}
	}
}

func allPartnerships(ctx context.Context, c hcnetv1.CityServiceClient) ([]*hcnetv1.Partnership, error) {
	return everyPage(func(token string) (*hcnetv1.ListPartnershipsResponse, error) {
		return c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{PageSize: listPageSize, PageToken: token})
	}, (*hcnetv1.ListPartnershipsResponse).GetPartnerships)
}

func allPartners(ctx context.Context, c hcnetv1.CityServiceClient) ([]*hcnetv1.Partner, error) {
	return everyPage(func(token string) (*hcnetv1.ListPartnersResponse, error) {
		return c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: listPageSize, PageToken: token})
	}, (*hcnetv1.ListPartnersResponse).GetPartners)
}

func allPlans(ctx context.Context, c hcnetv1.CityServiceClient) ([]*hcnetv1.HealthPlan, error) {
	return everyPage(func(token string) (*hcnetv1.ListHealthPlansResponse, error) {
		return c.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{PageSize: listPageSize, PageToken: token})
	}, (*hcnetv1.ListHealthPlansResponse).GetHealthPlans)
}

// allIndicators reads every indicator of every plan.
func allIndicators(ctx context.Context, c hcnetv1.CityServiceClient) ([]*hcnetv1.Indicator, error) {
	return everyPage(func(token string) (*hcnetv1.ListIndicatorsResponse, error) {
		return c.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{PageSize: listPageSize, PageToken: token})
	}, (*hcnetv1.ListIndicatorsResponse).GetIndicators)
}

// planIndicators reads every indicator of the plan planID.
func planIndicators(ctx context.Context, c hcnetv1.CityServiceClient, planID string) ([]*hcnetv1.Indicator, error) {
	return everyPage(func(token string) (*hcnetv1.ListIndicatorsResponse, error) {
		return c.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{PlanId: planID, PageSize: listPageSize, PageToken: token})
	}, (*hcnetv1.ListIndicatorsResponse).GetIndicators)
}

func allPractices(ctx context.Context, c hcnetv1.CityServiceClient) ([]*hcnetv1.Practice, error) {
	return everyPage(func(token string) (*hcnetv1.ListPracticesResponse, error) {
		return c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{PageSize: listPageSize, PageToken: token})
	}, (*hcnetv1.ListPracticesResponse).GetPractices)
}

func allSuccesses(ctx context.Context, c hcnetv1.CityServiceClient) ([]*hcnetv1.Success, error) {
	return everyPage(func(token string) (*hcnetv1.ListSuccessesResponse, error) {
		return c.ListSuccesses(ctx, &hcnetv1.ListSuccessesRequest{PageSize: listPageSize, PageToken: token})
	}, (*hcnetv1.ListSuccessesResponse).GetSuccesses)
}

func allEndorsements(ctx context.Context, c hcnetv1.CityServiceClient) ([]*hcnetv1.Endorsement, error) {
	return everyPage(func(token string) (*hcnetv1.ListEndorsementsResponse, error) {
		return c.ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{PageSize: listPageSize, PageToken: token})
	}, (*hcnetv1.ListEndorsementsResponse).GetEndorsements)
}
