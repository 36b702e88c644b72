package sample

import (
	"fmt"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// actions are the steps of the city health plan. They follow what the city
// runs: a programme it runs has actions done or under way, and one it does
// not run appears only when the city is preparing it (a planned action), so
// that the plan and the practices tell one story.
func actions(s CitySpec, ps map[partnershipKey]string) []*hcnetv1.Action {
	d := s.Districts
	var out []*hcnetv1.Action
	const none partnershipKey = -1
	add := func(goal, title, due string, st hcnetv1.ActionStatus, p partnershipKey) {
		act := &hcnetv1.Action{Id: fmt.Sprintf("a%d", len(out)+1), GoalId: goal, Title: title, DueDate: due, Status: st}
		if p != none {
			act.PartnershipId = ps[p]
		}
		out = append(out, act)
	}
	const (
		planned    = hcnetv1.ActionStatus_ACTION_STATUS_PLANNED
		inProgress = hcnetv1.ActionStatus_ACTION_STATUS_IN_PROGRESS
		done       = hcnetv1.ActionStatus_ACTION_STATUS_DONE
		delayed    = hcnetv1.ActionStatus_ACTION_STATUS_DELAYED
		cancelled  = hcnetv1.ActionStatus_ACTION_STATUS_CANCELLED
	)
	add(goalEquity, "Open a health guide office in "+d[0], "2024-06-30", done, healthGuides)
	add(goalEquity, fmt.Sprintf("Health guides in %s, %s and %s", d[1], d[2], d[3]), "2026-12-31", inProgress, healthGuides)
	add(goalActive, "Walking groups in every district", "2025-12-31", inProgress, healthyNeighbourhood)
	// The healthy neighbourhood partnership is every city's; a city that
	// does not run the green courtyards yet plans them.
	if s.runs(greenCourtyards) {
		add(goalActive, "Green courtyards in "+d[0], "2025-09-30", done, healthyNeighbourhood)
		add(goalActive, fmt.Sprintf("Green courtyards in %s and %s", d[1], d[2]), "2026-06-30", delayed, healthyNeighbourhood)
	} else {
		add(goalActive, fmt.Sprintf("Green courtyards in %s and %s", d[0], d[1]), "2027-06-30", planned, healthyNeighbourhood)
	}
	if s.runs(movingSchool) {
		add(goalGoodLife, "Daily movement in all primary schools", "2025-08-15", done, movingSchools)
	}
	if s.runs(youthFirstAid) {
		add(goalGoodLife, "Mental health first aid courses for school and youth centre staff in every district", "2026-12-31", inProgress, mentalHealthFirstAid)
	}
	// Every city's business network is at least preparing the workplace
	// programme; where it runs, it spreads from the pilot district.
	if s.runs(smallWorkplaces) {
		add(goalActive, fmt.Sprintf("Healthy small workplaces: from %s to every district", d[1]), "2027-12-31", inProgress, healthyWorkplaces)
	} else {
		add(goalActive, "Healthy workplace programme for small businesses", "2029-12-31", planned, healthyWorkplaces)
	}
	add(goalEquity, "Mid-term review of the plan with the district health councils", "2027-03-31", planned, healthSurvey)
	add(goalEquity, "Mobile health bus", "2025-06-30", cancelled, none)
	return out
}
