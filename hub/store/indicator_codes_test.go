package store

import (
	"context"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestCompareIndicatorsByCode: the indicators with a code are found by it,
// from every city that shares one, and the codes list counts the cities
// reporting each; both read the code terms by record_terms' primary key,
// never by scanning the records.
func TestCompareIndicatorsByCode(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	indicator := func(name, code string) *hcnetv1.SharedRecord {
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Indicator{Indicator: &hcnetv1.Indicator{
			Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK, Name: name, Unit: "%", Code: code}}}
	}
	f.put("se/malmo", "indicator", "01J00000000000000000000001", indicator("Loneliness", "kolada:N00945"))
	f.put("se/lund", "indicator", "01J00000000000000000000002", indicator("Ensamhet", "kolada:N00945"))
	f.put("dk/aarhus", "indicator", "01J00000000000000000000003", indicator("Ensomhed", "kolada:N00945"))
	f.put("se/malmo", "indicator", "01J00000000000000000000004", indicator("Only Malmö", "kolada:U00001"))
	f.put("se/lund", "indicator", "01J00000000000000000000005", indicator("No code", ""))

	res, err := f.store.CompareIndicators(ctx, &hcnetv1.CompareIndicatorsRequest{Code: "kolada:N00945"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.GetRecords() {
		got = append(got, r.GetCountry()+"/"+r.GetCityId()+":"+r.GetRecord().GetIndicator().GetName())
	}
	if strings.Join(got, " ") != "dk/aarhus:Ensomhed se/lund:Ensamhet se/malmo:Loneliness" || res.GetTruncated() {
		t.Fatalf("compared %q (truncated %v)", got, res.GetTruncated())
	}
	if _, err := f.store.CompareIndicators(ctx, &hcnetv1.CompareIndicatorsRequest{Code: "N00945"}); err == nil || !strings.Contains(err.Error(), "code") {
		t.Fatalf("a code without a scheme: %v", err)
	}

	codes, err := f.store.ListIndicatorCodes(ctx, &hcnetv1.ListIndicatorCodesRequest{MinCities: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(codes.GetCodes()) != 1 || codes.GetCodes()[0].GetCode() != "kolada:N00945" || codes.GetCodes()[0].GetCities() != 3 {
		t.Fatalf("codes by two or more cities: %v", codes.GetCodes())
	}
	all, err := f.store.ListIndicatorCodes(ctx, &hcnetv1.ListIndicatorCodesRequest{})
	if err != nil || len(all.GetCodes()) != 2 || all.GetCodes()[1].GetCode() != "kolada:U00001" {
		t.Fatalf("every code: %v, %v", all.GetCodes(), err)
	}

	for _, q := range []struct {
		sql  string
		args []any
	}{
		{sqlCompareIndicators, []any{"code", "kolada:N00945", "indicator", 1001}},
		{sqlIndicatorCodes, []any{"code", "indicator", 2, 1000}},
	} {
		rows, err := f.store.db.Read.Query("EXPLAIN QUERY PLAN "+q.sql, q.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, " | ")
		if !strings.Contains(joined, "SEARCH t USING PRIMARY KEY (facet=?") || strings.Contains(joined, "SCAN r") || strings.Contains(joined, "SCAN t") {
			t.Errorf("plan of %.40q…: %s", q.sql, joined)
		}
	}
}
