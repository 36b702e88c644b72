package web

import (
	"context"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// reportingWindow is how recently a member must have shared to count as
// reporting: a network reports once a year.
const reportingWindow = 365 * 24 * time.Hour

// Reporting is a member's reporting status, the traffic light on the
// members page and in the annual report. For an approved member:
//
//   - Plan adopted: the hub holds a health plan from the city with status
//     adopted.
//   - Shared in the last 12 months: a record from the city arrived at the
//     hub within the last 365 days.
//   - Overdue: nothing arrived in the last 365 days, although the city
//     has been a member for longer than that or has shared before.
//
// The light is green ("Reporting") with both an adopted plan and a recent
// share, red when overdue, and amber otherwise (no adopted plan shared,
// or a new member that has not shared yet). Members that are pending,
// rejected or revoked get no light.
type Reporting struct {
	Member         *hcnetv1.Member
	Stats          *hcnetv1.GetStatsResponse
	Approved       bool
	PlanAdopted    bool
	SharedRecently bool
	Overdue        bool
	Light, Label   string
	// Cities are a member hub's cities, each judged on its own: a
	// national network reports through its cities, not as one.
	Cities []Reporting
	// Vouch is, for one of a member hub's cities, the hub's attestation
	// that lets the city in; Via is that hub.
	Vouch *hcnetv1.Vouch
	Via   *hcnetv1.Member
}

// Forwarded adds up the records a member hub forwarded for its cities.
func (r Reporting) Forwarded() int64 {
	var n int64
	for _, c := range r.Cities {
		n += c.Member.GetRecordCount()
	}
	return n
}

// CitiesReporting counts a member hub's cities whose light is green.
func (r Reporting) CitiesReporting() int {
	n := 0
	for _, c := range r.Cities {
		if c.Light == "green" {
			n++
		}
	}
	return n
}

func judge(m *hcnetv1.Member, st *hcnetv1.GetStatsResponse, now time.Time) Reporting {
	r := Reporting{Member: m, Stats: st, Approved: m.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED}
	if !r.Approved {
		r.Light, r.Label = "grey", "Not a member"
		if m.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_PENDING {
			r.Label = "Awaiting approval"
		}
		return r
	}
	r.PlanAdopted = st.GetAdoptedPlans() > 0
	since := now.Add(-reportingWindow)
	last := m.GetLastRecordTime()
	r.SharedRecently = last != nil && last.AsTime().After(since)
	memberLong := m.GetDecideTime() != nil && m.GetDecideTime().AsTime().Before(since)
	r.Overdue = !r.SharedRecently && (memberLong || m.GetRecordCount() > 0)
	switch {
	case r.Overdue:
		r.Light, r.Label = "red", "Overdue"
	case r.PlanAdopted && r.SharedRecently:
		r.Light, r.Label = "green", "Reporting"
	case !r.SharedRecently:
		r.Light, r.Label = "amber", "New member, nothing shared yet"
	default:
		r.Light, r.Label = "amber", "No adopted plan shared"
	}
	return r
}

// reports judges every member; approved members' statistics come from
// the hub's GetStats for the city.
func (h *Handler) reports(ctx context.Context) ([]Reporting, error) {
	res, err := h.hub.ListMembers(ctx, &hcnetv1.ListMembersRequest{})
	if err != nil {
		return nil, err
	}
	now := h.opts.Now()
	var out []Reporting
	for _, m := range res.GetMembers() {
		var st *hcnetv1.GetStatsResponse
		if m.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
			if st, err = h.hub.GetStats(ctx, &hcnetv1.GetStatsRequest{Country: m.GetCountry(), CityId: m.GetCityId()}); err != nil {
				return nil, err
			}
		}
		rep := judge(m, st, now)
		if m.GetHub() {
			if rep.Cities, err = h.networkCities(ctx, m, now); err != nil {
				return nil, err
			}
			// A network shares nothing of its own: its cities report,
			// and it is never overdue itself.
			if rep.Approved {
				rep.Light, rep.Label, rep.Overdue = "network", "Network: judged per city", false
			}
		}
		out = append(out, rep)
	}
	return out, h.nameUnnamed(ctx, out, res.GetMembers())
}

// nameUnnamed names, all at once, the network cities of reps whose
// attestation gave no name (an older one) by their profile, when the hub
// holds it. The name a city applied with here does not count for it: the
// network's word is what lets the city in.
func (h *Handler) nameUnnamed(ctx context.Context, reps []Reporting, members []*hcnetv1.Member) error {
	var keys []cityKey
	for _, rep := range reps {
		for _, c := range rep.Cities {
			if c.Vouch.GetCityName() == "" {
				keys = append(keys, cityKey{c.Member.GetCountry(), c.Member.GetCityId()})
			}
		}
	}
	if len(keys) == 0 {
		return nil
	}
	names, err := h.nameCities(ctx, keys, members)
	if err != nil {
		return err
	}
	for _, rep := range reps {
		for _, c := range rep.Cities {
			if c.Vouch.GetCityName() == "" && names.profiled[cityKey{c.Member.GetCountry(), c.Member.GetCityId()}] {
				c.Member.Name = names.of(c.Member.GetCountry(), c.Member.GetCityId())
			}
		}
	}
	return nil
}

// networkCities judges each city member hub m vouches for, as if it were
// a member since the attestation, on the records m forwarded for it. A
// city the coordinator decided about is judged by that decision: the
// hub's word does not count for it. A city counts as long as the hub
// does.
func (h *Handler) networkCities(ctx context.Context, m *hcnetv1.Member, now time.Time) ([]Reporting, error) {
	var out []Reporting
	for _, v := range m.GetVouches() {
		status := m.GetStatus()
		if v.GetOverriddenBy() != hcnetv1.MemberStatus_MEMBER_STATUS_UNSPECIFIED {
			status = v.GetOverriddenBy()
		}
		// The city's name is the member hub's signed word; an older
		// attestation named none, and the id stands in.
		name := v.GetCityName()
		if name == "" {
			name = v.GetCityId()
		}
		c := &hcnetv1.Member{CityId: v.GetCityId(), Country: m.GetCountry(), Name: name, Status: status,
			DecideTime: v.GetAttestTime(), RecordCount: v.GetRecordCount(), LastRecordTime: v.GetLastRecordTime()}
		var st *hcnetv1.GetStatsResponse
		// A city with nothing at the hub has no plan there either; asking
		// would cost one call for each of up to hundreds of cities.
		if status == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED && v.GetRecordCount() > 0 {
			var err error
			if st, err = h.hub.GetStats(ctx, &hcnetv1.GetStatsRequest{Country: c.GetCountry(), CityId: c.GetCityId()}); err != nil {
				return nil, err
			}
		}
		rep := judge(c, st, now)
		rep.Vouch, rep.Via = v, m
		out = append(out, rep)
	}
	return out, nil
}
