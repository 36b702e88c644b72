package sample_test

import (
	"context"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/sample"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestLoad loads every sample city into a node of its own and counts what
// the node lists, kind by kind.
func TestLoad(t *testing.T) {
	for _, city := range sample.Cities {
		t.Run(city.ID, func(t *testing.T) {
			t.Parallel()
			c := nodetest.StartWith(t, nodetest.Options{CityID: city.ID, Name: city.Name, Country: city.Country}).Client(t)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()

			sum, err := sample.Load(ctx, c, city)
			if err != nil {
				t.Fatal(err)
			}
			all := &hcnetv1.RecordFilter{}
			count := func(kind string, got int32, err error, want int) {
				t.Helper()
				if err != nil {
					t.Fatalf("list %s: %v", kind, err)
				}
				if int(got) != want {
					t.Errorf("%s: node lists %d, Load created %d", kind, got, want)
				}
			}
			pa, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: 1000, Filter: all})
			count("partners", pa.GetTotalSize(), err, len(sum.Partners))
			ps, err := c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{PageSize: 1000, Filter: all})
			count("partnerships", ps.GetTotalSize(), err, len(sum.Partnerships))
			hp, err := c.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{PageSize: 1000, Filter: all})
			count("health plans", hp.GetTotalSize(), err, 1)
			in, err := c.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{PageSize: 1000, PlanId: sum.Plan})
			count("indicators", in.GetTotalSize(), err, len(sum.Indicators))
			pr, err := c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{PageSize: 1000, Filter: all})
			count("practices", pr.GetTotalSize(), err, len(sum.Practices))
			su, err := c.ListSuccesses(ctx, &hcnetv1.ListSuccessesRequest{PageSize: 1000, Filter: all})
			count("successes", su.GetTotalSize(), err, 1)
			en, err := c.ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{PageSize: 1000, Filter: all})
			count("endorsements", en.GetTotalSize(), err, 1)

			if len(sum.Partners) < 8 || len(sum.Partnerships) < 4 || len(sum.Practices) < 3 || len(sum.Indicators) < 3 {
				t.Errorf("summary too small: %+v", sum)
			}
			measured := 0
			for _, ind := range in.GetIndicators() {
				measured += len(ind.GetMeasurements())
			}
			if measured != sum.Measurements {
				t.Errorf("indicators hold %d measurements, Load recorded %d", measured, sum.Measurements)
			}

			// Visibility is the city's choice and survives the trip: the
			// walking groups and the city's two other topics are public,
			// the health guides network only.
			pub, err := c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{
				Filter: &hcnetv1.RecordFilter{Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC},
			})
			count("public practices", pub.GetTotalSize(), err, 3)
			priv, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{
				Filter: &hcnetv1.RecordFilter{Visibility: hcnetv1.Visibility_VISIBILITY_PRIVATE},
			})
			count("private partners", priv.GetTotalSize(), err, 3)

			// The plan keeps the partnership ids Load threaded through.
			got, err := c.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: sum.Plan})
			if err != nil {
				t.Fatal(err)
			}
			known := map[string]bool{}
			for _, id := range sum.Partnerships {
				known[id] = true
			}
			for _, a := range got.GetHealthPlan().GetActions() {
				if id := a.GetPartnershipId(); id != "" && !known[id] {
					t.Errorf("action %s refers to partnership %s, which Load did not create", a.GetId(), id)
				}
			}
			prof, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
			if err != nil {
				t.Fatal(err)
			}
			if prof.GetCity().GetCoordinator().GetName() == "" || prof.GetCity().GetPopulation() == 0 {
				t.Errorf("city profile not filled in: %v", prof.GetCity())
			}
			if ref := sum.Success; ref.GetCityId() != prof.GetCity().GetId() || ref.GetCountry() != prof.GetCity().GetCountry() {
				t.Errorf("success ref %v does not name the node's city", ref)
			}
		})
	}
}
