package store

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/search"
	"github.com/hcnet/hcnet/internal/errs"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// FuzzSearch runs Store.Search over the search fixture with an arbitrary
// query, filter (bytes decoded as a SearchFilter), page size and page
// token. The answer is results or an Invalid error, never another kind,
// which the service would report as Internal; a next-page token it gives
// must work.
func FuzzSearch(f *testing.F) {
	store := searchFixture(f).store
	filters := []*hcnetv1.SearchFilter{
		nil,
		{SdgGoals: []int32{3, 99, -1}},
		{Countries: []string{"se", "XX"}, Cities: []string{"se/malmo", "nowhere"}},
		{Kinds: []string{"practice", "partner", "no-such-kind"}},
	}
	queries := []string{"", "school meals", "\"unterminated", "NEAR(a b, 3)", "a OR b NOT c", "title:x", "*", "^a", "a AND", "(((",
		"möten", "日本語", strings.Repeat("ab ", 200), "\x00", "-", "\"\"", "a:b:c"}
	for i, q := range queries {
		b, err := proto.Marshal(filters[i%len(filters)])
		if err != nil {
			f.Fatal(err)
		}
		f.Add(q, b, int32(i%3), "")
	}
	f.Add("school", []byte{}, int32(1), "not a token")
	f.Add("school", []byte{}, int32(-1), "")
	f.Add("school", []byte{}, int32(search.MaxPageSize+1), "")
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, query string, filter []byte, pageSize int32, pageToken string) {
		fl := &hcnetv1.SearchFilter{}
		if err := proto.Unmarshal(filter, fl); err != nil {
			return
		}
		req := &hcnetv1.SearchPracticesRequest{Query: query, Filter: fl, PageSize: pageSize, PageToken: pageToken}
		res, err := store.Search(ctx, req)
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("Search(%q): %v (kind %v), want results or Invalid", query, err, errs.KindOf(err))
			}
			return
		}
		if res.GetNextPageToken() != "" {
			next := proto.CloneOf(req)
			next.PageToken = res.GetNextPageToken()
			if _, err := store.Search(ctx, next); err != nil {
				t.Fatalf("Search(%q) next page: %v", query, err)
			}
		}
	})
}
