package web

import (
	"context"
	"slices"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// successView is a success with its partnership, the partner cities it
// names and which of them have endorsed it at this hub.
type successView struct {
	S           *hcnetv1.Success
	Partnership *Link
	Cities      []partnerCity
	Endorsed    int
	// Mutual is set when every partner city named has endorsed it.
	Mutual bool
}

// partnerCity is a partner city of a success; Href is its page here,
// when the hub holds the city's profile.
type partnerCity struct {
	Name, Country, Href string
	Endorsed            bool
}

func buildSuccess(ctx context.Context, l *linker, res *hcnetv1.GetRecordResponse, s *hcnetv1.Success) (any, error) {
	v := &successView{S: s, Mutual: res.GetEndorsements().GetMutual()}
	var err error
	if v.Partnership, err = l.link(ctx, s.GetPartnershipId()); err != nil {
		return nil, err
	}
	by := res.GetEndorsements().GetEndorsedBy()
	for _, c := range s.GetPartnerCities() {
		pc := partnerCity{Name: c.GetName(), Country: c.GetCountry(), Endorsed: slices.Contains(by, c.GetCountry()+"/"+c.GetCityId())}
		name, href, err := l.cityName(ctx, c.GetCountry(), c.GetCityId())
		if err != nil {
			return nil, err
		}
		pc.Href = href
		if pc.Name == "" {
			pc.Name = name
		}
		if pc.Endorsed {
			v.Endorsed++
		}
		v.Cities = append(v.Cities, pc)
	}
	return v, nil
}

// endorsementView is an endorsement with the success it endorses.
type endorsementView struct {
	E       *hcnetv1.Endorsement
	Success *Link
	// SuccessCity is the city whose success it is, and its page here
	// when the hub holds its profile.
	SuccessCity, SuccessCityHref string
}

func buildEndorsement(ctx context.Context, l *linker, _ *hcnetv1.GetRecordResponse, e *hcnetv1.Endorsement) (any, error) {
	v := &endorsementView{E: e}
	if sr := e.GetSuccess(); sr != nil {
		var err error
		if v.Success, err = l.linkTo(ctx, sr.GetCountry(), sr.GetCityId(), sr.GetSuccessId()); err != nil {
			return nil, err
		}
		name, href, err := l.cityName(ctx, sr.GetCountry(), sr.GetCityId())
		if err != nil {
			return nil, err
		}
		v.SuccessCity, v.SuccessCityHref = name, href
	}
	return v, nil
}
