package csvio

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

const (
	idLonely = "01JLLLLLLLLLLLLLLLLLLLLLLL"
	idWalk   = "01JWWWWWWWWWWWWWWWWWWWWWWW"
	idTwin1  = "01JT1111111111111111111111"
	idTwin2  = "01JT2222222222222222222222"
)

func testIndicators() *Directory {
	return NewIndicatorDirectory([]*hcnetv1.Indicator{
		{Id: idLonely, Name: "Loneliness 75+"}, {Id: idWalk, Name: "=Children walking"},
		{Id: idTwin1, Name: "Obesity"}, {Id: idTwin2, Name: "Obesity"},
	})
}

func measured(ind, date string, v float64, kind hcnetv1.BreakdownKind, label, source, note string) *hcnetv1.IndicatorMeasurement {
	m := &hcnetv1.Measurement{Date: date, Value: v, Source: source, Note: note}
	if label != "" {
		m.Breakdown = &hcnetv1.Breakdown{Kind: kind, Label: label}
	}
	return &hcnetv1.IndicatorMeasurement{IndicatorId: ind, Measurement: m}
}

// TestMeasurementsRoundTrip: a sheet written reads back to the same rows,
// as written and as a Swedish spreadsheet saves it (semicolons, decimal
// commas); indicators sharing a name are written by id, formula-like
// names are escaped.
func TestMeasurementsRoundTrip(t *testing.T) {
	dir := testIndicators()
	in := []*hcnetv1.IndicatorMeasurement{
		measured(idLonely, "2024-12-31", 17.9, 0, "", "SCB", ""),
		measured(idLonely, "2024-12-31", 24.5, hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, "Rosengård", "SCB", "-provisional"),
		measured(idWalk, "2024-06-30", -0.5, hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP, "girls, 10-12", "school survey", "a note,\non two lines"),
		measured(idTwin2, "2023-12-31", 1234.25, 0, "", "", ""),
	}
	var out bytes.Buffer
	if err := WriteMeasurements(&out, in, dir); err != nil {
		t.Fatal(err)
	}
	spreadsheetSafe(t, out.String())
	for _, want := range []string{"indicator,date,value,district,group,source,note\n", "Loneliness 75+,2024-12-31,24.5,Rosengård,,SCB,'-provisional", "'=Children walking", idTwin2 + ",2023-12-31,1234.25"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("sheet lacks %q:\n%s", want, out.String())
		}
	}
	for _, sheet := range []string{out.String(), asExcel(t, out.String())} {
		got, lines, err := ReadMeasurements(strings.NewReader(sheet), "m.csv", dir)
		if err != nil {
			t.Fatalf("reading back: %v\n%s", err, sheet)
		}
		assertRecords(t, got, in)
		assertInts(t, lines, []int{2, 3, 4, 6})
	}
}

// TestMeasurementsSwedishNumbers: a statistics office's semicolon file
// with decimal commas and spaces between thousands.
func TestMeasurementsSwedishNumbers(t *testing.T) {
	in := "Indikator;date;value\n"
	if _, _, err := ReadMeasurements(strings.NewReader(in), "m.csv", testIndicators()); err == nil || !strings.Contains(err.Error(), `m.csv:1: Indikator: unknown column`) {
		t.Fatalf("a misspelt column: %v", err)
	}
	got, _, err := ReadMeasurements(strings.NewReader("indicator;date;value;district\nLoneliness 75+;2024-12-31;\"1 234,5\";Rosengård\n"), "m.csv", testIndicators())
	if err != nil {
		t.Fatal(err)
	}
	assertRecords(t, got, []*hcnetv1.IndicatorMeasurement{measured(idLonely, "2024-12-31", 1234.5, hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, "Rosengård", "", "")})
}

// TestMeasurementsEveryProblem: every bad row and cell is reported at
// once, at its line and column.
func TestMeasurementsEveryProblem(t *testing.T) {
	in := "indicator,date,value,district,group\n" +
		"Loneliness 75+,2024-12-31,17.9,,\n" +
		"Unknown thing,2024-12-31,1,,\n" +
		"Obesity,2024-12-31,1,,\n" +
		"Loneliness 75+,2025-12-31,twelve,,\n" +
		"Loneliness 75+,2024-12-31,3,Rosengård,women\n" +
		",2024-12-31,3,,\n" +
		"loneliness 75+,2024-12-31,18,,\n"
	_, _, err := ReadMeasurements(strings.NewReader(in), "m.csv", testIndicators())
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("want Problems, got %v", err)
	}
	want := []string{
		`m.csv:3: indicator: unknown indicator "Unknown thing"`,
		`m.csv:4: indicator: indicator "Obesity" is the name of 2 indicators`,
		`m.csv:5: value: "twelve" is not a number`,
		`m.csv:6: group: a value is for a district or a group, not both`,
		`m.csv:7: indicator: is required`,
		`m.csv:8: date: line 2 has a value of this indicator for the same date and the whole city`,
	}
	if len(ps) != len(want) {
		t.Fatalf("%d problems, want %d:\n%s", len(ps), len(want), ps)
	}
	for i, w := range want {
		if !strings.HasPrefix(ps[i].String(), w) {
			t.Errorf("problem %d is %q, want it to start %q", i, ps[i], w)
		}
	}
}

func TestMeasurementViolations(t *testing.T) {
	rows := []*hcnetv1.IndicatorMeasurement{
		measured(idLonely, "2024-12-31", 1, 0, "", "", ""),
		measured(idLonely, "2024-12-31", 1, hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP, "x", "", ""),
	}
	got := MeasurementViolations("m.csv", []int{2, 5}, rows, []Violation{
		{Field: "measurements[0].measurement.date", Description: "bad date"},
		{Field: "measurements[1].measurement.breakdown.label", Description: "too long"},
		{Field: "measurements[1].indicator_id", Description: "no indicator"},
	})
	want := []string{"m.csv:2: date: bad date", "m.csv:5: group: too long", "m.csv:5: indicator: no indicator"}
	for i, w := range want {
		if got[i].String() != w {
			t.Errorf("problem %d is %q, want %q", i, got[i], w)
		}
	}
}
