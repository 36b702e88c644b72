package web

import (
	"net/url"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func TestReportingLights(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	ago := func(days int) *timestamppb.Timestamp { return timestamppb.New(now.AddDate(0, 0, -days)) }
	approved := hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED
	adopted := &hcnetv1.GetStatsResponse{AdoptedPlans: 1}
	for _, tc := range []struct {
		title string
		m     *hcnetv1.Member
		st    *hcnetv1.GetStatsResponse
		light string
	}{
		{title: "adopted plan and recent share", m: &hcnetv1.Member{Status: approved, DecideTime: ago(800), RecordCount: 9, LastRecordTime: ago(30)}, st: adopted, light: "green"},
		{title: "recent share without adopted plan", m: &hcnetv1.Member{Status: approved, DecideTime: ago(800), RecordCount: 3, LastRecordTime: ago(30)}, st: &hcnetv1.GetStatsResponse{}, light: "amber"},
		{title: "last share 13 months ago", m: &hcnetv1.Member{Status: approved, DecideTime: ago(800), RecordCount: 9, LastRecordTime: ago(400)}, st: adopted, light: "red"},
		{title: "member for two years, never shared", m: &hcnetv1.Member{Status: approved, DecideTime: ago(800)}, st: &hcnetv1.GetStatsResponse{}, light: "red"},
		{title: "new member, nothing yet", m: &hcnetv1.Member{Status: approved, DecideTime: ago(10)}, st: &hcnetv1.GetStatsResponse{}, light: "amber"},
		{title: "pending", m: &hcnetv1.Member{Status: hcnetv1.MemberStatus_MEMBER_STATUS_PENDING}, light: "grey"},
		{title: "revoked", m: &hcnetv1.Member{Status: hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED, LastRecordTime: ago(30)}, light: "grey"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			if got := judge(tc.m, tc.st, now); got.Light != tc.light {
				t.Fatalf("light %s (%s), want %s", got.Light, got.Label, tc.light)
			}
		})
	}
}

func TestToggleFilters(t *testing.T) {
	for _, tc := range []struct{ title, query, param, value, want string }{
		{title: "add", query: "q=walk", param: "sdg", value: "3", want: "/search?q=walk&sdg=3"},
		{title: "remove", query: "q=walk&sdg=3&sdg=11", param: "sdg", value: "3", want: "/search?q=walk&sdg=11"},
		{title: "remove last", query: "sdg=3", param: "sdg", value: "3", want: "/search"},
		{title: "new filter restarts paging", query: "q=walk&page=abc", param: "sector", value: "health", want: "/search?q=walk&sector=health"},
	} {
		q, _ := parseQuery(tc.query)
		if got := toggle(q, tc.param, tc.value); got != tc.want {
			t.Errorf("%s: toggle = %q, want %q", tc.title, got, tc.want)
		}
	}
}

var parseQuery = url.ParseQuery
