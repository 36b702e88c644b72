package web

import (
	"errors"
	"slices"
	"testing"
)

// page is a list response as the fake list below gives it.
type page struct {
	items []string
	next  string
}

func (p page) GetNextPageToken() string { return p.next }

func TestEveryPageFollowsTokensToTheEnd(t *testing.T) {
	pages := map[string]page{
		"":   {items: []string{"a", "b"}, next: "p2"},
		"p2": {items: nil, next: "p3"},
		"p3": {items: []string{"c"}},
	}
	var asked []string
	got, err := everyPage(func(token string) (page, error) {
		asked = append(asked, token)
		return pages[token], nil
	}, func(p page) []string { return p.items })
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("items = %q, want %q", got, want)
	}
	if want := []string{"", "p2", "p3"}; !slices.Equal(asked, want) {
		t.Errorf("tokens asked = %q, want %q", asked, want)
	}
}

func TestEveryPageStopsAtAnError(t *testing.T) {
	refused := errors.New("refused")
	calls := 0
	got, err := everyPage(func(token string) (page, error) {
		calls++
		if token == "p2" {
			return page{}, refused
		}
		return page{items: []string{"a"}, next: "p2"}, nil
	}, func(p page) []string { return p.items })
	if !errors.Is(err, refused) || got != nil {
		t.Errorf("got %q, %v; want nothing and the error", got, err)
	}
	if calls != 2 {
		t.Errorf("asked %d pages, want 2", calls)
	}
}
