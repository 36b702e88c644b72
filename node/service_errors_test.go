package node_test

import (
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A partnership with many bad fields is refused with one BadRequest that
// names every one of them, the missing partner included.
func TestInvalidPartnershipNamesEveryBadField(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	known := createPartner(t, c, nodetest.Partner("Malmö stad, Stadsbyggnadskontoret"))
	p := nodetest.Partnership("", "01JD8Z6Q2V3K5M7N9P1R3T5W7X", known.GetId())
	p.Level = hcnetv1.PartnershipLevel(99)
	p.Sdg = &hcnetv1.SdgTags{Goals: []int32{18}, Targets: []string{"3-4"}}
	p.StartDate, p.EndDate = "2025-06-01", "2024-01-31"

	_, err := c.CreatePartnership(callCtx(t), &hcnetv1.CreatePartnershipRequest{Partnership: p})
	wantBadFields(t, err,
		"partnership.title",
		"partnership.level",
		"partnership.sdg.goals[0]",
		"partnership.sdg.targets[0]",
		"partnership.end_date",
		"partnership.partners[0].partner_id",
	)
	if n := countPartnerships(t, c); n != 0 {
		t.Errorf("%d partnerships stored after a refused create", n)
	}
}

// The same partnership with only its partner missing names that partner:
// existence is checked when the form is right.
func TestCreatePartnershipWithUnknownPartner(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	known := createPartner(t, c, nodetest.Partner("Malmö stad, Stadsbyggnadskontoret"))
	p := nodetest.Partnership("Green school yards", known.GetId(), "01JD8Z6Q2V3K5M7N9P1R3T5W7X")
	_, err := c.CreatePartnership(callCtx(t), &hcnetv1.CreatePartnershipRequest{Partnership: p})
	wantBadFields(t, err, "partnership.partners[1].partner_id")
}

// TestSDGTargetForms: a target is a goal and one of that goal's target
// numbers or letters as the UN lists them; letters run to "d" at most.
func TestSDGTargetForms(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	lead := createPartner(t, c, nodetest.Partner("Malmö stad"))
	for _, tc := range []struct {
		title  string
		target string
		ok     bool
	}{
		{title: "number", target: "3.4", ok: true},
		{title: "two-digit number", target: "17.19", ok: true},
		{title: "letter", target: "11.a", ok: true},
		{title: "last letter any goal has", target: "3.d", ok: true},
		{title: "letter no goal has", target: "3.x", ok: false},
		{title: "goal 18", target: "18.1", ok: false},
		{title: "dash", target: "3-4", ok: false},
		{title: "goal only", target: "3", ok: false},
		{title: "upper case letter", target: "11.A", ok: false},
	} {
		t.Run(tc.title, func(t *testing.T) {
			p := nodetest.Partnership("Targets "+tc.target, lead.GetId())
			p.Sdg = &hcnetv1.SdgTags{Targets: []string{tc.target}}
			_, err := c.CreatePartnership(callCtx(t), &hcnetv1.CreatePartnershipRequest{Partnership: p})
			if tc.ok {
				if err != nil {
					t.Errorf("target %q refused: %v", tc.target, err)
				}
				return
			}
			wantBadFields(t, err, "partnership.sdg.targets[0]")
		})
	}
}

// TestInvalidRequests checks the field paths of smaller bad requests.
func TestInvalidRequests(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	partner := createPartner(t, c, nodetest.Partner("Malmö stad, Gatukontoret"))
	for _, tc := range []struct {
		title  string
		call   func() error
		fields []string
	}{
		{
			title: "create with no record",
			call: func() error {
				_, err := c.CreatePartner(callCtx(t), &hcnetv1.CreatePartnerRequest{})
				return err
			},
			fields: []string{"partner"},
		},
		{
			title: "partner without organisation, kind or sector, bad website and e-mail",
			call: func() error {
				_, err := c.CreatePartner(callCtx(t), &hcnetv1.CreatePartnerRequest{Partner: &hcnetv1.Partner{
					Visibility:   hcnetv1.Visibility_VISIBILITY_PRIVATE,
					Organisation: "  ",
					Website:      "ftp://example.org",
					Contact:      &hcnetv1.Contact{Email: "anna at malmo.se"},
				}})
				return err
			},
			fields: []string{"partner.organisation", "partner.kind", "partner.sector", "partner.website", "partner.contact.email"},
		},
		{
			title: "partner without visibility",
			call: func() error {
				p := nodetest.Partner("Malmö stad, Gatukontoret")
				p.Visibility = hcnetv1.Visibility_VISIBILITY_UNSPECIFIED
				_, err := c.CreatePartner(callCtx(t), &hcnetv1.CreatePartnerRequest{Partner: p})
				return err
			},
			fields: []string{"partner.visibility"},
		},
		{
			title: "get without id",
			call: func() error {
				_, err := c.GetPartner(callCtx(t), &hcnetv1.GetPartnerRequest{})
				return err
			},
			fields: []string{"id"},
		},
		{
			title: "delete without id",
			call: func() error {
				_, err := c.DeletePartnership(callCtx(t), &hcnetv1.DeletePartnershipRequest{})
				return err
			},
			fields: []string{"id"},
		},
		{
			title: "update without id",
			call: func() error {
				_, err := c.UpdatePartner(callCtx(t), &hcnetv1.UpdatePartnerRequest{Partner: &hcnetv1.Partner{Organisation: "x"}})
				return err
			},
			fields: []string{"partner.id"},
		},
		{
			title: "update to an invalid value",
			call: func() error {
				p := clone(partner)
				p.Sector = hcnetv1.Sector(42)
				_, err := c.UpdatePartner(callCtx(t), &hcnetv1.UpdatePartnerRequest{Partner: p, UpdateMask: mask("sector")})
				return err
			},
			fields: []string{"partner.sector"},
		},
		{
			title: "update mask naming no field",
			call: func() error {
				_, err := c.UpdatePartner(callCtx(t), &hcnetv1.UpdatePartnerRequest{Partner: clone(partner), UpdateMask: mask("organisation", "headquarters")})
				return err
			},
			fields: []string{"update_mask"},
		},
		{
			title: "update mask naming a node-owned field",
			call: func() error {
				_, err := c.UpdatePartner(callCtx(t), &hcnetv1.UpdatePartnerRequest{Partner: clone(partner), UpdateMask: mask("version")})
				return err
			},
			fields: []string{"update_mask"},
		},
		{
			title: "plan ending before it starts, adopted without a date, action for an unknown goal",
			call: func() error {
				p := nodetest.HealthPlan("Malmö health plan")
				p.PeriodStartYear, p.PeriodEndYear = 2030, 2024
				p.Adoption.Date = ""
				p.Actions[0].GoalId = "g9"
				_, err := c.CreateHealthPlan(callCtx(t), &hcnetv1.CreateHealthPlanRequest{HealthPlan: p})
				return err
			},
			fields: []string{"health_plan.period_end_year", "health_plan.adoption.date", "health_plan.actions[0].goal_id"},
		},
		{
			title: "practice whose original language has no text",
			call: func() error {
				p := nodetest.Practice("Walking groups")
				p.OriginalLanguage = "de"
				_, err := c.CreatePractice(callCtx(t), &hcnetv1.CreatePracticeRequest{Practice: p})
				return err
			},
			fields: []string{"practice.original_language"},
		},
		{
			title: "success of an unknown partnership naming a city twice",
			call: func() error {
				s := nodetest.Success("Shared success", "01JD8Z6Q2V3K5M7N9P1R3T5W7X")
				s.PartnerCities = append(s.PartnerCities, s.PartnerCities[0])
				_, err := c.CreateSuccess(callCtx(t), &hcnetv1.CreateSuccessRequest{Success: s})
				return err
			},
			fields: []string{"success.partner_cities[1].city_id", "success.partnership_id"},
		},
		{
			title: "success naming a partner where a partnership belongs",
			call: func() error {
				_, err := c.CreateSuccess(callCtx(t), &hcnetv1.CreateSuccessRequest{Success: nodetest.Success("Shared success", partner.GetId())})
				return err
			},
			fields: []string{"success.partnership_id"},
		},
		{
			title: "endorsement of a malformed success reference",
			call: func() error {
				e := nodetest.Endorsement("not-a-ulid")
				e.Success.Country = "DK"
				_, err := c.CreateEndorsement(callCtx(t), &hcnetv1.CreateEndorsementRequest{Endorsement: e})
				return err
			},
			fields: []string{"endorsement.success.country", "endorsement.success.success_id"},
		},
	} {
		t.Run(tc.title, func(t *testing.T) {
			wantBadFields(t, tc.call(), tc.fields...)
		})
	}
}

// TestNotFound: every kind answers NotFound for an id it does not hold,
// including the id of a record of another kind.
func TestNotFound(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	partner := createPartner(t, c, nodetest.Partner("Malmö stad, Kulturförvaltningen"))
	const unknown = "01JD8Z6Q2V3K5M7N9P1R3T5W7X"
	for _, tc := range []struct {
		title string
		call  func() error
	}{
		{"get partner", func() error {
			_, err := c.GetPartner(callCtx(t), &hcnetv1.GetPartnerRequest{Id: unknown})
			return err
		}},
		{"get partnership by a partner's id", func() error {
			_, err := c.GetPartnership(callCtx(t), &hcnetv1.GetPartnershipRequest{Id: partner.GetId()})
			return err
		}},
		{"get health plan", func() error {
			_, err := c.GetHealthPlan(callCtx(t), &hcnetv1.GetHealthPlanRequest{Id: unknown})
			return err
		}},
		{"get indicator", func() error {
			_, err := c.GetIndicator(callCtx(t), &hcnetv1.GetIndicatorRequest{Id: unknown})
			return err
		}},
		{"get practice", func() error {
			_, err := c.GetPractice(callCtx(t), &hcnetv1.GetPracticeRequest{Id: unknown})
			return err
		}},
		{"get success", func() error {
			_, err := c.GetSuccess(callCtx(t), &hcnetv1.GetSuccessRequest{Id: unknown})
			return err
		}},
		{"get endorsement", func() error {
			_, err := c.GetEndorsement(callCtx(t), &hcnetv1.GetEndorsementRequest{Id: unknown})
			return err
		}},
		{"update partner", func() error {
			p := clone(partner)
			p.Id = unknown
			_, err := c.UpdatePartner(callCtx(t), &hcnetv1.UpdatePartnerRequest{Partner: p})
			return err
		}},
		{"delete practice", func() error {
			_, err := c.DeletePractice(callCtx(t), &hcnetv1.DeletePracticeRequest{Id: unknown})
			return err
		}},
		{"delete health plan by a partner's id", func() error {
			_, err := c.DeleteHealthPlan(callCtx(t), &hcnetv1.DeleteHealthPlanRequest{Id: partner.GetId()})
			return err
		}},
		{"record a measurement", func() error {
			_, err := c.RecordMeasurement(callCtx(t), &hcnetv1.RecordMeasurementRequest{
				IndicatorId: unknown, Measurement: &hcnetv1.Measurement{Date: "2025-01-01", Value: 17},
			})
			return err
		}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			wantCode(t, tc.call(), codes.NotFound)
		})
	}
	// The partner that was named by id in the wrong kind is untouched.
	got, err := c.GetPartner(callCtx(t), &hcnetv1.GetPartnerRequest{Id: partner.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "partner", got.GetPartner(), partner)
}

// TestStaleVersion: an update or delete carrying a version the node has
// moved past is Aborted and changes nothing.
func TestStaleVersion(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)
	v1 := createPartner(t, c, nodetest.Partner("Malmö stad, Fritidsförvaltningen"))
	edit := clone(v1)
	edit.Description = "Officer A's edit"
	r, err := c.UpdatePartner(ctx, &hcnetv1.UpdatePartnerRequest{Partner: edit, UpdateMask: mask("description")})
	if err != nil {
		t.Fatal(err)
	}
	v2 := r.GetPartner()

	stale := clone(v1)
	stale.Description = "Officer B's edit, read before A's"
	_, err = c.UpdatePartner(ctx, &hcnetv1.UpdatePartnerRequest{Partner: stale, UpdateMask: mask("description")})
	wantCode(t, err, codes.Aborted)

	_, err = c.DeletePartner(ctx, &hcnetv1.DeletePartnerRequest{Id: v1.GetId(), Version: v1.GetVersion()})
	wantCode(t, err, codes.Aborted)

	_, err = c.DeletePartner(ctx, &hcnetv1.DeletePartnerRequest{Id: v1.GetId(), Version: 99})
	wantCode(t, err, codes.Aborted)

	got, err := c.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: v1.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "partner after refused writes", got.GetPartner(), v2)
}

// TestDeleteReferencedRecord: a record others still name cannot be
// deleted; once they stop naming it, it can.
func TestDeleteReferencedRecord(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)
	lead := createPartner(t, c, nodetest.Partner("Malmö stad, Hälsa- vård- och omsorgsförvaltningen"))
	other := createPartner(t, c, nodetest.Partner("Malmö universitet"))
	ps := createPartnership(t, c, nodetest.Partnership("Walks against loneliness", lead.GetId(), other.GetId()))
	plan := createPlan(t, c, nodetest.HealthPlan("Malmö health plan"))
	ind := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g1", "Lonely residents 75+"))

	_, err := c.DeletePartner(ctx, &hcnetv1.DeletePartnerRequest{Id: lead.GetId()})
	wantCode(t, err, codes.FailedPrecondition)
	if st, _ := status.FromError(err); st.Message() == "" {
		t.Errorf("FailedPrecondition without a message")
	}
	_, err = c.DeleteHealthPlan(ctx, &hcnetv1.DeleteHealthPlanRequest{Id: plan.GetId(), Version: plan.GetVersion()})
	wantCode(t, err, codes.FailedPrecondition)

	if _, err := c.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: lead.GetId()}); err != nil {
		t.Fatalf("partner gone after a refused delete: %v", err)
	}

	// Drop the lead from the partnership: now it can go.
	edit := clone(ps)
	edit.Partners = edit.Partners[1:]
	if _, err := c.UpdatePartnership(ctx, &hcnetv1.UpdatePartnershipRequest{Partnership: edit, UpdateMask: mask("partners")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeletePartner(ctx, &hcnetv1.DeletePartnerRequest{Id: lead.GetId(), Version: lead.GetVersion()}); err != nil {
		t.Errorf("delete partner no longer named: %v", err)
	}
	_, err = c.DeletePartner(ctx, &hcnetv1.DeletePartnerRequest{Id: other.GetId()})
	wantCode(t, err, codes.FailedPrecondition)

	if _, err := c.DeleteIndicator(ctx, &hcnetv1.DeleteIndicatorRequest{Id: ind.GetId()}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteHealthPlan(ctx, &hcnetv1.DeleteHealthPlanRequest{Id: plan.GetId()}); err != nil {
		t.Errorf("delete plan without indicators: %v", err)
	}
}

// TestReferenceNamingThisCity: a practice adopted from this city, or an
// endorsement of this city's success, names a record on this node: one
// that does not exist is refused by its field, and the record it names
// cannot be deleted while it does; another city's records are not
// looked for.
func TestReferenceNamingThisCity(t *testing.T) {
	c := nodetest.Start(t).Client(t) // se/malmo
	ctx := callCtx(t)
	const unknown = "01JD8Z6Q2V3K5M7N9P1R3T5W7X"
	p := nodetest.Practice("Adopted here")
	p.AdoptedFrom = &hcnetv1.PracticeRef{Country: "se", CityId: "malmo", PracticeId: unknown}
	_, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: p})
	wantBadFields(t, err, "practice.adopted_from.practice_id")
	_, err = c.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: nodetest.Endorsement(unknown)})
	if err != nil {
		t.Fatalf("an endorsement of another city's success: %v", err)
	}
	e := nodetest.Endorsement(unknown)
	e.Success.Country, e.Success.CityId = "se", "malmo"
	_, err = c.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: e})
	wantBadFields(t, err, "endorsement.success.success_id")

	orig := createPractice(t, c, nodetest.Practice("Original"))
	p.AdoptedFrom.PracticeId = orig.GetId()
	createPractice(t, c, p)
	_, err = c.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: orig.GetId()})
	wantCode(t, err, codes.FailedPrecondition)
}
