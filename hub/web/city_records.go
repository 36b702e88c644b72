package web

import (
	"context"

	"github.com/hcnet/hcnet/hub/search"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// maxCityRecords bounds what one page lists of a city's records, newest
// first; a city with more says so and links to the search, which pages
// on.
const maxCityRecords = 1000

// cityRecords lists the records of kinds a city shares with this hub,
// newest first, through the hub's search; more is set when there were
// more than maxCityRecords.
func (h *Handler) cityRecords(ctx context.Context, country, city string, kinds []string) (hits []*hcnetv1.SearchHit, more bool, err error) {
	return h.cityRecordsIn(ctx, "", country, city, kinds)
}

// cityRecordsIn is cityRecords titled in the reader's language lang
// where the city wrote the records in it.
func (h *Handler) cityRecordsIn(ctx context.Context, lang, country, city string, kinds []string) (hits []*hcnetv1.SearchHit, more bool, err error) {
	req := &hcnetv1.SearchPracticesRequest{
		Filter:   &hcnetv1.SearchFilter{Countries: []string{country}, Cities: []string{city}, Kinds: kinds},
		PageSize: search.MaxPageSize,
		Lang:     lang,
	}
	for {
		res, err := h.hub.SearchPractices(ctx, req)
		if err != nil {
			return nil, false, err
		}
		hits = append(hits, res.GetHits()...)
		if res.GetNextPageToken() == "" {
			return hits, false, nil
		}
		if len(hits) >= maxCityRecords {
			return hits[:maxCityRecords], true, nil
		}
		req.PageToken = res.GetNextPageToken()
	}
}
