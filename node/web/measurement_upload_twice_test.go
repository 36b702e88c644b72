package web

import (
	"context"
	"net/http"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestUploadMeasurementTwice: a file with two rows for one indicator,
// date and series names the second row's line, saves nothing and is not
// offered for confirmation; a row for a value the node already has
// replaces it, as the upload page says, after the preview says so.
func TestUploadMeasurementTwice(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ind := s.indicatorNamed(t, "Daily smokers")
	ctx := context.Background()
	if _, err := s.api.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(),
		Measurement: &hcnetv1.Measurement{Date: "2025-03-01", Value: 33.2}}); err != nil {
		t.Fatal(err)
	}
	stored := func() *hcnetv1.Indicator {
		t.Helper()
		res, err := s.api.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: ind.GetId()})
		if err != nil {
			t.Fatal(err)
		}
		return res.GetIndicator()
	}
	before := stored()

	code, page := s.upload(t, "measurements", token, "scb.csv", "indicator;date;value;district;group\n"+
		"Daily smokers;2025-03-01;40;Rosengård;\n"+
		"Daily smokers;2025-03-01;41;Rosengård;\n")
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("two rows for one series: %d\n%s", code, page)
	}
	mustContain(t, page, "Nothing was saved.",
		`<td class="num" data-label="Line">3</td><td data-label="Column"><code>date</code></td><td data-label="Problem">line 2 has a value of this indicator for the same date and district &#34;Rosengård&#34;; keep one`)
	if uploadTokenRe.MatchString(page) {
		t.Fatal("a file with two rows for one series is offered for confirmation")
	}
	if got := stored(); got.GetVersion() != before.GetVersion() {
		t.Fatalf("the refused file wrote the indicator: version %d → %d", before.GetVersion(), got.GetVersion())
	}

	code, page = s.upload(t, "measurements", token, "scb.csv", "indicator;date;value;district;group\nDaily smokers;2025-03-01;31,9;;\n")
	if code != http.StatusOK {
		t.Fatalf("a corrected value: %d\n%s", code, page)
	}
	mustContain(t, page, "0 will be added, 1 will replace what this node has")
	if code, body, _ := s.confirm(t, "measurements", token, page); code != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", code, body)
	}
	if ms := stored().GetMeasurements(); len(ms) != 1 || ms[0].GetValue() != 31.9 {
		t.Fatalf("after the upload: %v; want the one value 31.9", ms)
	}
}
