package store

import (
	"context"

	"github.com/hcnet/hcnet/hub/search"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Searcher is what the hub asks of its search (package search): answers
// to SearchPractices, and the windows and snippets the partner finder
// scores and shows.
type Searcher interface {
	// Search answers SearchPractices; bad fields and a query FTS5 cannot
	// parse are Invalid.
	Search(ctx context.Context, req *hcnetv1.SearchPracticesRequest) (*hcnetv1.SearchPracticesResponse, error)
	// Window finds the newest records a query and a filter's conditions
	// (search.FilterConds) select, ranked when there is a query; a query
	// that does not parse is Invalid on the field "query".
	Window(ctx context.Context, query string, conds []string, args []any) (*search.Window, error)
	// FinishHits adds snippets to hits of a window with the given query.
	FinishHits(ctx context.Context, query string, hits []search.Hit) error
}

// Search answers SearchPractices through the store's search.
func (s *Store) Search(ctx context.Context, req *hcnetv1.SearchPracticesRequest) (*hcnetv1.SearchPracticesResponse, error) {
	return s.search.Search(ctx, req)
}
