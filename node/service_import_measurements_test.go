package node_test

import (
	"slices"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// importMeasurements sends the rows as one stream, one chunk each, with
// the key and validate_only given.
func importMeasurements(t *testing.T, c hcnetv1.CityServiceClient, key string, check bool, rows ...*hcnetv1.IndicatorMeasurement) (*hcnetv1.ImportMeasurementsResponse, error) {
	t.Helper()
	stream, err := c.ImportMeasurements(callCtx(t))
	if err != nil {
		t.Fatalf("open import stream: %v", err)
	}
	for i, r := range rows {
		req := &hcnetv1.ImportMeasurementsRequest{Measurements: []*hcnetv1.IndicatorMeasurement{r}, ImportKey: key, ValidateOnly: check}
		if err := stream.Send(req); err != nil {
			t.Fatalf("send row %d: %v", i, err)
		}
	}
	return stream.CloseAndRecv()
}

// value is a row; a zero kind and empty label are the whole city.
func value(indicator, date string, v float64, kind hcnetv1.BreakdownKind, label string) *hcnetv1.IndicatorMeasurement {
	m := &hcnetv1.Measurement{Date: date, Value: v, Source: "SCB"}
	if kind != 0 || label != "" {
		m.Breakdown = &hcnetv1.Breakdown{Kind: kind, Label: label}
	}
	return &hcnetv1.IndicatorMeasurement{IndicatorId: indicator, Measurement: m}
}

const (
	district = hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT
	group    = hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP
)

func getIndicator(t *testing.T, c hcnetv1.CityServiceClient, id string) *hcnetv1.Indicator {
	t.Helper()
	res, err := c.GetIndicator(callCtx(t), &hcnetv1.GetIndicatorRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	return res.GetIndicator()
}

// TestImportMeasurementsAllOrNothing: bad rows anywhere in the stream
// leave every indicator as it was, and the BadRequest names each bad
// row's field, counting rows across chunks.
func TestImportMeasurementsAllOrNothing(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	plan := createPlan(t, c, nodetest.HealthPlan("Plan 2030"))
	a := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g1", "Loneliness 75+"))
	b := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g2", "Children walking to school"))
	const unknown = "01JAAAAAAAAAAAAAAAAAAAAAAA"

	for _, check := range []bool{false, true} {
		_, err := importMeasurements(t, c, "", check,
			value(a.GetId(), "2024-12-31", 17.9, 0, ""),
			value(b.GetId(), "2024-13-01", 40, 0, ""),              // no such month
			value(unknown, "2024-12-31", 1, 0, ""),                 // no such indicator
			value(a.GetId(), "2024-12-31", 20.1, district, ""),     // a district without a name
			value(a.GetId(), "2024-12-31", 30, group, "women 75+"), // fine
			value(a.GetId(), "2024-12-31", 31, group, "women 75+"), // the same value twice
			value("not an id", "2024-12-31", 1, 0, ""),
		)
		wantBadFields(t, err,
			"measurements[1].measurement.date",
			"measurements[2].indicator_id",
			"measurements[3].measurement.breakdown.label",
			"measurements[5].measurement.date",
			"measurements[6].indicator_id",
		)
	}
	for _, ind := range []*hcnetv1.Indicator{a, b} {
		if got := getIndicator(t, c, ind.GetId()); got.GetVersion() != 1 || len(got.GetMeasurements()) != 0 {
			t.Fatalf("a refused import changed %s: version %d, %d measurements", ind.GetName(), got.GetVersion(), len(got.GetMeasurements()))
		}
	}
}

// TestImportMeasurements: values are added to their indicators in date
// order, each changed indicator gets one new version; a value for the
// same indicator, date and breakdown replaces the first, an equal one
// changes nothing; validate_only and a repeated key write nothing.
func TestImportMeasurements(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	plan := createPlan(t, c, nodetest.HealthPlan("Plan 2030"))
	a := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g1", "Loneliness 75+"))
	b := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g2", "Children walking to school"))

	rows := []*hcnetv1.IndicatorMeasurement{
		value(a.GetId(), "2025-12-31", 16.2, 0, ""),
		value(a.GetId(), "2024-12-31", 17.9, 0, ""),
		value(a.GetId(), "2024-12-31", 24.5, district, "Rosengård"),
		value(a.GetId(), "2024-12-31", 15.0, district, "Limhamn"),
		value(b.GetId(), "2024-06-30", 41, group, "girls"),
	}
	checked, err := importMeasurements(t, c, "", true, rows...)
	if err != nil {
		t.Fatal(err)
	}
	if checked.GetCreated() != 5 || checked.GetUpdated() != 0 || checked.GetReplayed() {
		t.Fatalf("validate_only answered %v; want 5 created", checked)
	}
	if got := getIndicator(t, c, a.GetId()); got.GetVersion() != 1 || len(got.GetMeasurements()) != 0 {
		t.Fatalf("validate_only wrote: version %d, %d measurements", got.GetVersion(), len(got.GetMeasurements()))
	}

	res, err := importMeasurements(t, c, "sha256:first", false, rows...)
	if err != nil {
		t.Fatal(err)
	}
	if res.GetCreated() != 5 || res.GetUpdated() != 0 || res.GetUnchanged() != 0 || res.GetReplayed() {
		t.Fatalf("import answered %v; want 5 created", res)
	}
	wantIDs(t, "row indicators", res.GetIds(), a.GetId(), a.GetId(), a.GetId(), a.GetId(), b.GetId())
	gotA := getIndicator(t, c, a.GetId())
	if gotA.GetVersion() != 2 {
		t.Fatalf("indicator a at version %d after one import; want 2", gotA.GetVersion())
	}
	var dates []string
	for _, m := range gotA.GetMeasurements() {
		dates = append(dates, m.GetDate())
	}
	if want := []string{"2024-12-31", "2024-12-31", "2024-12-31", "2025-12-31"}; !slices.Equal(dates, want) {
		t.Fatalf("dates %v; want %v, in date order", dates, want)
	}
	if got := getIndicator(t, c, b.GetId()); got.GetVersion() != 2 || !proto.Equal(got.GetMeasurements()[0], rows[4].GetMeasurement()) {
		t.Fatalf("indicator b: %v", got)
	}

	again, err := importMeasurements(t, c, "sha256:first", false, rows...)
	if err != nil {
		t.Fatal(err)
	}
	if !again.GetReplayed() || again.GetCreated() != 5 {
		t.Fatalf("the same key again answered %v; want the first import, replayed", again)
	}
	if got := getIndicator(t, c, a.GetId()); got.GetVersion() != 2 || len(got.GetMeasurements()) != 4 {
		t.Fatalf("a replayed import wrote: version %d, %d measurements", got.GetVersion(), len(got.GetMeasurements()))
	}

	// A corrected figure for Rosengård, the whole city's unchanged, and
	// a new group: one new version of a, none of b.
	res, err = importMeasurements(t, c, "", false,
		value(a.GetId(), "2024-12-31", 23.0, district, "Rosengård"),
		value(a.GetId(), "2024-12-31", 17.9, 0, ""),
		value(a.GetId(), "2024-12-31", 19.0, group, "men 75+"),
		value(b.GetId(), "2024-06-30", 41, group, "girls"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if res.GetCreated() != 1 || res.GetUpdated() != 1 || res.GetUnchanged() != 2 {
		t.Fatalf("second import answered %v; want 1 created, 1 updated, 2 unchanged", res)
	}
	gotA = getIndicator(t, c, a.GetId())
	if gotA.GetVersion() != 3 || len(gotA.GetMeasurements()) != 5 {
		t.Fatalf("indicator a: version %d with %d measurements; want 3 with 5", gotA.GetVersion(), len(gotA.GetMeasurements()))
	}
	for _, m := range gotA.GetMeasurements() {
		if m.GetBreakdown().GetLabel() == "Rosengård" && m.GetValue() != 23.0 {
			t.Fatalf("Rosengård's value is %v; the corrected 23 should have replaced it", m.GetValue())
		}
	}
	if got := getIndicator(t, c, b.GetId()); got.GetVersion() != 2 {
		t.Fatalf("indicator b went to version %d though its only row was unchanged", got.GetVersion())
	}
	hist, err := c.ListChanges(callCtx(t), &hcnetv1.ListChangesRequest{Kind: "indicator", Id: a.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	if ch := hist.GetChanges(); len(ch) != 3 || ch[0].GetAction() != hcnetv1.ChangeAction_CHANGE_ACTION_MEASUREMENT || ch[1].GetAction() != hcnetv1.ChangeAction_CHANGE_ACTION_MEASUREMENT {
		t.Fatalf("history of a: %v; want two measurement lines over the create", ch)
	}
}
