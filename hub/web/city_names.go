package web

import (
	"context"
	"slices"
	"strings"

	"github.com/hcnet/hcnet/hub/search"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// cityKey is a city as the hub knows it: country and id.
type cityKey struct{ country, city string }

// cityNames are what the cities a page mentions are called, asked of the
// hub once for the page: ids are for machines, and a coordinator reads
// "Malmö", not "malmo".
type cityNames struct {
	names map[cityKey]string
	// profiled are the cities whose shared profile the hub holds, which
	// have a page of their own here.
	profiled map[cityKey]bool
	// membersUnread: the member list could not be read for this page, so
	// it is not asked for again (nor its failure logged again).
	membersUnread bool
}

// nameCities asks the hub what each city of keys is called, in one batch
// of calls whatever the number of cities: the name in the city's shared
// profile (what the city calls itself), else the name it was approved
// with as a member, else the name its member hub attested for it. A city
// with none of them is called by its id. members are the hub's members
// when the page listed them already; nil asks for them.
//
// A member list that cannot be read costs the page its member and
// attested names, not the page: those cities are called by their ids,
// and the failure is logged once. The profiles come from the hub's
// search, which the page reads itself, so a failing search fails it.
func (h *Handler) nameCities(ctx context.Context, keys []cityKey, members []*hcnetv1.Member) (*cityNames, error) {
	n := &cityNames{names: map[cityKey]string{}, profiled: map[cityKey]bool{}}
	if err := n.add(ctx, h, keys, members); err != nil {
		return nil, err
	}
	return n, nil
}

// add names the cities of keys not named yet.
func (n *cityNames) add(ctx context.Context, h *Handler, keys []cityKey, members []*hcnetv1.Member) error {
	var want []cityKey
	for _, k := range keys {
		if _, ok := n.names[k]; !ok && !slices.Contains(want, k) {
			want = append(want, k)
		}
	}
	if len(want) == 0 {
		return nil
	}
	if err := n.addProfiles(ctx, h, want); err != nil {
		return err
	}
	if members == nil && !n.membersUnread && slices.ContainsFunc(want, func(k cityKey) bool { return n.names[k] == "" }) {
		res, err := h.hub.ListMembers(ctx, &hcnetv1.ListMembersRequest{})
		if err != nil {
			n.membersUnread = true
			h.log.Warn("naming cities: the member list could not be read, so cities without a shared profile are called by their ids", "err", err)
		}
		members = res.GetMembers()
	}
	byKey := map[cityKey]string{}
	for _, m := range members {
		if m.GetName() != "" && !m.GetHub() {
			byKey[cityKey{m.GetCountry(), m.GetCityId()}] = m.GetName()
		}
		for _, v := range m.GetVouches() {
			k := cityKey{m.GetCountry(), v.GetCityId()}
			if _, ok := byKey[k]; !ok && v.GetCityName() != "" {
				byKey[k] = v.GetCityName()
			}
		}
	}
	for _, k := range want {
		if n.names[k] == "" {
			n.names[k] = byKey[k]
		}
	}
	return nil
}

// addProfiles reads the shared profiles of the cities of keys through
// the hub's search, a bounded list of cities per call: a profile is the
// record of kind city whose id is the city's.
func (n *cityNames) addProfiles(ctx context.Context, h *Handler, keys []cityKey) error {
	for chunk := range slices.Chunk(keys, record.MaxList) {
		var countries, cities []string
		for _, k := range chunk {
			if !slices.Contains(countries, k.country) {
				countries = append(countries, k.country)
			}
			if !slices.Contains(cities, k.city) {
				cities = append(cities, k.city)
			}
		}
		req := &hcnetv1.SearchPracticesRequest{PageSize: search.MaxPageSize,
			Filter: &hcnetv1.SearchFilter{Kinds: []string{string(record.KindCity)}, Countries: countries, Cities: cities}}
		// At most one profile per city asked for matches, so that many
		// results bound the pages read even if a hub kept giving tokens.
		pages := len(countries)*len(cities)/int(search.MaxPageSize) + 1
		for page := 0; page < pages; page++ {
			res, err := h.hub.SearchPractices(ctx, req)
			if err != nil {
				return err
			}
			for _, hit := range res.GetHits() {
				k := cityKey{hit.GetCountry(), hit.GetCityId()}
				// The filter matches every country with every id: keep
				// only the cities asked for.
				if hit.GetId() == hit.GetCityId() && slices.Contains(chunk, k) && hit.GetTitle() != "" {
					n.names[k], n.profiled[k] = hit.GetTitle(), true
				}
			}
			if req.PageToken = res.GetNextPageToken(); req.PageToken == "" {
				break
			}
		}
	}
	return nil
}

// of is what city COUNTRY/CITY is called; its id when the hub knows no
// name for it.
func (n *cityNames) of(country, city string) string {
	if name := n.names[cityKey{country, city}]; name != "" {
		return name
	}
	return city
}

// ofID is what the cities with id CITY are called, in whichever country:
// a search facet counts cities by id alone. Cities of different names
// sharing an id are all named; a nil cityNames names none.
func (n *cityNames) ofID(city string) string {
	if n == nil {
		return city
	}
	var names []string
	for k, name := range n.names {
		if k.city == city && name != "" && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return city
	}
	slices.Sort(names)
	return strings.Join(names, " / ")
}
