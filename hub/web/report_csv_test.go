package web

import (
	"context"
	"encoding/csv"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// TestReportCSVNeutralisesFormulas: a member's name is what the city
// typed; the coordinator opens the report in a spreadsheet, where a name
// starting with "=" would run as a formula.
func TestReportCSVNeutralisesFormulas(t *testing.T) {
	const name = `=HYPERLINK("http://example.com/x","open")`
	h := hubtest.Start(t)
	n := nodetest.StartWith(t, nodetest.Options{CityID: "evil", Name: name, Country: "se"})
	member(t, h, n)
	conn, err := grpc.NewClient(h.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	web, err := New(hcnetv1.NewHubServiceClient(conn), Options{Log: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/report.csv", nil)
	rr := httptest.NewRecorder()
	web.ServeHTTP(rr, req)
	if rr.Code != http.StatusOK {
		t.Fatalf("report.csv: %d %s", rr.Code, rr.Body)
	}
	rows, err := csv.NewReader(strings.NewReader(rr.Body.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("csv rows: %v", rows)
	}
	got := map[string]string{}
	for i, h := range rows[0] {
		got[h] = rows[1][i]
	}
	if got["name"] != "'"+name {
		t.Errorf("name cell = %q, want the name after an apostrophe", got["name"])
	}
	if got["city_id"] != "evil" || got["records"] == "" {
		t.Errorf("row = %v", got)
	}
}
