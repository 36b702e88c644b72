package node_test

import (
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
)

func TestGetCityReturnsWhatInitSet(t *testing.T) {
	n := nodetest.StartWith(t, nodetest.Options{CityID: "goteborg", Name: "Göteborg", Country: "SE"})
	r, err := n.Client(t).GetCity(callCtx(t), &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	c := r.GetCity()
	if c.GetId() != "goteborg" || c.GetName() != "Göteborg" || c.GetCountry() != "se" {
		t.Errorf("city id %q name %q country %q; want goteborg, Göteborg, se", c.GetId(), c.GetName(), c.GetCountry())
	}
	if c.GetVersion() != 1 || c.GetCreateTime() == nil || c.GetUpdateTime() == nil {
		t.Errorf("city version %d, create %v, update %v; want version 1 with both times", c.GetVersion(), c.GetCreateTime(), c.GetUpdateTime())
	}
	if c.GetVisibility() != hcnetv1.Visibility_VISIBILITY_NETWORK {
		t.Errorf("visibility %v; want network", c.GetVisibility())
	}
}

func TestUpdateCityWithMask(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)
	before, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.UpdateCity(ctx, &hcnetv1.UpdateCityRequest{
		City:       &hcnetv1.City{Name: "Malmö stad", Population: 362133, Region: "Skåne (ignored: not in mask)", Version: 1},
		UpdateMask: mask("name", "population"),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := r.GetCity()
	wantNext(t, before.GetCity(), got)
	if got.GetName() != "Malmö stad" || got.GetPopulation() != 362133 {
		t.Errorf("name %q population %d; want Malmö stad, 362133", got.GetName(), got.GetPopulation())
	}
	if got.GetRegion() != "" || got.GetId() != "malmo" || got.GetCountry() != "se" {
		t.Errorf("fields outside the mask changed: region %q id %q country %q", got.GetRegion(), got.GetId(), got.GetCountry())
	}
	again, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "city after update", again.GetCity(), got)
}

func TestUpdateCityRejects(t *testing.T) {
	for _, tc := range []struct {
		title  string
		req    *hcnetv1.UpdateCityRequest
		code   codes.Code
		fields []string
	}{
		{
			title:  "another id",
			req:    &hcnetv1.UpdateCityRequest{City: &hcnetv1.City{Id: "lund", Name: "Lund"}, UpdateMask: mask("name")},
			code:   codes.InvalidArgument,
			fields: []string{"city.id"},
		},
		{
			title:  "another country through the mask",
			req:    &hcnetv1.UpdateCityRequest{City: &hcnetv1.City{Country: "dk"}, UpdateMask: mask("country")},
			code:   codes.InvalidArgument,
			fields: []string{"city.country"},
		},
		{
			title: "another country in a full replace",
			req: &hcnetv1.UpdateCityRequest{City: &hcnetv1.City{
				Name: "Malmö", Country: "dk", Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK,
			}},
			code:   codes.InvalidArgument,
			fields: []string{"city.country"},
		},
		{
			title:  "negative population",
			req:    &hcnetv1.UpdateCityRequest{City: &hcnetv1.City{Population: -5}, UpdateMask: mask("population")},
			code:   codes.InvalidArgument,
			fields: []string{"city.population"},
		},
		{
			title:  "unknown mask path",
			req:    &hcnetv1.UpdateCityRequest{City: &hcnetv1.City{Name: "Malmö"}, UpdateMask: mask("mayor")},
			code:   codes.InvalidArgument,
			fields: []string{"update_mask"},
		},
		{
			title:  "no city",
			req:    &hcnetv1.UpdateCityRequest{},
			code:   codes.InvalidArgument,
			fields: []string{"city"},
		},
		{
			title: "stale version",
			req:   &hcnetv1.UpdateCityRequest{City: &hcnetv1.City{Name: "Malmö", Version: 7}, UpdateMask: mask("name")},
			code:  codes.Aborted,
		},
	} {
		t.Run(tc.title, func(t *testing.T) {
			t.Parallel()
			c := nodetest.Start(t).Client(t)
			ctx := callCtx(t)
			_, err := c.UpdateCity(ctx, tc.req)
			if tc.code == codes.InvalidArgument {
				wantBadFields(t, err, tc.fields...)
			} else {
				wantCode(t, err, tc.code)
			}
			r, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.GetCity(); got.GetVersion() != 1 || got.GetId() != "malmo" || got.GetCountry() != "se" {
				t.Errorf("a refused update changed the city: %v", got)
			}
		})
	}
}
