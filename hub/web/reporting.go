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
		out = append(out, judge(m, st, now))
	}
	return out, nil
}
