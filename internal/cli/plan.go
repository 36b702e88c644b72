package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

type plan = hcnetv1.HealthPlan

const planFlagsHelp = `
Goals and actions are given one per flag; each flag replaces the whole list:

  --goal ID:TITLE
      A goal of the plan. ID is short and stable ("g1"); indicators and
      actions point at it. ":TITLE" takes the next free id (g1, g2, ...).
      An update keeps the description and SDG tags of goals whose id stays.

  --action "TITLE|GOAL_ID|DUE_DATE|STATUS|PARTNERSHIP_ID"
      A step of the plan. Only TITLE is required; leave parts empty or off
      the end ("Open the meeting place|g1|2025-06-30|planned"). STATUS is one
      of ` + "%s" + ` (default planned). A new action gets the next free
      id (a1, a2, ...), shown by "hcctl plan get"; an update keeps the id
      of an action whose title stays.

  --action-status ACTION_ID=STATUS
      Moves one action along without retyping the list ("a2=done").`

var planKind = &kind[*plan]{
	name: "plan", plural: "plans", field: "health_plan",
	newRecord: func() *plan { return &plan{} },
	columns: []column[*plan]{
		{name: "id", value: (*plan).GetId},
		{name: "title", value: (*plan).GetTitle},
		{name: "status", value: func(p *plan) string { return record.ShortName(p.GetStatus()) }},
		{name: "period", value: periodCell},
		{name: "goals", value: func(p *plan) string { return count(len(p.GetGoals())) }},
		{name: "actions", value: func(p *plan) string { return count(len(p.GetActions())) }},
		{name: "visibility", value: func(p *plan) string { return record.ShortName(p.GetVisibility()) }},
		{name: "description", value: (*plan).GetDescription, detail: true},
		{name: "adoption", value: adoptionCell, detail: true},
		{name: "goal list", value: goalsCell, detail: true},
		{name: "action list", value: actionsCell, detail: true},
		{name: "partnerships", value: func(p *plan) string { return strings.Join(p.GetPartnershipIds(), ", ") }, detail: true},
		{name: "primary health care", value: func(p *plan) string { return phcCell(p.GetPrimaryHealthCare()) }, detail: true},
		{name: "version", value: func(p *plan) string { return versionCell(p.GetVersion()) }, detail: true},
		{name: "updated", value: func(p *plan) string { return timeCell(p.GetUpdateTime()) }, detail: true},
	},
	bind:       bindPlan,
	addLong:    fmt.Sprintf(planFlagsHelp, strings.Join(record.ShortNames(hcnetv1.ActionStatus(0).Descriptor()), ", ")),
	updateLong: fmt.Sprintf(planFlagsHelp, strings.Join(record.ShortNames(hcnetv1.ActionStatus(0).Descriptor()), ", ")),
	addExample: `  hcctl plan add --title "Folkhälsoplan Malmö 2024–2030" --status draft --visibility public \
      --period-start-year 2024 --period-end-year 2030 \
      --goal "g1:Less loneliness among older people" \
      --goal "g2:More children move every day" \
      --action "Open meeting places in every district|g1|2025-06-30|planned" \
      --action "Active school yards|g2||in_progress"`,
	updateExample: `  hcctl plan update $PLAN_ID --status adopted \
      --adoption-body "city council" --adoption-date 2024-11-28
  hcctl plan update $PLAN_ID --action-status a2=done`,
	listExample: `  hcctl plan list --status adopted`,

	get: func(ctx context.Context, c client, id string) (proto.Message, *plan, error) {
		r, err := c.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: id})
		return r, r.GetHealthPlan(), err
	},
	create: func(ctx context.Context, c client, m *plan) (proto.Message, *plan, error) {
		r, err := c.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: m})
		return r, r.GetHealthPlan(), err
	},
	update: func(ctx context.Context, c client, m *plan, mask *fieldmaskpb.FieldMask) (proto.Message, *plan, error) {
		r, err := c.UpdateHealthPlan(ctx, &hcnetv1.UpdateHealthPlanRequest{HealthPlan: m, UpdateMask: mask})
		return r, r.GetHealthPlan(), err
	},
	remove: func(ctx context.Context, c client, id string, version int64) (proto.Message, error) {
		return c.DeleteHealthPlan(ctx, &hcnetv1.DeleteHealthPlanRequest{Id: id, Version: version})
	},
	list: func(ctx context.Context, c client, r *listRequest) (proto.Message, []*plan, string, error) {
		resp, err := c.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{PageSize: r.q.pageSize, PageToken: r.q.pageToken, Filter: r.filter})
		return resp, resp.GetHealthPlans(), resp.GetNextPageToken(), err
	},
}

func bindPlan(f *fields[*plan]) {
	f.str("title", "title", "title of the plan", func(p *plan, v string) { p.Title = v })
	f.str("description", "description", "what the plan is for", func(p *plan, v string) { p.Description = v })
	enumFlag(f, "status", "status", "where the plan is in its life", func(p *plan, v hcnetv1.PlanStatus) { p.Status = v })
	visibilityFlag(f, func(p *plan, v hcnetv1.Visibility) { p.Visibility = v })
	f.int32("period-start-year", "period_start_year", "first year of the plan period", func(p *plan, v int32) { p.PeriodStartYear = v })
	f.int32("period-end-year", "period_end_year", "last year of the plan period", func(p *plan, v int32) { p.PeriodEndYear = v })
	adoption := func(p *plan) *hcnetv1.AdoptionDecision {
		if p.Adoption == nil {
			p.Adoption = &hcnetv1.AdoptionDecision{}
		}
		return p.Adoption
	}
	f.str("adoption-body", "adoption.body", `body that adopted the plan ("city council")`, func(p *plan, v string) { adoption(p).Body = v })
	f.str("adoption-date", "adoption.date", "date of the adoption decision, YYYY-MM-DD", func(p *plan, v string) { adoption(p).Date = v })
	f.str("adoption-reference", "adoption.reference", "minutes or case number of the decision", func(p *plan, v string) { adoption(p).Reference = v })

	goals := f.cmd.Flags().StringArray("goal", nil, "goal as ID:TITLE (repeat for each goal; replaces the list)")
	f.add("goals", func(p *plan) error {
		gs, err := parseGoalSpecs(*goals, p.GetGoals())
		if err != nil {
			return err
		}
		p.Goals = gs
		return nil
	}, "goal")
	actions := f.cmd.Flags().StringArray("action", nil, `action as "TITLE|GOAL_ID|DUE_DATE|STATUS|PARTNERSHIP_ID" (repeat for each action; replaces the list)`)
	f.add("actions", func(p *plan) error {
		as, err := parseActionSpecs(*actions, p.GetActions())
		if err != nil {
			return err
		}
		p.Actions = as
		return nil
	}, "action")
	moves := f.cmd.Flags().StringArray("action-status", nil, "set one action's status, as ACTION_ID=STATUS (repeatable)")
	f.add("actions", func(p *plan) error { return setActionStatuses(p.GetActions(), *moves) }, "action-status")
	f.codes("partnership-id", "partnership_ids", "partnership the plan relies on", func(p *plan, v []string) error {
		p.PartnershipIds = trimAll(v)
		return nil
	})
	phcFlags(f, "primary_health_care", func(p *plan) **hcnetv1.PrimaryHealthCareLink { return &p.PrimaryHealthCare })
}

// parseGoalSpecs reads --goal ID:TITLE values. A goal whose id the plan
// already has keeps its description and SDG tags, which the flag cannot
// carry.
func parseGoalSpecs(specs []string, old []*hcnetv1.Goal) ([]*hcnetv1.Goal, error) {
	byID := map[string]*hcnetv1.Goal{}
	for _, g := range old {
		byID[g.GetId()] = g
	}
	var out []*hcnetv1.Goal
	for _, s := range specs {
		id, title, ok := strings.Cut(s, ":")
		if !ok {
			return nil, fmt.Errorf("%q: want ID:TITLE (\":TITLE\" lets the node pick the id)", s)
		}
		g := &hcnetv1.Goal{Id: strings.TrimSpace(id), Title: strings.TrimSpace(title)}
		if prev, ok := byID[g.Id]; ok && g.Id != "" {
			g.Description, g.Sdg = prev.GetDescription(), prev.GetSdg()
		}
		out = append(out, g)
	}
	for _, g := range out {
		if g.Id == "" {
			g.Id = nextID("g", out, (*hcnetv1.Goal).GetId)
		}
	}
	return out, nil
}

// parseActionSpecs reads --action "TITLE|GOAL_ID|DUE_DATE|STATUS|
// PARTNERSHIP_ID" values. An action whose title the plan already has
// keeps its id, so references to it survive a retyped list.
func parseActionSpecs(specs []string, old []*hcnetv1.Action) ([]*hcnetv1.Action, error) {
	idOf := map[string]string{}
	for _, a := range old {
		idOf[a.GetTitle()] = a.GetId()
	}
	var out []*hcnetv1.Action
	var errs []string
	for _, s := range specs {
		parts := strings.Split(s, "|")
		if len(parts) > 5 {
			errs = append(errs, fmt.Sprintf("%q has %d parts; want TITLE|GOAL_ID|DUE_DATE|STATUS|PARTNERSHIP_ID", s, len(parts)))
			continue
		}
		parts = append(parts, make([]string, 5-len(parts))...)
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		st, err := record.ParseEnum[hcnetv1.ActionStatus](parts[3])
		if parts[3] == "" {
			st = hcnetv1.ActionStatus_ACTION_STATUS_PLANNED
		}
		if err != nil {
			errs = append(errs, fmt.Sprintf("%q: %v", s, err))
			continue
		}
		out = append(out, &hcnetv1.Action{
			Id: idOf[parts[0]], Title: parts[0], GoalId: parts[1], DueDate: parts[2], Status: st, PartnershipId: parts[4],
		})
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	for _, a := range out {
		if a.Id == "" {
			a.Id = nextID("a", out, (*hcnetv1.Action).GetId)
		}
	}
	return out, nil
}

// nextID is the first of prefix+"1", prefix+"2", ... that no item has:
// short ids an officer can type, as --action-status needs.
func nextID[T any](prefix string, items []T, id func(T) string) string {
	used := map[string]bool{}
	for _, it := range items {
		used[id(it)] = true
	}
	for n := 1; ; n++ {
		if c := prefix + strconv.Itoa(n); !used[c] {
			return c
		}
	}
}

// setActionStatuses applies --action-status ID=STATUS values to the
// plan's actions.
func setActionStatuses(actions []*hcnetv1.Action, moves []string) error {
	for _, mv := range moves {
		id, st, ok := strings.Cut(mv, "=")
		if !ok {
			return fmt.Errorf("%q: want ACTION_ID=STATUS", mv)
		}
		status, err := record.ParseEnum[hcnetv1.ActionStatus](st)
		if err != nil {
			return err
		}
		found := false
		for _, a := range actions {
			if a.GetId() == strings.TrimSpace(id) {
				a.Status, found = status, true
			}
		}
		if !found {
			return fmt.Errorf("the plan has no action %q", id)
		}
	}
	return nil
}

func periodCell(p *plan) string {
	if p.GetPeriodStartYear() == 0 && p.GetPeriodEndYear() == 0 {
		return ""
	}
	return strconv.Itoa(int(p.GetPeriodStartYear())) + "–" + strconv.Itoa(int(p.GetPeriodEndYear()))
}

func adoptionCell(p *plan) string {
	a := p.GetAdoption()
	return strings.Join(trimAll([]string{a.GetBody(), a.GetDate(), a.GetReference()}), ", ")
}

func goalsCell(p *plan) string {
	lines := make([]string, len(p.GetGoals()))
	for i, g := range p.GetGoals() {
		lines[i] = g.GetId() + ": " + g.GetTitle()
		if s := sdgCell(g.GetSdg()); s != "" {
			lines[i] += " [SDG " + s + "]"
		}
	}
	return strings.Join(lines, "\n")
}

func actionsCell(p *plan) string {
	lines := make([]string, len(p.GetActions()))
	for i, a := range p.GetActions() {
		lines[i] = strings.Join([]string{a.GetId(), a.GetTitle(), a.GetGoalId(), a.GetDueDate(), record.ShortName(a.GetStatus())}, " | ")
	}
	return strings.Join(lines, "\n")
}

func (a *app) planCommand() *cobra.Command {
	cmd := group("plan", "Record the city health plan: goals and actions",
		"A city health (development) plan has a period, goals, actions done step by\n"+
			"step (milestones) and indicators (see hcctl indicator). It is developed\n"+
			"through partnerships and may link to primary health care.")
	cmd.AddCommand(crudCommands(a, planKind)...)
	return cmd
}
