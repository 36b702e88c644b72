package node_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// The node's own refusals (a reference to a record it does not hold, a
// goal its plan lacks, a page token it did not write) keep their English
// for hcctl and carry a declared message, which a form says in its
// reader's language.
func TestNodeRefusalsCarryTheirMessages(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	known := createPartner(t, c, nodetest.Partner("Malmö stad"))
	const missing = "01JD8Z6Q2V3K5M7N9P1R3T5W7X"
	plan, err := c.CreateHealthPlan(callCtx(t), &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("City health plan")})
	if err != nil {
		t.Fatal(err)
	}
	planID := plan.GetHealthPlan().GetId()
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	_, noPartner := c.CreatePartnership(callCtx(t), &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Walks", known.GetId(), missing)})
	_, noGoal := c.CreateIndicator(callCtx(t), &hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator(planID, "g9", "Older people who feel lonely")})
	_, badToken := c.ListPartnerships(callCtx(t), &hcnetv1.ListPartnershipsRequest{PageToken: "x"})
	_, otherKind := c.CreatePartnership(callCtx(t), &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Walks", known.GetId(), planID)})
	planAsPartner := nodetest.Partner("Region Skåne")
	planAsPartner.Id = planID
	_, idOfOther := importKeyed(t, c, "", []*hcnetv1.Partner{planAsPartner})
	for _, tt := range []struct {
		title       string
		err         error
		field       string
		english, sv string
	}{
		{"a partner the node does not hold", noPartner, "partnership.partners[1].partner_id",
			"no partner with id " + missing + " on this node", "ingen partner med id " + missing + " finns på den här noden"},
		{"a goal the plan lacks", noGoal, "indicator.goal_id",
			`"g9" is not a goal of plan ` + planID, `"g9" är inte ett mål i plan ` + planID},
		{"a page token of no list", badToken, "page_token",
			"is not a page token of this node", "är inte en sidmarkör från den här noden"},
		{"a record of another kind", otherKind, "partnership.partners[1].partner_id",
			planID + " is a plan, not a partner", planID + " är av typen hälsoplan, inte partner"},
		{"an imported row with the id of another kind's record", idOfOther, "partners[0].id",
			planID + " is a plan on this node", planID + " är av typen hälsoplan på den här noden"},
	} {
		t.Run(tt.title, func(t *testing.T) {
			vs, _, ok := webui.Refusals(tt.err)
			if !ok {
				t.Fatalf("not a refusal: %v", tt.err)
			}
			i := slices.IndexFunc(vs, func(v record.Violation) bool { return v.Field == tt.field })
			if i < 0 {
				t.Fatalf("no violation of %s in %v", tt.field, vs)
			}
			v := vs[i]
			if v.Description != tt.english {
				t.Errorf("the API's English %q, want %q", v.Description, tt.english)
			}
			if got := webui.Said(words.In("sv"), v, nil); got != tt.sv {
				t.Errorf("in Swedish %q, want %q", got, tt.sv)
			}
		})
	}
}

var placeholderRe = regexp.MustCompile(`{{\.([A-Za-z]+)}}`)

// Every message declared, the node's own with record's, is translated in
// every language with the same placeholders.
func TestNodeMessagesAreInEveryLanguage(t *testing.T) {
	c, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	holes := func(s string) []string {
		var out []string
		for _, m := range placeholderRe.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		slices.Sort(out)
		return out
	}
	if !slices.ContainsFunc(record.Messages(), func(m record.Msg) bool { return m.ID() == "no partner with id {{.ID}} on this node" }) {
		t.Fatal("the node's messages are not among those declared")
	}
	for _, l := range i18n.Languages[1:] {
		have := c.Messages(l.Code)
		for _, m := range record.Messages() {
			text, ok := have[m.ID()]
			switch {
			case !ok:
				t.Errorf("%s lacks %q", l.Code, m.ID())
			case text == m.ID():
				t.Errorf("%s leaves %q in English", l.Code, m.ID())
			case !slices.Equal(holes(text), holes(m.ID())):
				t.Errorf("%s: %q has placeholders %v, want %v", l.Code, text, holes(text), holes(m.ID()))
			}
		}
	}
}
