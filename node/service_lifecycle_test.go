package node_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

func mask(paths ...string) *fieldmaskpb.FieldMask { return &fieldmaskpb.FieldMask{Paths: paths} }

// clone copies a record so an update request does not alias a response.
func clone[M proto.Message](m M) M { return proto.Clone(m).(M) }

// TestRecordLifecycle walks every record kind through Create, Get, List,
// two Updates and Delete over the node's gRPC listener.
func TestRecordLifecycle(t *testing.T) {
	type client = hcnetv1.CityServiceClient
	for _, tc := range []struct {
		title  string
		create func(t *testing.T, c client) rec
		get    func(ctx context.Context, c client, id string) (rec, error)
		list   func(ctx context.Context, c client) ([]string, int32, error)
		// update changes one text field to a value derived from n,
		// sending cur's version; changed reads that field back.
		update  func(ctx context.Context, c client, cur rec, n int) (rec, error)
		changed func(r rec) string
		del     func(ctx context.Context, c client, id string, version int64) error
	}{
		{
			title: "partner",
			create: func(t *testing.T, c client) rec {
				return createPartner(t, c, nodetest.Partner("Malmö stad, Fritidsförvaltningen"))
			},
			get: func(ctx context.Context, c client, id string) (rec, error) {
				r, err := c.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: id})
				return r.GetPartner(), err
			},
			list: func(ctx context.Context, c client) ([]string, int32, error) {
				r, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{})
				return ids(r.GetPartners()), r.GetTotalSize(), err
			},
			update: func(ctx context.Context, c client, cur rec, n int) (rec, error) {
				m := clone(cur.(*hcnetv1.Partner))
				m.Description = fmt.Sprintf("Runs sports clubs for all ages (revision %d).", n)
				r, err := c.UpdatePartner(ctx, &hcnetv1.UpdatePartnerRequest{Partner: m, UpdateMask: mask("description")})
				return r.GetPartner(), err
			},
			changed: func(r rec) string { return r.(*hcnetv1.Partner).GetDescription() },
			del: func(ctx context.Context, c client, id string, v int64) error {
				_, err := c.DeletePartner(ctx, &hcnetv1.DeletePartnerRequest{Id: id, Version: v})
				return err
			},
		},
		{
			title: "partnership",
			create: func(t *testing.T, c client) rec {
				lead := createPartner(t, c, nodetest.Partner("Malmö stad, Hälsa- vård- och omsorgsförvaltningen"))
				ngo := nodetest.Partner("Röda Korset Malmö")
				ngo.Kind = hcnetv1.PartnerKind_PARTNER_KIND_NGO
				ngo.Sector = hcnetv1.Sector_SECTOR_SOCIAL_SERVICES
				second := createPartner(t, c, ngo)
				return createPartnership(t, c, nodetest.Partnership("Promenader mot ensamhet", lead.GetId(), second.GetId()))
			},
			get: func(ctx context.Context, c client, id string) (rec, error) {
				r, err := c.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
				return r.GetPartnership(), err
			},
			list: func(ctx context.Context, c client) ([]string, int32, error) {
				r, err := c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{})
				return ids(r.GetPartnerships()), r.GetTotalSize(), err
			},
			update: func(ctx context.Context, c client, cur rec, n int) (rec, error) {
				m := clone(cur.(*hcnetv1.Partnership))
				m.HotLocalIssue = fmt.Sprintf("Loneliness after the pandemic (review %d)", n)
				r, err := c.UpdatePartnership(ctx, &hcnetv1.UpdatePartnershipRequest{Partnership: m, UpdateMask: mask("hot_local_issue")})
				return r.GetPartnership(), err
			},
			changed: func(r rec) string { return r.(*hcnetv1.Partnership).GetHotLocalIssue() },
			del: func(ctx context.Context, c client, id string, v int64) error {
				_, err := c.DeletePartnership(ctx, &hcnetv1.DeletePartnershipRequest{Id: id, Version: v})
				return err
			},
		},
		{
			title: "health plan",
			create: func(t *testing.T, c client) rec {
				return createPlan(t, c, nodetest.HealthPlan("Malmö stads folkhälsoplan 2024–2030"))
			},
			get: func(ctx context.Context, c client, id string) (rec, error) {
				r, err := c.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: id})
				return r.GetHealthPlan(), err
			},
			list: func(ctx context.Context, c client) ([]string, int32, error) {
				r, err := c.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{})
				return ids(r.GetHealthPlans()), r.GetTotalSize(), err
			},
			update: func(ctx context.Context, c client, cur rec, n int) (rec, error) {
				m := clone(cur.(*hcnetv1.HealthPlan))
				m.Adoption.Reference = fmt.Sprintf("KS-2024-%04d", n)
				r, err := c.UpdateHealthPlan(ctx, &hcnetv1.UpdateHealthPlanRequest{HealthPlan: m, UpdateMask: mask("adoption.reference")})
				return r.GetHealthPlan(), err
			},
			changed: func(r rec) string { return r.(*hcnetv1.HealthPlan).GetAdoption().GetReference() },
			del: func(ctx context.Context, c client, id string, v int64) error {
				_, err := c.DeleteHealthPlan(ctx, &hcnetv1.DeleteHealthPlanRequest{Id: id, Version: v})
				return err
			},
		},
		{
			title: "indicator",
			create: func(t *testing.T, c client) rec {
				plan := createPlan(t, c, nodetest.HealthPlan("Malmö stads folkhälsoplan 2024–2030"))
				return createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g1", "Residents 75+ who often feel lonely"))
			},
			get: func(ctx context.Context, c client, id string) (rec, error) {
				r, err := c.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id})
				return r.GetIndicator(), err
			},
			list: func(ctx context.Context, c client) ([]string, int32, error) {
				r, err := c.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{})
				return ids(r.GetIndicators()), r.GetTotalSize(), err
			},
			update: func(ctx context.Context, c client, cur rec, n int) (rec, error) {
				m := clone(cur.(*hcnetv1.Indicator))
				m.Unit = fmt.Sprintf("per %d residents", 1000*n)
				r, err := c.UpdateIndicator(ctx, &hcnetv1.UpdateIndicatorRequest{Indicator: m, UpdateMask: mask("unit")})
				return r.GetIndicator(), err
			},
			changed: func(r rec) string { return r.(*hcnetv1.Indicator).GetUnit() },
			del: func(ctx context.Context, c client, id string, v int64) error {
				_, err := c.DeleteIndicator(ctx, &hcnetv1.DeleteIndicatorRequest{Id: id, Version: v})
				return err
			},
		},
		{
			title: "practice",
			create: func(t *testing.T, c client) rec {
				return createPractice(t, c, nodetest.Practice("Walking groups for older residents"))
			},
			get: func(ctx context.Context, c client, id string) (rec, error) {
				r, err := c.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
				return r.GetPractice(), err
			},
			list: func(ctx context.Context, c client) ([]string, int32, error) {
				r, err := c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{})
				return ids(r.GetPractices()), r.GetTotalSize(), err
			},
			update: func(ctx context.Context, c client, cur rec, n int) (rec, error) {
				m := clone(cur.(*hcnetv1.Practice))
				m.LessonsLearnt = fmt.Sprintf("Start in one district; lesson %d: ask the library early.", n)
				r, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: m, UpdateMask: mask("lessons_learnt")})
				return r.GetPractice(), err
			},
			changed: func(r rec) string { return r.(*hcnetv1.Practice).GetLessonsLearnt() },
			del: func(ctx context.Context, c client, id string, v int64) error {
				_, err := c.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: id, Version: v})
				return err
			},
		},
		{
			title: "success",
			create: func(t *testing.T, c client) rec {
				ps, _ := seedPlan(t, c)
				return createSuccess(t, c, nodetest.Success("Fewer lonely seniors in Rosengård", ps.GetId()))
			},
			get: func(ctx context.Context, c client, id string) (rec, error) {
				r, err := c.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: id})
				return r.GetSuccess(), err
			},
			list: func(ctx context.Context, c client) ([]string, int32, error) {
				r, err := c.ListSuccesses(ctx, &hcnetv1.ListSuccessesRequest{})
				return ids(r.GetSuccesses()), r.GetTotalSize(), err
			},
			update: func(ctx context.Context, c client, cur rec, n int) (rec, error) {
				m := clone(cur.(*hcnetv1.Success))
				m.Outcome = fmt.Sprintf("Loneliness fell from 31%% to %d%%.", 20-n)
				r, err := c.UpdateSuccess(ctx, &hcnetv1.UpdateSuccessRequest{Success: m, UpdateMask: mask("outcome")})
				return r.GetSuccess(), err
			},
			changed: func(r rec) string { return r.(*hcnetv1.Success).GetOutcome() },
			del: func(ctx context.Context, c client, id string, v int64) error {
				_, err := c.DeleteSuccess(ctx, &hcnetv1.DeleteSuccessRequest{Id: id, Version: v})
				return err
			},
		},
		{
			title: "endorsement",
			create: func(t *testing.T, c client) rec {
				return createEndorsement(t, c, nodetest.Endorsement("01JD8Z6Q2V3K5M7N9P1R3T5W7X"))
			},
			get: func(ctx context.Context, c client, id string) (rec, error) {
				r, err := c.GetEndorsement(ctx, &hcnetv1.GetEndorsementRequest{Id: id})
				return r.GetEndorsement(), err
			},
			list: func(ctx context.Context, c client) ([]string, int32, error) {
				r, err := c.ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{})
				return ids(r.GetEndorsements()), r.GetTotalSize(), err
			},
			update: func(ctx context.Context, c client, cur rec, n int) (rec, error) {
				m := clone(cur.(*hcnetv1.Endorsement))
				m.Statement = fmt.Sprintf("Malmö confirms the shared result (statement %d).", n)
				r, err := c.UpdateEndorsement(ctx, &hcnetv1.UpdateEndorsementRequest{Endorsement: m, UpdateMask: mask("statement")})
				return r.GetEndorsement(), err
			},
			changed: func(r rec) string { return r.(*hcnetv1.Endorsement).GetStatement() },
			del: func(ctx context.Context, c client, id string, v int64) error {
				_, err := c.DeleteEndorsement(ctx, &hcnetv1.DeleteEndorsementRequest{Id: id, Version: v})
				return err
			},
		},
	} {
		t.Run(tc.title, func(t *testing.T) {
			t.Parallel()
			c := nodetest.Start(t).Client(t)
			ctx := callCtx(t)

			created := tc.create(t, c)
			wantNew(t, created)
			before := tc.changed(created)

			got, err := tc.get(ctx, c, created.GetId())
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			wantSame(t, "get after create", got, created)

			listed, total, err := tc.list(ctx, c)
			if err != nil {
				t.Fatalf("list: %v", err)
			}
			if !slices.Contains(listed, created.GetId()) || int(total) != len(listed) {
				t.Errorf("list: ids %v, total %d; want them to hold %s and agree", listed, total, created.GetId())
			}

			cur := created
			for n := 1; n <= 2; n++ {
				next, err := tc.update(ctx, c, cur, n)
				if err != nil {
					t.Fatalf("update %d: %v", n, err)
				}
				wantNext(t, cur, next)
				if tc.changed(next) == tc.changed(cur) || tc.changed(next) == before {
					t.Errorf("update %d: field still %q", n, tc.changed(next))
				}
				got, err := tc.get(ctx, c, created.GetId())
				if err != nil {
					t.Fatalf("get after update %d: %v", n, err)
				}
				wantSame(t, fmt.Sprintf("get after update %d", n), got, next)
				cur = next
			}
			if cur.GetVersion() != 3 {
				t.Errorf("after two updates version %d; want 3", cur.GetVersion())
			}

			if err := tc.del(ctx, c, created.GetId(), cur.GetVersion()); err != nil {
				t.Fatalf("delete: %v", err)
			}
			_, err = tc.get(ctx, c, created.GetId())
			wantCode(t, err, codes.NotFound)
			listed, _, err = tc.list(ctx, c)
			if err != nil {
				t.Fatalf("list after delete: %v", err)
			}
			if slices.Contains(listed, created.GetId()) {
				t.Errorf("list after delete still holds %s", created.GetId())
			}
			wantCode(t, tc.del(ctx, c, created.GetId(), 0), codes.NotFound)
		})
	}
}
