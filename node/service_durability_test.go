package node_test

import (
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
)

// TestRestartKeepsEverything: records written before a clean stop are all
// there, at the same versions, when the node starts again on its folder;
// a deleted record stays deleted and the city keeps its changes.
func TestRestartKeepsEverything(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	ctx := callCtx(t)

	ps, plan := seedPlan(t, c)
	partner, err := c.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: ps.GetPartners()[0].GetPartnerId()})
	if err != nil {
		t.Fatal(err)
	}
	ind := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g1", "Residents 75+ who often feel lonely"))
	m, err := c.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{
		IndicatorId: ind.GetId(), Measurement: &hcnetv1.Measurement{Date: "2025-06-30", Value: 16.2},
	})
	if err != nil {
		t.Fatal(err)
	}
	ind = m.GetIndicator()
	practice := createPractice(t, c, nodetest.Practice("Walking groups for older residents"))
	success := createSuccess(t, c, nodetest.Success("Fewer lonely seniors", ps.GetId()))
	endorsement := createEndorsement(t, c, nodetest.Endorsement("01JD8Z6Q2V3K5M7N9P1R3T5W7X"))
	edit := clone(ps)
	edit.Status = hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_PAUSED
	up, err := c.UpdatePartnership(ctx, &hcnetv1.UpdatePartnershipRequest{Partnership: edit, UpdateMask: mask("status")})
	if err != nil {
		t.Fatal(err)
	}
	ps = up.GetPartnership()
	gone := createPartner(t, c, nodetest.Partner("Nedlagd förening"))
	if _, err := c.DeletePartner(ctx, &hcnetv1.DeletePartnerRequest{Id: gone.GetId()}); err != nil {
		t.Fatal(err)
	}
	cityUp, err := c.UpdateCity(ctx, &hcnetv1.UpdateCityRequest{City: &hcnetv1.City{Population: 362133}, UpdateMask: mask("population")})
	if err != nil {
		t.Fatal(err)
	}

	n.Stop(t)
	n2 := nodetest.Restart(t, n.Dir)
	c2 := n2.Client(t)

	gotCity, err := c2.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "city", gotCity.GetCity(), cityUp.GetCity())

	for _, tc := range []struct {
		title string
		get   func() (rec, error)
		want  rec
	}{
		{"partner", func() (rec, error) {
			r, err := c2.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: partner.GetPartner().GetId()})
			return r.GetPartner(), err
		}, partner.GetPartner()},
		{"partnership at version 2", func() (rec, error) {
			r, err := c2.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: ps.GetId()})
			return r.GetPartnership(), err
		}, ps},
		{"plan", func() (rec, error) {
			r, err := c2.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: plan.GetId()})
			return r.GetHealthPlan(), err
		}, plan},
		{"indicator with its measurement", func() (rec, error) {
			r, err := c2.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: ind.GetId()})
			return r.GetIndicator(), err
		}, ind},
		{"practice", func() (rec, error) {
			r, err := c2.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: practice.GetId()})
			return r.GetPractice(), err
		}, practice},
		{"success", func() (rec, error) {
			r, err := c2.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: success.GetId()})
			return r.GetSuccess(), err
		}, success},
		{"endorsement", func() (rec, error) {
			r, err := c2.GetEndorsement(ctx, &hcnetv1.GetEndorsementRequest{Id: endorsement.GetId()})
			return r.GetEndorsement(), err
		}, endorsement},
	} {
		t.Run(tc.title, func(t *testing.T) {
			got, err := tc.get()
			if err != nil {
				t.Fatalf("get after restart: %v", err)
			}
			wantSame(t, tc.title+" after restart", got, tc.want)
		})
	}
	if ps.GetVersion() != 2 || ind.GetVersion() != 2 || gotCity.GetCity().GetVersion() != 2 {
		t.Errorf("versions before restart: partnership %d, indicator %d, city %d; want 2 each", ps.GetVersion(), ind.GetVersion(), gotCity.GetCity().GetVersion())
	}

	_, err = c2.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: gone.GetId()})
	wantCode(t, err, codes.NotFound)

	// Indexes survive too: filters and text search still find records,
	// and references still protect what they name.
	paused, err := c2.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{Filter: &hcnetv1.RecordFilter{Status: "paused", Query: "loneli"}})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "paused partnerships after restart", ids(paused.GetPartnerships()), ps.GetId())
	_, err = c2.DeletePartnership(ctx, &hcnetv1.DeletePartnershipRequest{Id: ps.GetId()})
	wantCode(t, err, codes.FailedPrecondition)

	// The restarted node keeps counting versions from where it was.
	edit = clone(ps)
	edit.Status = hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE
	up, err = c2.UpdatePartnership(ctx, &hcnetv1.UpdatePartnershipRequest{Partnership: edit, UpdateMask: mask("status")})
	if err != nil {
		t.Fatal(err)
	}
	wantNext(t, ps, up.GetPartnership())
}

// TestStopThenCleanup: a test that stops its node itself ends cleanly; the
// harness does not shut the node down a second time.
func TestStopThenCleanup(t *testing.T) {
	n := nodetest.Start(t)
	if _, err := n.Client(t).GetCity(callCtx(t), &hcnetv1.GetCityRequest{}); err != nil {
		t.Fatal(err)
	}
	n.Stop(t)
}
