package node_test

import (
	"testing"

	"github.com/hcnet/hcnet/internal/actor"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// TestListChanges: the history names whoever the admin token's holder
// says acted, "admin token" when it names nobody, tells a measurement
// from an edit, and a caller without the token can neither write nor
// name anyone.
func TestListChanges(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	ctx := callCtx(t)

	_, plan := seedPlan(t, c) // no name sent: "admin token"
	ind := createIndicator(t, c, nodetest.Indicator(plan.GetId(), plan.GetGoals()[0].GetId(), "Loneliness 75+"))
	asAsa := actor.Outgoing(ctx, "Åsa Öberg")
	if _, err := c.RecordMeasurement(asAsa, &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(),
		Measurement: &hcnetv1.Measurement{Date: "2024-12-31", Value: 17.2}}); err != nil {
		t.Fatal(err)
	}

	// Forged: a name without the token is refused with the call.
	forged := hcnetv1.NewCityServiceClient(n.Conn(t, ""))
	_, err := forged.RecordMeasurement(actor.Outgoing(ctx, "Maria Lind"), &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(),
		Measurement: &hcnetv1.Measurement{Date: "2025-12-31", Value: 1}})
	wantCode(t, err, codes.Unauthenticated)
	_, err = forged.ListChanges(ctx, &hcnetv1.ListChangesRequest{Kind: "indicator", Id: ind.GetId()})
	wantCode(t, err, codes.Unauthenticated)

	res, err := c.ListChanges(ctx, &hcnetv1.ListChangesRequest{Kind: "indicator", Id: ind.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		version int64
		who     string
		action  hcnetv1.ChangeAction
	}
	var got []line
	for _, ch := range res.GetChanges() {
		got = append(got, line{ch.GetVersion(), ch.GetActor(), ch.GetAction()})
		if ch.GetKind() != "indicator" || ch.GetId() != ind.GetId() || !ch.GetTime().IsValid() || ch.GetTime().AsTime().IsZero() {
			t.Errorf("history line %+v: wrong record or no time", ch)
		}
	}
	want := []line{
		{2, "Åsa Öberg", hcnetv1.ChangeAction_CHANGE_ACTION_MEASUREMENT},
		{1, actor.Token, hcnetv1.ChangeAction_CHANGE_ACTION_CREATE},
	}
	if len(got) != len(want) {
		t.Fatalf("history %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("history line %d is %+v, want %+v", i, got[i], want[i])
		}
	}

	one, err := c.ListChanges(ctx, &hcnetv1.ListChangesRequest{Kind: "indicator", Id: ind.GetId(), PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(one.GetChanges()) != 1 || one.GetChanges()[0].GetVersion() != 2 {
		t.Errorf("page size 1 gave %v, want the newest line only", one.GetChanges())
	}

	_, err = c.ListChanges(ctx, &hcnetv1.ListChangesRequest{Kind: "gadget", Id: "x", PageSize: -1})
	wantBadFields(t, err, "id", "kind", "page_size")
}

// TestListChangesOfTheCity: the city profile's history is asked by the
// city's own id, which is not a ULID like every other record's.
func TestListChangesOfTheCity(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	ctx := callCtx(t)
	city, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateCity(actor.Outgoing(ctx, "ed"), &hcnetv1.UpdateCityRequest{City: &hcnetv1.City{Region: "Skåne"}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"region"}}}); err != nil {
		t.Fatal(err)
	}
	res, err := c.ListChanges(ctx, &hcnetv1.ListChangesRequest{Kind: "city", Id: city.GetCity().GetId()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.GetChanges()) == 0 || res.GetChanges()[0].GetActor() != "ed" || res.GetChanges()[0].GetVersion() != city.GetCity().GetVersion()+1 {
		t.Fatalf("the city's history: %v", res.GetChanges())
	}
	_, err = c.ListChanges(ctx, &hcnetv1.ListChangesRequest{Kind: "city", Id: "Not a city"})
	wantCode(t, err, codes.InvalidArgument)
}
