package node

import (
	"strconv"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// assignStepIDs gives goals and actions sent without an id the next free
// "gN" / "aN", so indicators and actions can point at them.
func assignStepIDs(p *hcnetv1.HealthPlan) {
	goals := make(map[string]bool)
	for _, g := range p.GetGoals() {
		goals[g.GetId()] = true
	}
	next := nextID("g", goals)
	for _, g := range p.GetGoals() {
		if g.GetId() == "" {
			g.Id = next()
		}
	}
	actions := make(map[string]bool)
	for _, a := range p.GetActions() {
		actions[a.GetId()] = true
	}
	next = nextID("a", actions)
	for _, a := range p.GetActions() {
		if a.GetId() == "" {
			a.Id = next()
		}
	}
}

func nextID(prefix string, used map[string]bool) func() string {
	n := 0
	return func() string {
		for {
			n++
			id := prefix + strconv.Itoa(n)
			if !used[id] {
				used[id] = true
				return id
			}
		}
	}
}
