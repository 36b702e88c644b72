package web

import (
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// How far a plan has come, action by action: done, on time, delayed (by
// its status, or because its due date passed before it was done), or
// cancelled. The plan's page shows each action's and the sum.

// progress counts a plan's actions by where they stand.
type progress struct {
	Total, Done, OnTime, Delayed, Cancelled int
}

// Where an action stands, in words and as the page's status colour.
const (
	stepDone      = "done"
	stepOnTime    = "on time"
	stepDelayed   = "delayed"
	stepCancelled = "cancelled"
)

var stepColour = map[string]string{stepDone: "green", stepOnTime: "amber", stepDelayed: "red", stepCancelled: "grey"}

// standing says where action a stands on day today ("2006-01-02"; ISO
// dates compare as strings).
func standing(a *hcnetv1.Action, today string) string {
	switch a.GetStatus() {
	case hcnetv1.ActionStatus_ACTION_STATUS_DONE:
		return stepDone
	case hcnetv1.ActionStatus_ACTION_STATUS_CANCELLED:
		return stepCancelled
	case hcnetv1.ActionStatus_ACTION_STATUS_DELAYED:
		return stepDelayed
	}
	if d := a.GetDueDate(); d != "" && d < today {
		return stepDelayed
	}
	return stepOnTime
}

// planProgress sums the plan's actions on day today.
func planProgress(p *hcnetv1.HealthPlan, today string) progress {
	var out progress
	for _, a := range p.GetActions() {
		out.Total++
		switch standing(a, today) {
		case stepDone:
			out.Done++
		case stepOnTime:
			out.OnTime++
		case stepDelayed:
			out.Delayed++
		case stepCancelled:
			out.Cancelled++
		}
	}
	return out
}
